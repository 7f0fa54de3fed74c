"""The partners a batch of rows may be: looked up in bulk, decided in ``lib.identity``.

Two queries per batch, whatever its size: the accounts the rows' account keys
find, then the people their person keys find (national number, e-mail) and the
people of those accounts (a person may be known by a name only); and a third one
for what this import already knows of them. Archived partners count (the rules decide what to
do with them); partners of internal users and of the companies never do.
"""

from odoo.tools import SQL

from ..lib import identity

# (key name, res_partner column, how the stored value is compared)
ACCOUNT_COLUMNS = (
    ("ref", "ref", "code"),
    ("vat", "vat", "code"),
    ("enterprise", "company_registry", "code"),
    ("national_number", "client_national_number", "digits"),
    ("name", "client_name_key", "plain"),
)
# A person's name is compared with the people of the accounts found (any spelling).
PERSON_COLUMNS = (
    ("national_number", "client_national_number", "digits"),
    ("email", "email_normalized", "plain"),
)

# How a stored value is compared; res.partner indexes these very expressions
# (see ``index_definitions``), so a lookup never scans the whole table.
STORED_EXPRESSIONS = {
    "code": "upper(regexp_replace({column}, '[^A-Za-z0-9]', '', 'g'))",
    "digits": "regexp_replace({column}, '[^0-9]', '', 'g')",
}

ALSO_CONTACT_TABLE = "crm_client_partner_also_contact_rel"


def stored_expression(column, kind):
    template = STORED_EXPRESSIONS.get(kind)
    if template is None:
        return SQL.identifier(column)
    return SQL(template.replace("{column}", "%s"), SQL.identifier(column))


# Columns compared as they are that Odoo leaves without an index.
UNINDEXED_COLUMNS = ("email_normalized",)


def index_definitions():
    """``(index name, expression)`` for each normalized key compared in SQL, and for
    the columns of ``UNINDEXED_COLUMNS``."""
    definitions = {f"res_partner_cci_{column}_idx": f'"{column}"' for column in UNINDEXED_COLUMNS}
    for _key, column, kind in ACCOUNT_COLUMNS + PERSON_COLUMNS:
        if kind in STORED_EXPRESSIONS:
            expression = STORED_EXPRESSIONS[kind].format(column=f'"{column}"')
            definitions[f"res_partner_cci_{column}_{kind}_idx"] = expression
    return sorted(definitions.items())


def account_lookup_values(plans, file_identity):
    """``{key name: set of values}`` the accounts of ``plans`` are looked up by,
    numbers the file lends to their names included. A Belgian VAT number and an
    enterprise number find each other."""
    wanted = {name: set() for name, _column, _kind in ACCOUNT_COLUMNS}
    for plan in plans:
        if plan.account:
            keys = identity.account_keys(plan.account)
            lent = file_identity.account_keys_of(keys.get("name"))
            for name, value in {**lent, **keys}.items():
                wanted[name].add(value)
    for number in list(wanted["enterprise"]):
        if len(number) == 10 and number.isdigit():
            wanted["vat"].add("BE" + number)
    return wanted


def person_lookup_values(plans, file_identity):
    """``{key name: set of values}`` the people of ``plans`` are looked up by,
    national numbers the file lends to their names included."""
    wanted = {"national_number": set(), "email": set()}
    for plan in plans:
        for person in plan.people:
            keys = identity.person_keys(person.values)
            if "national_number" not in keys:
                scopes = identity.person_scopes(plan, keys)
                lent = file_identity.numbers_of(scopes, person.values.get("name", ""))
                keys["national_number"] = next(iter(lent - {identity.CLASH}), None)
            for name in wanted:
                if value := keys.get(name):
                    wanted[name].add(value)
    return wanted


