from . import res_partner
from . import client_folder
from . import import_record
from . import import_job
from . import import_run
from . import import_results
from . import import_review
from . import import_files
