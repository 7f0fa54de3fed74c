"""Row numbers as a person types and reads them: ``"4, 9-12"``."""


def parse_row_ranges(text):
    """``"4, 9-12"`` -> ``[4, 9, 10, 11, 12]``; raises ValueError on anything else."""
    rows = set()
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        first, dash, last = part.partition("-")
        first, last = int(first), int(last if dash else first)
        if first < 1 or last < first or last - first > 1_000_000:
            raise ValueError(part)
        rows.update(range(first, last + 1))
    return sorted(rows)


def format_row_ranges(rows):
    """``[4, 9, 10, 11, 12]`` -> ``"4, 9-12"``."""
    parts = []
    for row in sorted(set(rows)):
        if parts and parts[-1][1] == row - 1:
            parts[-1][1] = row
        else:
            parts.append([row, row])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in parts)
