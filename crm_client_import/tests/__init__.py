from . import test_access
from . import test_import_engine
from . import test_processes
from . import test_wizard_tour
from . import test_rpc_rights
from . import test_record_rules
from . import test_files
from . import test_data_protection
