"""Merge an addon's .pot (MODULE/i18n/MODULE.pot) into each .po of its i18n folder,
keeping translations.

Terms gone from the code are dropped; new terms are added untranslated.
"""

import pathlib
import sys

import polib


def merge(i18n_dir):
    template = polib.pofile(str(i18n_dir / f"{i18n_dir.resolve().parent.name}.pot"))
    for po_path in sorted(i18n_dir.glob("*.po")):
        catalog = polib.pofile(str(po_path))
        catalog.merge(template)
        catalog[:] = [entry for entry in catalog if not entry.obsolete]
        catalog.save(str(po_path))
        print(f"{po_path.name}: {catalog.percent_translated()}% translated")


if __name__ == "__main__":
    merge(pathlib.Path(sys.argv[1]))
