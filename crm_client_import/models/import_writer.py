"""Turn planned values (``lib.plan``) into ``res.partner`` values.

Countries, legal forms and tags are resolved through caches filled once per
batch, so writing a batch costs a few queries whatever its size.
"""

from markupsafe import Markup, escape

from ..lib import catalogue
from ..lib.errors import Note
from ..lib.normalize import fold
from ..lib.plan import INDIVIDUAL
from .translate import translate_message

SIDE_OF_ROLE = {"contact": catalogue.CONTACT, "spouse": catalogue.SPOUSE}


class PartnerValues:
    """Values of one partner to write: plain fields, plus what needs the partner's id."""

    def __init__(self):
        self.vals = {}
        self.tag_names = []
        self.bank = {}  # {"iban": ..., "bic": ...}
        self.notes = []  # paragraphs of text for the partner's notes


class PartnerWriter:
    def __init__(self, env, targets, mapped_keys=()):
        self.env = env
        self.targets = targets  # {key: Target}, custom fields included
        self.mapped_keys = set(mapped_keys)  # targets a column of the file feeds
        self.country_ids = {country.code: country.id for country in env["res.country"].search([])}
        self.title_ids = {}
        self.tag_ids = {}
        self.bank_ids = {}
        self.plain_fields = {}

    def values(self, side, planned):
        """``planned`` is ``{suffix: clean value}`` of one side of a row."""
        result = PartnerValues()
        vals = result.vals
        for suffix, value in planned.items():
            target = self._target(side, suffix)
            if target is None or value in (None, "", []):
                continue
            writer = target.writer
            if writer in (catalogue.FIELD, catalogue.NEW_FIELD):
                if target.key.endswith(".notes"):
                    lines = value if isinstance(value, list) else [value]
                    result.notes.extend(self._note_text(line) for line in lines)
                else:
                    vals[target.field_name] = value
            elif writer == catalogue.ACCOUNT_TYPE:
                vals["client_account_type"] = value
                vals["is_company"] = value != INDIVIDUAL
            elif writer == catalogue.COUNTRY:
                if country_id := self.country_ids.get(value):
                    vals["country_id"] = country_id
            elif writer in (catalogue.STATE, catalogue.USER):
                if isinstance(value, int):  # resolved by the job's lookup
                    vals[target.field_name] = value
            elif writer == catalogue.LANG:
                vals["lang"] = value
            elif writer == catalogue.NATIONAL_NUMBER:
                vals["client_national_number"] = value
            elif writer == catalogue.TITLE:
                vals["title"] = value  # resolved to an id by resolve_titles()
            elif writer == catalogue.TAGS:
                result.tag_names.extend(value)
            elif writer == catalogue.BANK:
                result.bank[suffix] = value
            elif writer == catalogue.EXTRA_EMAILS:
                emails = ", ".join(value)
                result.notes.append(self.env._("Other e-mail addresses: %s", emails))
        return result

    def _note_text(self, line):
        """A notes line in the user's language when the import wrote it (a value
        left out of its field), else the cell's text."""
        if isinstance(line, Note):
            return translate_message(self.env, line.message, line.params)
        return line

    def _target(self, side, suffix):
        """The target of a planned value. An individual's own details (mobile, national
        number, job position...) are on the account: they use the contact's targets."""
        return (
            self.targets.get(f"{side}.{suffix}")
            or self.targets.get(catalogue.NEW_FIELD_PREFIX + suffix)
            or (side == catalogue.ACCOUNT and self.targets.get(f"{catalogue.CONTACT}.{suffix}"))
            or None
        )

    def mapped_plain_fields(self, side):
        """Plain fields that a column of the file feeds on ``side`` (the name excepted):
        the fields an empty cell clears when the user asks for it."""
        if side not in self.plain_fields:
            self.plain_fields[side] = [
                target.field_name
                for key, target in self.targets.items()
                if key in self.mapped_keys
                and target.side == side
                and target.writer == catalogue.FIELD
                and target.field_name != "name"
            ]
        return self.plain_fields[side]

    # --- resolving names to records, in bulk ------------------------------

    def resolve_titles(self, partner_values_list):
        """Replace legal form names by ``res.partner.title`` ids, creating missing ones."""
        wanted = {pv.vals["title"] for pv in partner_values_list if "title" in pv.vals}
        missing = {name for name in wanted if fold(name) not in self.title_ids}
        if missing:
            Title = self.env["res.partner.title"]
            for title in Title.search([]):
                for label in (title.name, title.shortcut):
                    if label:
                        self.title_ids.setdefault(fold(label), title.id)
            to_create = sorted(name for name in missing if fold(name) not in self.title_ids)
            for title in Title.create([{"name": name, "shortcut": name} for name in to_create]):
                self.title_ids[fold(title.name)] = title.id
        for pv in partner_values_list:
            if "title" in pv.vals:
                pv.vals["title"] = self.title_ids[fold(pv.vals["title"])]

    def resolve_tags(self, names):
        """Ids of the tags named ``names`` (case-insensitive), creating missing ones."""
        missing = {name for name in names if name.lower() not in self.tag_ids}
        if missing:
            Tag = self.env["res.partner.category"]
            for tag in Tag.search([("name", "in", sorted(missing))]):
                self.tag_ids.setdefault(tag.name.lower(), tag.id)
            to_create = sorted(name for name in missing if name.lower() not in self.tag_ids)
            for tag in Tag.create([{"name": name} for name in to_create]):
                self.tag_ids[tag.name.lower()] = tag.id
        return [self.tag_ids[name.lower()] for name in names]

    def bank_account_values(self, partner_id, bank):
        """Values of a ``res.partner.bank`` for an IBAN and optional BIC."""
        vals = {"partner_id": partner_id, "acc_number": bank["iban"]}
        if bic := bank.get("bic"):
            vals["bank_id"] = self.resolve_bank(bic)
        return vals

    def resolve_bank(self, bic):
        """The id of the bank of ``bic``, creating it when missing."""
        if bic not in self.bank_ids:
            Bank = self.env["res.bank"]
            found = Bank.search([("bic", "=", bic)], limit=1)
            self.bank_ids[bic] = (found or Bank.create({"name": bic, "bic": bic})).id
        return self.bank_ids[bic]


def notes_html(paragraphs, existing=""):
    """Partner notes with ``paragraphs`` of cell text added, escaped."""
    added = Markup("").join(Markup("<p>%s</p>") % escape(text) for text in paragraphs)
    return Markup(existing or "") + added
