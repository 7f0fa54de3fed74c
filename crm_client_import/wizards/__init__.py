from . import import_wizard
from . import portal_invite_wizard
