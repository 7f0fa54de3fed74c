"""The target catalogue: every field a spreadsheet column can feed.

A target belongs to one side of a row:

- ``account``: the client the firm works for and bills (a company, trust, family
  or individual), one ``res.partner``;
- ``contact``: the person on the row, a child ``res.partner`` of the account;
- ``spouse``: the taxpayer's spouse when both are on one row, a second child.

Address fields exist on two sides. Headers that just say "Street" or "City" feed
the account (``account.street``): in Odoo, contact children of type ``contact``
take their address from the account anyway. ``contact.street`` and friends are
only for a contact living elsewhere (Outlook's "Home Street", "Adres
contactpersoon").

``writer`` tells the Odoo side how a cleaned value is written:

- ``field``: the plain ``res.partner`` field ``field_name``;
- ``name_part``: first or last name, composing ``name`` (or firstname/lastname);
- ``account_type``: company, individual, family, trust or other; sets ``is_company``;
- ``title``: the legal form, written as the partner title (``title``);
- ``country``: an ISO-2 code, resolved to ``country_id``;
- ``state``: a state name or code, resolved to ``state_id`` within the country;
- ``lang``: an installed language code, written to ``lang``;
- ``bank``: IBAN and BIC, together one ``res.partner.bank``;
- ``tags``: tag names, found or created in ``category_id``;
- ``user``: a user given by e-mail, login or name, written to ``user_id``;
- ``national_number``: a Belgian national number; base Odoo has no field for it;
- ``extra_emails``: more e-mail addresses; ``res.partner`` holds one;
- ``portal``: a yes/no: invite the contact to the portal;
- ``merged``: only completes another value (the VAT or IBAN country code);
- ``new_field``: a custom field created for the import (key ``new:x_cci_...``).

Integrators add their own fields by overriding the Odoo method that returns the
catalogue and appending a ``Target``, e.g.
``Target("account.x_sector", "account", _lt("Sector"), field_name="x_sector")``.
"""

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from .errors import _lt

ACCOUNT = "account"
CONTACT = "contact"
SPOUSE = "spouse"
SIDES = (ACCOUNT, CONTACT, SPOUSE)

NEW_FIELD_PREFIX = "new:"

FIELD = "field"
NAME_PART = "name_part"
ACCOUNT_TYPE = "account_type"
TITLE = "title"
COUNTRY = "country"
STATE = "state"
LANG = "lang"
BANK = "bank"
TAGS = "tags"
USER = "user"
NATIONAL_NUMBER = "national_number"
EXTRA_EMAILS = "extra_emails"
PORTAL = "portal"
MERGED = "merged"
NEW_FIELD = "new_field"
WRITERS = (
    FIELD,
    NAME_PART,
    ACCOUNT_TYPE,
    TITLE,
    COUNTRY,
    STATE,
    LANG,
    BANK,
    TAGS,
    USER,
    NATIONAL_NUMBER,
    EXTRA_EMAILS,
    PORTAL,
    MERGED,
    NEW_FIELD,
)

# A value whose country comes from a separate code column (NumNum's vat_id +
# vat_country_code, iban + iban_country_code).
COUNTRY_COMPANIONS = {
    "account.vat": "account.vat_country",
    "account.iban": "account.iban_country",
}


@dataclass(frozen=True)
class Target:
    """One field a column can feed.

    ``normalizer`` is the name of a normalizer of ``lib.normalize`` (see
    ``normalize.NORMALIZERS``) or a callable ``(value, context, country) ->
    Cleaned``; ``None`` keeps the trimmed text.
    """

    key: str
    side: str
    label: str
    type: str = "char"
    field_name: str | None = None
    writer: str = FIELD
    single: bool = True
    normalizer: str | Callable | None = "char"
    help: str = ""

    def __post_init__(self):
        # Integrators build targets by hand: fail early and clearly.
        if self.side not in SIDES:
            raise ValueError(f"Target {self.key!r}: side must be one of {SIDES}")
        if self.writer not in WRITERS:
            raise ValueError(f"Target {self.key!r}: writer must be one of {WRITERS}")
        if self.writer == FIELD and not self.field_name:
            raise ValueError(f"Target {self.key!r}: a 'field' writer needs field_name")
        if self.key.startswith(NEW_FIELD_PREFIX) != (self.writer == NEW_FIELD):
            raise ValueError(f"Target {self.key!r}: only new fields use the {NEW_FIELD_PREFIX} key")


def _address(side, labels):
    """The six address targets of one side, labelled street to country."""
    street, street2, zip_code, city, state, country = labels
    return [
        Target(
            f"{side}.street",
            side,
            street,
            field_name="street",
            help=_lt("Street and house number, e.g. Kerkstraat 12 bus 3"),
        ),
        Target(f"{side}.street2", side, street2, field_name="street2"),
        Target(
            f"{side}.zip",
            side,
            zip_code,
            field_name="zip",
            help=_lt("Postal code, kept as typed (leading zeros too)"),
        ),
        Target(f"{side}.city", side, city, field_name="city"),
        Target(
            f"{side}.state",
            side,
            state,
            field_name="state_id",
            writer=STATE,
            help=_lt("State or province name or code, looked up in the country"),
        ),
        Target(
            f"{side}.country",
            side,
            country,
            type="country",
            field_name="country_id",
            writer=COUNTRY,
            normalizer="country",
            help=_lt("Two-letter code (BE, NL, FR) or the country name"),
        ),
    ]


