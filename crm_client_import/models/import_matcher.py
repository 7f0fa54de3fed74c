"""Find the partners a batch of rows already has in the database, in bulk.

One query per key per batch, never one per row. Keys are tried in order and a
row stops at the first key that finds anything: one partner is a match, several
are ambiguous (the row is skipped, never guessed). Archived partners count, and
only partners of the importer's companies (or shared ones) are looked at.
"""

from odoo.tools import SQL

from ..lib.normalize import fold

# (value key in the planned values, column, how the stored value is compared)
ACCOUNT_KEYS = (
    ("ref", "ref", "code"),
    ("vat", "vat", "code"),
    ("company_registry", "company_registry", "code"),
    ("national_number", "client_national_number", "digits"),
    ("name", "client_name_key", "folded"),
)
PERSON_KEYS = (
    ("national_number", "client_national_number", "digits"),
    ("email", "email_normalized", "exact"),
)

# Accounts are commercial entities; people are never companies.
ACCOUNT_SCOPE = SQL("parent_id IS NULL")
PERSON_SCOPE = SQL("is_company IS NOT TRUE")


def comparable(kind, value):
    """The value as the database side of ``stored_expression`` gives it."""
    text = str(value or "")
    if kind == "code":
        return "".join(char for char in text.upper() if char.isalnum())
    if kind == "digits":
        return "".join(char for char in text if char.isdigit())
    if kind == "folded":  # as res.partner.client_name_key stores it
        return fold(text)
    return text.lower()


# How a stored value is compared; res.partner indexes these very expressions
# (see ``index_definitions``), so a lookup never scans the whole table.
STORED_EXPRESSIONS = {
    "code": "upper(regexp_replace({column}, '[^A-Za-z0-9]', '', 'g'))",
    "digits": "regexp_replace({column}, '[^0-9]', '', 'g')",
}


def stored_expression(column, kind):
    template = STORED_EXPRESSIONS.get(kind)
    if template is None:
        return SQL.identifier(column)
    return SQL(template.replace("{column}", "%s"), SQL.identifier(column))


def index_definitions():
    """``(index name, expression)`` for each normalized key compared in SQL."""
    definitions = {}
    for _value_key, column, kind in ACCOUNT_KEYS + PERSON_KEYS:
        if kind in STORED_EXPRESSIONS:
            expression = STORED_EXPRESSIONS[kind].format(column=f'"{column}"')
            definitions[f"res_partner_cci_{column}_{kind}_idx"] = expression
    return sorted(definitions.items())


class PartnerMatcher:
    def __init__(self, env):
        self.env = env
        self.company_ids = env.companies.ids

    def match(self, items, keys, scope):
        """``items`` is ``{item: values}``; returns ``{item: (key name, [partner ids])}``.

        ``key name`` says which key matched (``name``, ``vat``...)."""
        found = {}
        pending = dict(items)
        self.env["res.partner"].flush_model()  # raw SQL below reads the table
        for value_key, column, kind in keys:
            wanted = {}
            for item, values in pending.items():
                if value := comparable(kind, values.get(value_key)):
                    wanted.setdefault(value, []).append(item)
            if not wanted:
                continue
            partner_ids = self._lookup(column, kind, list(wanted), scope)
            for value, items_with_value in wanted.items():
                if value in partner_ids:
                    for item in items_with_value:
                        found[item] = (value_key, partner_ids[value])
                        del pending[item]
        return found

    def _lookup(self, column, kind, values, scope):
        expression = stored_expression(column, kind)
        rows = self.env.execute_query(
            SQL(
                """SELECT %(expression)s, array_agg(id ORDER BY id)
                     FROM res_partner
                    WHERE %(expression)s = ANY(%(values)s)
                      AND %(scope)s
                      AND (company_id IS NULL OR company_id = ANY(%(companies)s))
                 GROUP BY 1""",
                expression=expression,
                values=values,
                scope=scope,
                companies=self.company_ids,
            )
        )
        return dict(rows)
