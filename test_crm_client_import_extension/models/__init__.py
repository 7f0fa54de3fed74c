from . import res_partner
from . import import_job
