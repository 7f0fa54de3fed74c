from . import download
from . import template
