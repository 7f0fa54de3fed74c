"""The type of an account (company, individual, family), decided row by row from
what the row itself says, with the reason, so that a person can check the choice
and change it for every account decided for the same reason.

Evidence, strongest first (the first that applies decides):

1. a value in the account type column, when one is mapped;
2. a legal form, in the name ("Bakkerij Peeters BV", "S.R.L. Popescu") or in a
   legal form column: a company. The forms of a person trading in their own name
   (Eenmanszaak, EI, PFA, II, IF) are no evidence;
3. an enterprise or VAT number: a company;
4. a family word in the name ("Familie Peeters", "Famille Dubois", "The Smith
   family"): a family;
5. two people's names joined by en, et, and, und, &, + or și ("Jan Janssens en
   Marie Peeters", "Dirk & Sofie Claes"): a family;
6. a national number (the account's, or the row's contact's): an individual;
7. a name equal to the row's contact's, in any word order ("Peeters Jan" and
   "Jan Peeters"): an individual;
8. a name shaped like a person's: two to four capitalised words (particles such
   as "van", "de", "du" aside), letters only, no word of a trade ("Garage",
   "Bakkerij", "Consulting"...): an individual;
9. nothing: the type the user chose for such accounts (a company by default).

    >>> decide_account_type({"name": "Bakkerij Van den Broeck BV"})
    ('company', 'legal_form')
    >>> decide_account_type({"name": "Jan Janssens en Marie Peeters"})
    ('family', 'two_people')
    >>> decide_account_type({"name": "Peeters Jan"}, {"name": "Jan Peeters"})
    ('individual', 'contact_name')
"""

from .errors import _lt
from .identity import person_name_key
from .names import household_parts
from .normalize import fold, squash
from .synonyms import LEGAL_FORMS, NAME_PARTICLES

COMPANY = "company"
INDIVIDUAL = "individual"
FAMILY = "family"

FROM_COLUMN = "column"
LEGAL_FORM = "legal_form"
COMPANY_NUMBER = "company_number"
FAMILY_WORD = "family_word"
TWO_PEOPLE = "two_people"
NATIONAL_NUMBER = "national_number"
CONTACT_NAME = "contact_name"
PERSON_NAME = "person_name"
NO_EVIDENCE = "no_evidence"

# Reason -> the type it gives (None: the column's value, or the default) and its words.
REASONS = {
    FROM_COLUMN: (None, _lt("The account type column")),
    LEGAL_FORM: (COMPANY, _lt("A legal form (BV, NV, SRL, GmbH...)")),
    COMPANY_NUMBER: (COMPANY, _lt("An enterprise or VAT number")),
    FAMILY_WORD: (FAMILY, _lt("A family word in the name (familie, famille, family)")),
    TWO_PEOPLE: (FAMILY, _lt("Two people's names joined by en, et, and, & or și")),
    NATIONAL_NUMBER: (INDIVIDUAL, _lt("A national number")),
    CONTACT_NAME: (INDIVIDUAL, _lt("The same name as the row's contact")),
    PERSON_NAME: (INDIVIDUAL, _lt("A person's name (first and last name)")),
    NO_EVIDENCE: (None, _lt("Nothing in the row tells: the default type")),
}

# Forms of a person trading in their own name: an individual, not a company.
PERSONAL_FORMS = frozenset({"Eenmanszaak", "EI", "PFA", "II", "IF"})
_FORMS = {
    fold(name): code
    for code, names in LEGAL_FORMS.items()
    if code not in PERSONAL_FORMS
    for name in (code, *names)
}
_LONGEST_FORM = max(len(name.split()) for names in LEGAL_FORMS.values() for name in names)
_PARTICLES = frozenset(NAME_PARTICLES)
_PUNCTUATION = ',;:()[]"“”'
# A person's name has at most this many words, particles ("van", "de") aside.
MAX_NAME_WORDS = 4

