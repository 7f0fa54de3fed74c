"""Independent chunks of one import: rows that could touch the same partner stay together.

An import may run in several processes at once only if no two of them ever create
or update the same partner. Each key by which the identity rules (``lib.identity``)
find a partner joins every row that carries it:

- an account's name (as compared: case, accents and punctuation do not count) and
  its strong keys: reference, VAT, enterprise number, national number;
- a person's national number and e-mail address, and the person's name within its
  account or with its e-mail address (``identity.person_scopes``);
- a partner of the database that the rows' keys may find: its own keys, its
  accounts (a person is found among the people of its account), itself.

Rows joined, directly or through others, form a cluster; a chunk is a set of whole
clusters, in file order. So the rows of one client, and every row a decision about
it could look at, are decided in one chunk, in file order, as one process would.
A national number is one key whether an individual account or a person gives it:
an individual is both.

Keys are kept as their hash: a collision only joins two clusters that needed not
be, never splits one.
"""

import dataclasses
from array import array

from .identity import account_keys, identity_mapping, person_keys, person_scopes

# Planned values naming records that every chunk would share (tags, legal forms,
# banks): the quick pass that plans the chunks reads them, so that they are made once,
# before the chunks run side by side.
SHARED_SUFFIXES = frozenset({"tags", "legal_form", "bic"})
ACCOUNT_KEY_NAMES = ("ref", "vat", "enterprise", "national_number", "name")
PERSON_KEY_NAMES = ("national_number", "email")


def chunking_mapping(mapping):
    """The mapping of the quick pass that plans the chunks: the columns the file
    identity reads (``identity.identity_mapping``), and those naming shared records."""
    narrow = identity_mapping(mapping)
    columns = [
        original if (original.target or "").split(".")[-1] in SHARED_SUFFIXES else column
        for column, original in zip(narrow.columns, mapping.columns, strict=True)
    ]
    return dataclasses.replace(narrow, columns=columns)


def row_keys(plan):
    """The keys of a planned row (``lib.plan.RowPlan``) that join it to others."""
    keys = []
    if plan.account:
        found = account_keys(plan.account)
        keys += [_key(name, found[name]) for name in ACCOUNT_KEY_NAMES if found.get(name)]
    for person in plan.people:
        found = person_keys(person.values)
        keys += [_key(name, found[name]) for name in PERSON_KEY_NAMES if found.get(name)]
        if name := found.get("person_name"):
            keys += [("person", scope, name) for scope in person_scopes(plan, found)]
    return keys


def partner_keys(entity):
    """The keys of a partner of the database (an ``identity.Entity`` the lookup made):
    every row that may find it joins the others that may."""
    names = (ACCOUNT_KEY_NAMES if entity.is_account else ()) + PERSON_KEY_NAMES
    keys = [("partner", entity.handle)]
    keys += [_key(name, entity.keys[name]) for name in names if entity.keys.get(name)]
    keys += [("partner", account) for account in sorted(entity.accounts)]
    return keys


def _key(name, value):
    # An account's name is not a person's: a person is found by name within its account.
    return ("account", value) if name == "name" else (name, value)


class RowClusters:
    """Rows joined by the keys they share, and the chunks they make.

    ``add_row(index, keys)`` for each row of the file, ``join(keys)`` for keys
    that must go together (a partner of the database), in any order; then
    ``chunks(size)``. Memory grows with the rows and their keys' count, not
    their text."""

    def __init__(self):
        self._parent = array("q")  # node -> parent node (union-find)
        self._node_of_key = {}  # hash of a key -> node
        self._rows = array("q")  # row index, in the order added
        self._row_nodes = array("q")  # node of each of those rows

    def _new_node(self):
        node = len(self._parent)
        self._parent.append(node)
        return node

    def _find(self, node):
        parent = self._parent
        root = node
        while parent[root] != root:
            root = parent[root]
        while parent[node] != root:  # shorten the path for the next time
            parent[node], node = root, parent[node]
        return root

    def _union(self, first, second):
        first, second = self._find(first), self._find(second)
        if first != second:
            self._parent[max(first, second)] = min(first, second)
        return min(first, second)

    def _node(self, key):
        digest = hash(key)
        node = self._node_of_key.get(digest)
        if node is None:
            node = self._node_of_key[digest] = self._new_node()
        return node

    def add_row(self, index, keys):
        node = self._new_node()
        for key in keys:
            node = self._union(node, self._node(key))
        self._rows.append(index)
        self._row_nodes.append(node)

    def join(self, keys):
        keys = list(keys)
        if keys:
            node = self._node(keys[0])
            for key in keys[1:]:
                node = self._union(node, self._node(key))

    def clusters(self):
        """Row indexes of each cluster, in file order, clusters by their first row."""
        members = {}
        for index, node in sorted(zip(self._rows, self._row_nodes, strict=True)):
            members.setdefault(self._find(node), []).append(index)
        return sorted(members.values(), key=lambda rows: rows[0])

    def chunks(self, size):
        """Whole clusters packed in file order into chunks of about ``size`` rows
        (a larger cluster is a chunk of its own): sorted row indexes of each."""
        chunks, current = [], []
        for cluster in self.clusters():
            current += cluster
            if len(current) >= size:
                chunks.append(sorted(current))
                current = []
        if current:
            chunks.append(sorted(current))
        return chunks


def split_rows(rows, chunks):
    """Deal the rows of ``rows`` (an iterable, in file order) out to ``chunks``
    (sorted 0-based row indexes each): yields ``(chunk number, its rows)`` as soon
    as a chunk's last row is read, so that only unfinished chunks are held."""
    chunk_of = {}
    last = {}
    for number, indexes in enumerate(chunks):
        for index in indexes:
            chunk_of[index] = number
        last[indexes[-1]] = number
    held = {}
    for index, row in enumerate(rows):
        number = chunk_of.get(index)
        if number is None:
            continue
        held.setdefault(number, []).append(row)
        if last.get(index) == number:
            yield number, held.pop(number)
