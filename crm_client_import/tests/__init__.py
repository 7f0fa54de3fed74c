from . import test_access
from . import test_import_engine
from . import test_processes
from . import test_wizard_tour
from . import test_wizard
from . import test_import_presets
from . import test_custom_fields
from . import test_template