FAMILY_WORDS = frozenset(
    fold(word)
    for word in (
        "familie", "famille", "family", "fam", "gezin", "familia", "famiglia", "household",
        "huishouden", "ménage", "haushalt", "echtpaar", "couple", "époux", "soții",
    )
)  # fmt: skip

# Words of a trade or an organisation (nl, fr, de, en, ro), folded: a name with one
# of them is not a person's.
BUSINESS_WORDS = frozenset(
    fold(word)
    for word in (
        # nl
        "bakkerij", "slagerij", "beenhouwerij", "brouwerij", "apotheek", "bouw",
        "bouwbedrijf", "bouwwerken", "aannemer", "aannemingen", "vastgoed", "immo",
        "immobiliën", "kantoor", "advocatenkantoor", "advocaten", "architecten",
        "architectenbureau", "boekhoudkantoor", "boekhouding", "accountancy", "accountants",
        "fiscalisten", "adviesbureau", "advies", "diensten", "groep", "handel", "beheer",
        "schrijnwerkerij", "schilderwerken", "dakwerken", "elektriciteit", "loodgieterij",
        "installaties", "verzekeringen", "kapsalon", "praktijk", "tandartspraktijk",
        "dierenarts", "centrum", "winkel", "zaak", "frituur", "taverne", "bloemisterij",
        "drukkerij", "reclame", "techniek", "logistiek", "vennoten", "zonen", "gebroeders",
        "gebr", "vereniging", "fonds", "federatie", "ziekenhuis", "kliniek", "optiek",
        "juwelier", "tuinaanleg", "hoeve", "boerderij", "kwekerij", "secretariaat",
        "schoonmaak", "huis", "het", "crèmerie", "carrosserie", "autobedrijf", "zoon",
        "dochters", "bank", "klant", "klanten",
        # fr
        "boulangerie", "pâtisserie", "boucherie", "pharmacie", "cabinet", "étude",
        "notaire", "notaires", "avocats", "architectes", "comptable", "comptabilité",
        "fiduciaire", "conseil", "conseils", "construction", "constructions", "entreprise",
        "entreprises", "ets", "établissements", "immobilière", "immobilier", "transports",
        "groupe", "société", "compagnie", "cie", "fils", "frères", "associés", "maison",
        "boutique", "magasin", "centre", "clinique", "institut", "laboratoire", "fromagerie",
        "librairie", "imprimerie", "menuiserie", "plomberie", "toiture", "peinture",
        "nettoyage", "traiteur", "friterie", "coiffure", "informatique", "gestion",
        "belgique", "fille", "filles", "banque",
        # de
        "bäckerei", "metzgerei", "apotheke", "beratung", "bau", "gruppe", "immobilien",
        "kanzlei", "praxis", "steuerberatung", "steuerberater", "treuhand", "verwaltung",
        "werkstatt", "autohaus", "systeme", "technik", "dienstleistungen", "transporte",
        "logistik", "söhne", "gesellschaft", "verein", "stiftung",
        # en
        "bakery", "pharmacy", "consulting", "consultancy", "consultants", "consult",
        "services", "service", "solutions", "systems", "group", "holding", "holdings",
        "partners", "associates", "sons", "brothers", "company", "corporation",
        "enterprises", "industries", "international", "trading", "logistics", "management",
        "capital", "finance", "financial", "invest", "investments", "properties", "estate",
        "builders", "motors", "garage", "shop", "store", "studio", "agency", "design",
        "media", "software", "technologies", "tech", "labs", "clinic", "dental", "medical",
        "center", "foundation", "trust", "club", "school", "restaurant", "café", "bar",
        "pub", "hotel", "brasserie", "bistro", "atelier", "salon", "farm", "energy",
        "import", "export", "transport", "auto", "cars", "sport", "fashion", "events",
        "europe", "benelux", "belgium", "co", "client", "clients",
        # ro
        "brutărie", "farmacie", "birou", "consultanță", "servicii", "construcții", "grup",
        "firma", "societate", "companie", "magazin", "imobiliare", "contabilitate",
        "expertiză", "clinica", "centru", "asociația", "fundația", "școala",
    )
)  # fmt: skip


