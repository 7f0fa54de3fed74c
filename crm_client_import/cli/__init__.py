from . import client_import
