from . import test_access
from . import test_import_engine
from . import test_wizard_tour
from . import test_wizard