# Dutch and German make one word of a trade and what is traded ("Houthandel",
# "Autobedrijf", "Dakwerken"): a word ending in one of these is a trade too.
BUSINESS_ENDINGS = tuple(
    fold(word)
    for word in (
        "handel", "bedrijf", "werken", "winkel", "kantoor", "centrum", "praktijk", "bureau",
        "werkstatt", "handlung",
    )
)  # fmt: skip


def is_business_word(word):
    folded = fold(word)
    return folded in BUSINESS_WORDS or any(
        folded.endswith(ending) and folded != ending for ending in BUSINESS_ENDINGS
    )


def decide_account_type(account, person=None, default=COMPANY):
    """``(type, reason)`` of an account from its planned values (``name``, ``type``,
    ``legal_form``, ``vat``, ``company_registry``, ``national_number``) and those of
    the row's contact (``name`` or ``first_name`` and ``last_name``,
    ``national_number``); ``default`` when nothing tells."""
    person = person or {}
    name = squash(account.get("name"))
    if account.get("type"):
        return account["type"], FROM_COLUMN
    if _legal_form_column(account.get("legal_form")) or has_legal_form(name):
        return COMPANY, LEGAL_FORM
    if account.get("vat") or account.get("company_registry"):
        return COMPANY, COMPANY_NUMBER
    if has_family_word(name):
        return FAMILY, FAMILY_WORD
    if is_two_people(name):
        return FAMILY, TWO_PEOPLE
    if account.get("national_number") or person.get("national_number"):
        return INDIVIDUAL, NATIONAL_NUMBER
    contact = person.get("name") or " ".join(
        part for part in (person.get("first_name"), person.get("last_name")) if part
    )
    if contact and person_name_key(contact) == person_name_key(name):
        return INDIVIDUAL, CONTACT_NAME
    if is_person_name(name):
        return INDIVIDUAL, PERSON_NAME
    return default, NO_EVIDENCE


def _legal_form_column(code):
    return bool(code) and code not in PERSONAL_FORMS


def _words(name):
    return [word.strip(_PUNCTUATION) for word in squash(name).split()]


def has_legal_form(name):
    """Whether the name starts or ends with the legal form of a company or an
    association: "Tech Solutions NV", "B.V. Peeters", "Müller GmbH & Co. KG".
    A short form written like a name ("Koen De Sa") does not count."""
    words = [word for word in _words(name) if word]
    for size in range(1, min(_LONGEST_FORM, len(words)) + 1):
        for part in (words[-size:], words[:size]):
            if _is_form(" ".join(part)):
                return True
    return False


def _is_form(text):
    code = _FORMS.get(fold(text))
    if code is None:
        return False
    if len(fold(text)) > 3 or text.rstrip(".") == code:
        return True
    letters = [char for char in text if char.isalpha()]
    return not (letters[0].isupper() and "".join(letters[1:]).islower())


def has_family_word(name):
    return any(fold(word) in FAMILY_WORDS for word in _words(name))


def is_two_people(name):
    """ "Jan Janssens en Marie Peeters", "Dirk & Sofie Claes", "M. et Mme Dubois"."""
    parts = household_parts(name)
    return len(parts) == 2 and all(_is_name_part(part, minimum=1) for part in parts)


def is_person_name(name):
    """ "Marc Lambert", "JANSSENS Peter", "Van den Broeck Marie", "Dr. An De Smet"."""
    return _is_name_part(name, minimum=2)


def _is_name_part(text, minimum):
    words = _words(text)
    if not words or len(words) > MAX_NAME_WORDS + 3:
        return False
    named = 0
    for word in words:
        if word.casefold() in _PARTICLES:
            continue
        letters = word.replace("-", "").replace("'", "").replace("’", "").rstrip(".")
        if not letters.isalpha() or not letters[0].isupper():
            return False
        if is_business_word(word):
            return False
        named += 1
    return minimum <= named <= MAX_NAME_WORDS
