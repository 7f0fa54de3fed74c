from . import import_job
