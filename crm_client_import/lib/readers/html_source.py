"""HTML tables: the "Excel" exports of banks and older software, often named .xls.

Such programs write a web page holding a table and give it an .xls name, so that
Excel opens it. What is read: the document's first table (tables nested in its
cells are part of their cell's text), one row per ``<tr>``, each ``<td>`` or
``<th>`` as the text a browser shows: whitespace collapsed, a line break for each
``<br>`` and paragraph. A cell spanning several columns or rows leaves the cells
it covers blank, as a merged range does, and spreads over the header like one.

The encoding: a byte order mark, else the page's ``<meta>`` charset when the bytes
decode with it, else what a CSV file would be read as. lxml's HTML parser reads
the page as a stream (rows are dropped once read) and never expands entities a
document type declares, nor loads anything from the network.
"""

import codecs
import re

from lxml import etree

from ..errors import ClientImportError
from . import messages
from .csv_source import _first_decode_error, chosen_encoding, detect_encoding
from .sniff import SAMPLE_SIZE, TEXT_BOMS, bomless_utf16

CELL_TAGS = ("td", "th")
# Inside a cell, each of these starts a line (a table nested in a cell: each row).
BLOCK_TAGS = ("p", "div", "li", "tr")
HIDDEN_TAGS = ("script", "style")
# Browsers' limits (HTML's colspan 1000, rowspan 65534).
MAX_COLSPAN = 1000
MAX_ROWSPAN = 65534
DECLARED_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
# What browsers read a page declared as Latin-1 or ASCII with (the WHATWG rule).
BROWSER_CODECS = {"iso8859-1": "cp1252", "ascii": "cp1252"}
CHUNK_SIZE = 64 * 1024


def html_encoding(data):
    """The codec to read an HTML page with."""
    if data.startswith(TEXT_BOMS) or bomless_utf16(data[:SAMPLE_SIZE]):
        return detect_encoding(data)
    match = DECLARED_CHARSET.search(data[:SAMPLE_SIZE])
    if match:
        try:
            codec = codecs.lookup(match.group(1).decode("ascii")).name
        except LookupError:
            codec = None
        codec = BROWSER_CODECS.get(codec, codec)
        if codec and _first_decode_error(data, codec) is None:
            return codec
    return detect_encoding(data)


class Utf8Reader:
    """``data`` decoded from ``codec`` and read back as UTF-8, a chunk at a time:
    lxml then reads every page the same way, whatever its encoding."""

    def __init__(self, data, codec):
        self._data = memoryview(data)
        self._offset = 0
        self._decoder = codecs.getincrementaldecoder(codec)("replace")
        self._pending = b""

    def read(self, size=-1):
        while (size < 0 or len(self._pending) < size) and self._offset < len(self._data):
            chunk = self._data[self._offset : self._offset + CHUNK_SIZE]
            self._offset += CHUNK_SIZE
            final = self._offset >= len(self._data)
            self._pending += self._decoder.decode(chunk, final).encode("utf-8")
        size = len(self._pending) if size < 0 else size
        result, self._pending = self._pending[:size], self._pending[size:]
        return result


def cell_text(cell):
    """The text a browser shows in ``cell``."""
    lines = [[]]  # the words of each line

    def walk(element):
        lines[-1].extend((element.text or "").split())
        for child in element:
            block = child.tag == "br" or child.tag in BLOCK_TAGS
            if block:
                lines.append([])
            if isinstance(child.tag, str) and child.tag not in HIDDEN_TAGS:  # not a comment
                walk(child)
            if block:
                lines.append([])
            lines[-1].extend((child.tail or "").split())

    walk(cell)
    return "\n".join(" ".join(words) for words in lines if words)


def _span(cell, attribute, limit):
    value = (cell.get(attribute) or "").strip()
    return min(max(int(value), 1), limit) if value.isdigit() else 1


class HtmlSource:
    """The first table of an HTML page as rows of text."""

    file_type = "html"
    sheets = ()
    sheet_name = None
    delimiter = None

    def __init__(self, data, options):
        self.data = data
        self.encoding = chosen_encoding(data, options, html_encoding)
        # One pass up front: the table must exist, and spanning cells may shape the header.
        self.merges = []
        for _row in self._rows(self.merges):
            pass

    def iter_rows(self):
        """Yield ``(row number, cells, None)`` for every row of the first table."""
        return self._rows()

    def _rows(self, merges=None):
        table = None
        number = 0
        spans = {}  # column index -> rows below still covered by a cell above
        events = etree.iterparse(
            Utf8Reader(self.data, self.encoding),
            events=("start", "end"),
            tag=("table", "tr"),
            html=True,
            encoding="utf-8",
            no_network=True,
        )
        try:
            for event, element in events:
                if element.tag == "table":
                    if table is None:
                        table = element
                    elif event == "end" and element is table:
                        return
                    continue
                if event == "start" or next(element.iterancestors("table"), None) is not table:
                    continue
                number += 1
                yield number, self._cells(element, number, spans, merges), None
                # Memory stays flat: the rows read are dropped.
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
        except etree.LxmlError:
            raise ClientImportError(messages.DAMAGED_FILE, file_type="html")
        if table is None:
            raise ClientImportError(messages.HTML_WITHOUT_TABLE)

    def _cells(self, row, number, spans, merges):
        covered = {column for column, rows_left in spans.items() if rows_left}
        for column in covered:
            spans[column] -= 1
        cells = []
        for cell in row:
            if cell.tag not in CELL_TAGS:
                continue
            while len(cells) in covered:
                cells.append("")
            first = len(cells)
            width = _span(cell, "colspan", MAX_COLSPAN)
            height = _span(cell, "rowspan", MAX_ROWSPAN)
            cells.append(cell_text(cell))
            cells.extend([""] * (width - 1))
            if height > 1:
                spans.update(dict.fromkeys(range(first, first + width), height - 1))
            if merges is not None and (width > 1 or height > 1):
                merges.append((number, first + 1, number + height - 1, first + width))
        while covered and len(cells) <= max(covered):
            cells.append("")
        return cells
