from . import res_partner
from . import client_folder
from . import import_record
from . import import_job
from . import import_preset
from . import import_job_preset
from . import import_custom_fields
