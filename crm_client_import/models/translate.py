from ..lib.errors import Term


def translate_message(env, message, params):
    """A message of ``lib`` in the user's language, with its marked params (the
    label of a key or a field) translated too."""
    params = {
        key: env._(value) if isinstance(value, Term) else value for key, value in params.items()
    }
    return env._(message, **params)
