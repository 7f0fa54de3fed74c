from . import template
