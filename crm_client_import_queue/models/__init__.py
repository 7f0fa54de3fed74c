from . import import_chunk
from . import import_job
