"""queue_job's test helpers register their method patcher in ``SETATTR_SOURCES`` of
``odoo.tests.common``, a table that later releases of Odoo 18.0 check; the Odoo
18.0 these tests run on predates it and checks nothing, so an empty table will do."""

from odoo.tests import common

common.__dict__.setdefault("SETATTR_SOURCES", {})