class CandidateFinder:
    """Finds the candidates of a batch for one job; the review uses it too."""

    def __init__(self, job):
        self.env = job.env
        self.job = job
        self.company_ids = job.env.companies.ids

    def add_candidates(self, resolver, plans):
        """Look up the partners ``plans`` may be and add them to ``resolver``."""
        self.env["res.partner"].flush_model()  # raw SQL below reads the table
        file_identity = resolver.file_identity
        found = {}
        condition = self._conditions(ACCOUNT_COLUMNS, account_lookup_values(plans, file_identity))
        if condition:
            for row in self._select(condition, SQL("p.parent_id IS NULL")):
                found[row["id"]] = row
        conditions = [self._conditions(PERSON_COLUMNS, person_lookup_values(plans, file_identity))]
        if found and any(plan.people for plan in plans):
            # The people of those accounts: a person may be known by a name only.
            # Ids, not EXISTS: PostgreSQL then joins the indexes of every condition
            # instead of scanning the whole table (slower with each batch written).
            conditions.append(
                SQL(
                    """(p.parent_id = ANY(%(accounts)s) OR p.id = ANY(ARRAY(
                            SELECT r.contact_id FROM %(rel)s r
                             WHERE r.account_id = ANY(%(accounts)s))))""",
                    accounts=list(found),
                    rel=SQL.identifier(ALSO_CONTACT_TABLE),
                )
            )
        if conditions := [condition for condition in conditions if condition]:
            people_condition = SQL("(%s)", SQL(" OR ").join(conditions))
            for row in self._select(people_condition, SQL("p.is_company IS NOT TRUE")):
                found.setdefault(row["id"], row)
        known = self.job._records_of(list(found))
        for partner_id in sorted(found):
            resolver.add(candidate_entity(found[partner_id], known.get(partner_id)))

    def _conditions(self, columns, wanted):
        conditions = [
            SQL(
                "%s = ANY(%s)",
                stored_expression(column, kind),
                sorted(wanted[name]),
            )
            for name, column, kind in columns
            if wanted.get(name)
        ]
        return SQL("(%s)", SQL(" OR ").join(conditions)) if conditions else None

    def _select(self, condition, scope):
        only_own = SQL("")
        if self.job.duplicate_policy == identity.CREATE_ALWAYS:
            # "Create new": the database is never matched, only what this import made.
            only_own = SQL(
                "AND p.id IN (SELECT partner_id FROM crm_client_import_record WHERE job_id = %s)",
                self.job.id or 0,
            )
        query = SQL(
            """SELECT p.id, p.name, p.ref, p.vat, p.company_registry,
                      p.client_national_number, p.email_normalized, p.active,
                      p.is_company, p.parent_id,
                      ARRAY(SELECT r.account_id FROM %(rel)s r WHERE r.contact_id = p.id)
                 FROM res_partner p
                WHERE %(condition)s AND %(scope)s %(only_own)s
                  AND (p.company_id IS NULL OR p.company_id = ANY(%(companies)s))
                  AND NOT EXISTS (SELECT 1 FROM res_users u
                                   WHERE u.partner_id = p.id AND u.share IS NOT TRUE)
                  AND NOT EXISTS (SELECT 1 FROM res_company c WHERE c.partner_id = p.id)""",
            rel=SQL.identifier(ALSO_CONTACT_TABLE),
            condition=condition,
            scope=scope,
            only_own=only_own,
            companies=self.company_ids,
        )
        return [
            dict(zip(CANDIDATE_COLUMNS, row, strict=True)) for row in self.env.execute_query(query)
        ]


CANDIDATE_COLUMNS = (
    "id",
    "name",
    "ref",
    "vat",
    "company_registry",
    "national_number",
    "email",
    "active",
    "is_company",
    "parent_id",
    "also_of",
)


def candidate_entity(row, record=None):
    """An ``identity.Entity`` for a partner row; ``record`` is what this import
    already logged of it (an earlier batch made or met it)."""
    is_account = row["parent_id"] is None
    is_person = not row["is_company"]
    accounts = set(row["also_of"] or [])
    if row["parent_id"]:
        accounts.add(row["parent_id"])
    entity = identity.Entity(
        handle=row["id"],
        origin=identity.EXISTING,
        keys=identity.entity_keys(row, is_account, is_person),
        name=row["name"] or "",
        is_account=is_account,
        is_person=is_person,
        active=row["active"],
        accounts=accounts,
        parent=row["parent_id"],
    )
    if record:
        entity.met = True
        entity.record_id = record["id"]
        entity.record_action = record["action"]
        entity.met_as = identity.ACCOUNT if record["kind"] == "account" else identity.PERSON
        entity.role = record["role"] or ""
        entity.file_values = dict(record["file_values"] or {})
        entity.sources = dict(record["file_rows"] or {})
        if record["action"] == "created":
            entity.origin = identity.OWN
    return entity
