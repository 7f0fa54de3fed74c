#!/usr/bin/env python3
"""Write the Odoo configuration file of a project-local database.

    python3 tools/write_odoo_conf.py FILE --addons-path PATHS --db-host SOCKET_DIR \\
        --db-port PORT --db-user USER --data-dir DIR

``tools/run.sh`` writes ``.local/odoo.conf`` with it, so that Odoo's own commands
and the integrator command of the README (``-c .local/odoo.conf``) reach the
database of ``make run``; the test of that command writes its own the same way.
"""

import argparse
import configparser
from pathlib import Path

OPTIONS = ("addons_path", "db_host", "db_port", "db_user", "data_dir")


def write_config(path, **values):
    config = configparser.ConfigParser(interpolation=None)
    config["options"] = {name: str(values[name]) for name in OPTIONS}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        config.write(handle)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    for name in OPTIONS:
        parser.add_argument("--" + name.replace("_", "-"), dest=name, required=True)
    args = parser.parse_args()
    write_config(args.file, **{name: getattr(args, name) for name in OPTIONS})


if __name__ == "__main__":
    main()
