"""How well the automatic mapping reads the headers firms really have.

Runs ``suggest_mapping`` on every header set of the corpus
``crm_client_import/tests/data/headers/`` (real templates and exports, each with
its source and the mapping a firm wants), after the preset detection the import
does (the presets of ``data/import_presets.xml``), with no sample values, and
prints per set and in total the share of columns:

- mapped exactly right (the right field of the right person, or left out when
  nothing fits);
- wrongly imported (the worst outcome: a wrong field writes bad data), and how
  many of those at full confidence (90 or more);
- left for the user (a field was expected, none was chosen).

Targets: at least 95% exactly right, none wrongly imported at full confidence.

    python3 bench/bench_mapping.py [--no-presets] [--misses]
"""

import argparse
import json
import os
import sys
from collections import Counter

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDON = os.path.join(REPO, "crm_client_import")
sys.path.insert(0, ADDON)
from lib.catalogue import numbered_key  # noqa: E402 (the addon's library, by path)
from lib.mapping import SYNC, suggest_mapping  # noqa: E402
from lib.presets import match_preset, read_preset_file, shape  # noqa: E402

CORPUS = os.path.join(ADDON, "tests", "data", "headers")
PRESETS = os.path.join(ADDON, "data", "import_presets.xml")
FULL_CONFIDENCE = 90


def load_corpus():
    corpus = {}
    for name in sorted(os.listdir(CORPUS)):
        if name.endswith(".json"):
            with open(os.path.join(CORPUS, name), encoding="utf-8") as file:
                corpus[name[:-5]] = json.load(file)
    return corpus


def suggest(headers, presets):
    """The mapping the import proposes, and the preset it recognised (or None)."""
    shapes = [shape(preset, preset.lines) for preset in presets]
    match = match_preset(headers, shapes)
    learned = match.key.lines if match else None
    return suggest_mapping(headers, learned=learned), match and match.key


def outcome(column, expected):
    """exact, wrong or left: what the mapping did with one column."""
    got = numbered_key(column.target, column.contact_number) if column.action == SYNC else None
    if got == expected:
        return "exact"
    return "wrong" if got else "left"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-presets", action="store_true", help="the header grammar alone")
    parser.add_argument("--misses", action="store_true", help="list every column not exact")
    args = parser.parse_args()
    with open(PRESETS, encoding="utf-8") as file:
        presets = [] if args.no_presets else read_preset_file(file.read())
    totals = Counter()
    languages = Counter()
    print(f"{'header set':32} {'lang':4} {'cols':>4} {'exact':>6} {'wrong':>5} {'left':>4}  preset")
    for name, data in load_corpus().items():
        headers = [header for header, _target in data["headers"]]
        mapping, preset = suggest(headers, presets)
        counts = Counter()
        for column, (_header, expected) in zip(mapping.columns, data["headers"], strict=True):
            result = outcome(column, expected)
            counts[result] += 1
            if result == "wrong" and column.confidence >= FULL_CONFIDENCE:
                counts["wrong_full"] += 1
            if args.misses and result != "exact":
                got = numbered_key(column.target, column.contact_number) if column.target else None
                print(f"    {result:5} {column.header!r}: {got} ({column.confidence}%), "
                      f"expected {expected}")  # fmt: skip
        totals.update(counts)
        languages[data["language"]] += 1
        columns = len(headers)
        print(
            f"{name:32} {data['language']:4} {columns:>4} {counts['exact'] / columns:>6.0%} "
            f"{counts['wrong']:>5} {counts['left']:>4}  {preset.name if preset else ''}"
        )
    columns = sum(totals[key] for key in ("exact", "wrong", "left"))
    print()
    sets = sum(languages.values())
    print(f"{sets} header sets ({dict(sorted(languages.items()))}), {columns} columns")
    print(f"exactly right:      {totals['exact'] / columns:.1%} (target: at least 95%)")
    print(
        f"wrongly imported:   {totals['wrong'] / columns:.1%} ({totals['wrong']} columns, "
        f"{totals['wrong_full']} at full confidence; target: 0)"
    )
    print(f"left for the user:  {totals['left'] / columns:.1%}")


if __name__ == "__main__":
    main()