def _notes(side, label, help_text):
    """The notes of one side's partner. They also keep the values of the row
    that were left out of their field (see ``normalize``); the contact's and
    the spouse's have no header synonyms, so only a column named like them
    maps there on its own."""
    return Target(
        f"{side}.notes",
        side,
        label,
        type="text",
        field_name="comment",
        single=False,
        normalizer="text",
        help=help_text,
    )


_DEFAULT_TARGETS = (
    # --- account: names and type
    Target(
        "account.name",
        ACCOUNT,
        _lt("Account name"),
        field_name="name",
        help=_lt("Name of the company, trust, family or person the firm works for"),
    ),
    Target(
        "account.type",
        ACCOUNT,
        _lt("Account type"),
        type="choice",
        field_name="is_company",
        writer=ACCOUNT_TYPE,
        normalizer="account_type",
        help=_lt("company, individual, family, trust or other"),
    ),
    Target(
        "account.legal_form",
        ACCOUNT,
        _lt("Legal form"),
        type="choice",
        field_name="title",
        writer=TITLE,
        normalizer="legal_form",
        help=_lt("BV, NV, SRL, VZW... (BVBA and SPRL become BV and SRL)"),
    ),
    # --- account: contact details
    Target(
        "account.email",
        ACCOUNT,
        _lt("Account email"),
        type="email",
        field_name="email",
        normalizer="email",
        help=_lt("General e-mail address of the account, e.g. info@..."),
    ),
    Target(
        "account.extra_emails",
        ACCOUNT,
        _lt("Account extra emails"),
        type="email",
        writer=EXTRA_EMAILS,
        single=False,
        normalizer="emails",
    ),
    Target(
        "account.phone",
        ACCOUNT,
        _lt("Account phone"),
        type="phone",
        field_name="phone",
        normalizer="phone",
    ),
    Target(
        "account.website",
        ACCOUNT,
        _lt("Website"),
        field_name="website",
        normalizer="url",
    ),
    # --- account: address
    *_address(
        ACCOUNT,
        (_lt("Street"), _lt("Street 2"), _lt("Zip"), _lt("City"), _lt("State"), _lt("Country")),
    ),
    # --- account: identifiers
    Target(
        "account.vat",
        ACCOUNT,
        _lt("VAT number"),
        type="identifier",
        field_name="vat",
        normalizer="vat",
        help=_lt("With country prefix (BE0123456749) or with a VAT country code column"),
    ),
    Target(
        "account.vat_country",
        ACCOUNT,
        _lt("VAT country code"),
        type="country",
        writer=MERGED,
        normalizer="country",
        help=_lt("Country of the VAT number when the number has no prefix"),
    ),
    Target(
        "account.company_registry",
        ACCOUNT,
        _lt("Enterprise number"),
        type="identifier",
        field_name="company_registry",
        normalizer="enterprise_number",
        help=_lt("Belgian KBO/BCE number (0123.456.749) or another country's registry"),
    ),
    Target(
        "account.ref",
        ACCOUNT,
        _lt("Reference"),
        field_name="ref",
        normalizer="identifier",
        help=_lt("Client number or external ID used in the previous software"),
    ),
    # --- account: preferences and bank
    Target(
        "account.lang",
        ACCOUNT,
        _lt("Language"),
        type="choice",
        field_name="lang",
        writer=LANG,
        normalizer="language",
        help=_lt("nl, fr, en, de or the language name"),
    ),
    Target(
        "account.iban",
        ACCOUNT,
        _lt("IBAN"),
        type="identifier",
        writer=BANK,
        normalizer="iban",
        help=_lt("Bank account number, e.g. BE68 5390 0754 7034"),
    ),
    Target(
        "account.iban_country",
        ACCOUNT,
        _lt("IBAN country code"),
        type="country",
        writer=MERGED,
        normalizer="country",
    ),
    Target(
        "account.bic",
        ACCOUNT,
        _lt("BIC"),
        type="identifier",
        writer=BANK,
        normalizer="bic",
        help=_lt("Bank code of the IBAN, 8 or 11 characters"),
    ),
    _notes(
        ACCOUNT,
        _lt("Notes"),
        _lt("Internal notes; several columns are added one after the other"),
    ),
    # --- account: organisation
    Target(
        "account.tags",
        ACCOUNT,
        _lt("Tags"),
        type="tags",
        field_name="category_id",
        writer=TAGS,
        single=False,
        normalizer="tags",
        help=_lt("Several tags in one cell, separated by commas"),
    ),
    Target(
        "account.assignee",
        ACCOUNT,
        _lt("Assignee"),
        field_name="user_id",
        writer=USER,
        normalizer="user",
        help=_lt("E-mail, login or name of the firm's user responsible for the client"),
    ),
    # --- contact
    Target(
        "contact.name",
        CONTACT,
        _lt("Contact name"),
        field_name="name",
        normalizer="name",
        help=_lt("Full name of the contact person"),
    ),
    Target("contact.first_name", CONTACT, _lt("First name"), writer=NAME_PART, normalizer="name"),
    Target("contact.last_name", CONTACT, _lt("Last name"), writer=NAME_PART, normalizer="name"),
    Target(
        "contact.email",
        CONTACT,
        _lt("Email"),
        type="email",
        field_name="email",
        normalizer="email",
        help=_lt("Needed to give the contact access to the portal"),
    ),
    Target(
        "contact.extra_emails",
        CONTACT,
        _lt("Extra emails"),
        type="email",
        writer=EXTRA_EMAILS,
        single=False,
        normalizer="emails",
    ),
    Target(
        "contact.phone", CONTACT, _lt("Phone"), type="phone", field_name="phone", normalizer="phone"
    ),
    Target(
        "contact.mobile",
        CONTACT,
        _lt("Mobile"),
        type="phone",
        field_name="mobile",
        normalizer="phone",
    ),
    Target("contact.function", CONTACT, _lt("Job position"), field_name="function"),
    *_address(
        CONTACT,
        (
            _lt("Contact street"),
            _lt("Contact street 2"),
            _lt("Contact zip"),
            _lt("Contact city"),
            _lt("Contact state"),
            _lt("Contact country"),
        ),
    ),
    Target(
        "contact.national_number",
        CONTACT,
        _lt("National number"),
        type="identifier",
        writer=NATIONAL_NUMBER,
        normalizer="national_number",
        help=_lt("Belgian national register or BIS number, 85.07.30-033.28"),
    ),
    _notes(CONTACT, _lt("Contact notes"), _lt("Internal notes on the contact person")),
    Target(
        "contact.birthdate",
        CONTACT,
        _lt("Birth date"),
        type="date",
        field_name="client_birthdate",
        normalizer="date",
    ),
    Target(
        "contact.send_invitation",
        CONTACT,
        _lt("Send portal invitation"),
        type="boolean",
        writer=PORTAL,
        normalizer="boolean",
        help=_lt("yes or no"),
    ),
    # --- spouse
    Target("spouse.name", SPOUSE, _lt("Spouse name"), field_name="name", normalizer="name"),
    Target(
        "spouse.first_name", SPOUSE, _lt("Spouse first name"), writer=NAME_PART, normalizer="name"
    ),
    Target(
        "spouse.last_name", SPOUSE, _lt("Spouse last name"), writer=NAME_PART, normalizer="name"
    ),
    Target(
        "spouse.email",
        SPOUSE,
        _lt("Spouse email"),
        type="email",
        field_name="email",
        normalizer="email",
    ),
    Target(
        "spouse.phone",
        SPOUSE,
        _lt("Spouse phone"),
        type="phone",
        field_name="phone",
        normalizer="phone",
    ),
    Target(
        "spouse.mobile",
        SPOUSE,
        _lt("Spouse mobile"),
        type="phone",
        field_name="mobile",
        normalizer="phone",
    ),
    Target(
        "spouse.birthdate",
        SPOUSE,
        _lt("Spouse birth date"),
        type="date",
        field_name="client_birthdate",
        normalizer="date",
    ),
    Target(
        "spouse.national_number",
        SPOUSE,
        _lt("Spouse national number"),
        type="identifier",
        writer=NATIONAL_NUMBER,
        normalizer="national_number",
    ),
    _notes(SPOUSE, _lt("Spouse notes"), _lt("Internal notes on the spouse")),
)


