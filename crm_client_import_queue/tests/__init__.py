from . import queue_job_compat
from . import test_queue_import
from . import test_queue_processes