def default_targets():
    """A fresh list of the standard targets, for callers to extend."""
    return list(_DEFAULT_TARGETS)


def targets_by_key(targets):
    """``{key: Target}``; two targets with one key are a programming error."""
    by_key = {}
    for target in targets:
        if target.key in by_key:
            raise ValueError(f"Two targets use the key {target.key!r}")
        by_key[target.key] = target
    return by_key


def numbered_key(key, number):
    """The key of a contact target for the N-th contact of a row: "contact.email"
    of contact 2 is "contact2.email"; the first contact and other sides keep theirs."""
    if number > 1 and key.startswith(CONTACT + "."):
        return f"{CONTACT}{number}.{key[len(CONTACT) + 1 :]}"
    return key


def unnumbered_key(key):
    """``(key, number)`` of a value key: "contact2.email" -> ("contact.email", 2)."""
    person, dot, suffix = (key or "").partition(".")
    number = person[len(CONTACT) :]
    if dot and person.startswith(CONTACT) and number.isdigit():
        return f"{CONTACT}.{suffix}", int(number)
    return key, 1


def numbered_targets(targets, numbers):
    """Copies of the contact targets keyed for the 2nd, 3rd... contacts of a row."""
    return [
        dataclasses.replace(target, key=numbered_key(target.key, number))
        for number in numbers
        for target in targets
        if target.side == CONTACT and target.writer != NEW_FIELD
    ]
