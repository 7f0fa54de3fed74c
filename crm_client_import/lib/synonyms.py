"""Words people use for our targets and values: data only, no logic.

Header synonyms come from the templates firms already fill in (TaxDome, Accounton,
NumNum), from common contact exports (Google Contacts, Outlook, HubSpot) and from
everyday column names in English, Dutch, French, German and Romanian. Spelling
does not matter: headers and values are compared after folding (case, accents,
spaces, punctuation and underscores removed), so "E-mail adres", "e_mail_adres"
and "EMAIL ADRES" are the same entry. A header must not appear under two targets
(a test checks it).

The catalogue label of each target (English) is matched too, at full confidence;
it is not repeated here.
"""

# target key -> language -> headers. "tools" lists the exact headers of known
# templates and exports (TaxDome, Accounton, NumNum, Google, Outlook, HubSpot).
HEADER_SYNONYMS = {
    "account.name": {
        "tools": ["Company", "Company Name", "Organization Name", "Organization 1 - Name"],
        "en": [
            "Client",
            "Client name",
            "Customer",
            "Customer name",
            "Organization",
            "Organisation",
            "Organisation name",
            "Business name",
            "Relation name",
            "Registered name",
            "Customer label",
        ],
        "nl": [
            "Accountnaam",
            "Klant",
            "Klantnaam",
            "Naam klant",
            "Bedrijf",
            "Bedrijfsnaam",
            "Firma",
            "Firmanaam",
            "Onderneming",
            "Naam onderneming",
            "Organisatie",
            "Relatie",
            "Relatienaam",
            "Dossiernaam",
            "Maatschappelijke naam",
        ],
        "fr": [
            "Nom du compte",
            "Nom du client",
            "Société",
            "Nom de la société",
            "Entreprise",
            "Nom de l'entreprise",
            "Raison sociale",
            "Dénomination",
            "Dénomination sociale",
            "Libellé du client",
            "Libellé client",
        ],
        "de": ["Kontoname", "Kunde", "Kundenname", "Firmenname", "Unternehmen"],
        "ro": [
            "Nume cont",
            "Nume client",
            "Companie",
            "Nume companie",
            "Firmă",
            "Societate",
            "Denumire",
        ],
    },
    "account.type": {
        "tools": ["Type"],
        "en": ["Client type", "Customer type"],
        "nl": ["Accounttype", "Type account", "Soort", "Soort klant", "Klanttype", "Type klant"],
        "fr": ["Type de compte", "Type de client"],
        "de": ["Kontotyp", "Kundentyp", "Typ", "Art"],
        "ro": ["Tip cont", "Tipul de cont", "Tip client", "Tip"],
    },
    "account.legal_form": {
        "tools": ["company_type"],
        "en": [
            "Entity type",
            "Legal entity type",
            "Type of company",
            "Org. form",
            "Organisational form",
        ],
        "nl": ["Rechtsvorm", "Vennootschapsvorm", "Juridische vorm", "Ondernemingsvorm"],
        "fr": ["Forme juridique", "Forme de société", "Forme sociale"],
        "de": ["Rechtsform", "Gesellschaftsform", "Unternehmensform"],
        "ro": ["Formă juridică", "Forma de organizare", "Tip societate"],
    },
    "account.email": {
        "en": ["Company email", "Business email", "General email"],
        "nl": ["Bedrijfs e-mail", "E-mail bedrijf", "Algemeen e-mailadres"],
        "fr": ["E-mail de la société", "E-mail entreprise", "Courriel de l'entreprise"],
        "de": ["Firmen-E-Mail", "E-Mail Firma"],
        "ro": ["E-mail companie", "E-mail firmă"],
    },
    "account.extra_emails": {
        "en": ["Company email 2", "Other company email"],
        "nl": ["E-mail bedrijf 2"],
    },
    "account.phone": {
        "tools": ["Company Main Phone", "Company Phone"],
        "en": ["Account phone number", "Main phone", "Switchboard"],
        "nl": ["Bedrijfstelefoon", "Telefoon bedrijf", "Telefoon onderneming"],
        "fr": ["Téléphone de la société", "Téléphone entreprise", "Standard"],
        "de": ["Firmentelefon", "Telefon Firma", "Zentrale"],
        "ro": ["Telefon firmă", "Telefon companie"],
    },
    "account.website": {
        "tools": ["Web Page", "Website URL", "Website 1 - Value"],
        "en": ["Web site", "URL", "Homepage", "Site"],
        "nl": ["Webpagina", "Webadres", "Internetadres", "Webstek", "URL website"],
        "fr": ["Site web", "Site internet"],
        "de": ["Webseite", "Internetseite", "Internetadresse", "Webadresse"],
        "ro": ["Pagină web", "Adresă web"],
    },
    "account.street": {
        "tools": ["Address", "Street Address", "Business Street", "Address 1 - Street"],
        "en": [
            "Address line 1",
            "Address 1",
            "Street and number",
            "Street 1",
            "Address first line",
        ],
        "nl": [
            "Straat",
            "Adres",
            "Straat en nummer",
            "Straat + nr",
            "Adresregel 1",
            "Straat en huisnummer",
        ],
        "fr": ["Rue", "Adresse", "Rue et numéro", "Adresse ligne 1"],
        "de": ["Straße", "Straße und Hausnummer", "Anschrift"],
        "ro": ["Stradă", "Adresă", "Stradă și număr"],
    },
    "account.street2": {
        "tools": ["Business Street 2", "Address 1 - Extended Address"],
        "en": [
            "Street2",
            "Address line 2",
            "Address 2",
            "Address second line",
            "Apartment",
            "Suite",
        ],
        "nl": ["Straat 2", "Adresregel 2", "Adres 2"],
        "fr": ["Complément d'adresse", "Adresse ligne 2", "Adresse 2"],
        "de": ["Adresszusatz", "Straße 2"],
        "ro": ["Adresă linia 2", "Adresă 2"],
    },
    "account.zip": {
        "tools": ["address_zip", "Postal Code", "Business Postal Code", "Address 1 - Postal Code"],
        "en": ["Zip code", "Zipcode", "Postcode", "Post code"],
        "nl": ["Postnummer"],
        "fr": ["Code postal", "CP", "NPA"],
        "de": ["PLZ", "Postleitzahl"],
        "ro": ["Cod poștal"],
    },
    "account.city": {
        "tools": ["address_city", "Business City", "Address 1 - City"],
        "en": ["Town", "Locality", "Location", "Place"],
        "nl": ["Stad", "Gemeente", "Plaats", "Woonplaats", "Plaatsnaam"],
        "fr": ["Ville", "Localité", "Commune"],
        "de": ["Ort", "Stadt", "Wohnort"],
        "ro": ["Oraș", "Localitate"],
    },
    "account.state": {
        "tools": ["State/Region", "Business State", "Address 1 - Region", "state_id"],
        "en": ["Province", "Region", "State/Province", "County", "State or province"],
        "nl": ["Provincie", "Regio", "Deelstaat"],
        "de": ["Bundesland", "Provinz", "Kanton"],
        "ro": ["Județ", "Regiune"],
        "fr": ["Canton"],
    },
    "account.country": {
        "tools": [
            "address_country",
            "Country/Region",
            "Business Country/Region",
            "Address 1 - Country",
            "country_id",
        ],
        "en": ["Country code", "Country name"],
        "nl": ["Land", "Landcode"],
        "fr": ["Pays", "Code pays"],
        "de": ["Ländercode", "Nationskennzeichen"],
        "ro": ["Țară", "Cod țară"],
    },
    "contact.street": {
        "tools": ["Home Street"],
        "en": ["Contact address", "Home address"],
        "nl": ["Straat contactpersoon", "Adres contactpersoon", "Privéadres"],
        "fr": ["Rue du contact", "Adresse du contact", "Adresse privée"],
        "de": ["Straße Kontaktperson", "Privatadresse"],
        "ro": ["Adresă contact"],
    },
    "contact.street2": {
        "tools": ["Home Street 2"],
        "nl": ["Adresregel 2 contactpersoon"],
        "fr": ["Complément d'adresse du contact"],
    },
    "contact.zip": {
        "tools": ["Home Postal Code"],
        "nl": ["Postcode contactpersoon"],
        "fr": ["Code postal du contact"],
        "de": ["PLZ Kontaktperson"],
        "ro": ["Cod poștal contact"],
    },
    "contact.city": {
        "tools": ["Home City"],
        "nl": ["Gemeente contactpersoon", "Woonplaats contactpersoon"],
        "fr": ["Ville du contact"],
        "de": ["Ort Kontaktperson"],
        "ro": ["Oraș contact"],
    },
    "contact.state": {"tools": ["Home State"], "nl": ["Provincie contactpersoon"]},
    "contact.country": {
        "tools": ["Home Country/Region"],
        "nl": ["Land contactpersoon"],
        "fr": ["Pays du contact"],
        "de": ["Land Kontaktperson"],
        "ro": ["Țară contact"],
    },
    "account.vat": {
        "tools": ["vat_id"],
        "en": ["VAT", "VAT no", "Tax ID", "Tax number", "VAT registration number"],
        "nl": ["BTW", "BTW-nummer", "BTW-nr", "Btw nr.", "Btw-identificatienummer"],
        "fr": [
            "TVA",
            "Numéro de TVA",
            "N° TVA",
            "Numéro TVA",
            "No TVA",
            "N° de TVA",
            "Numéro de TVA intracommunautaire",
        ],
        "de": [
            "USt-IdNr.",
            "USt-ID",
            "UID",
            "Umsatzsteuer-ID",
            "Umsatzsteuer-Identifikationsnummer",
        ],
        "ro": ["Cod TVA", "Număr TVA", "CIF", "CUI", "Cod fiscal"],
    },
    "account.vat_country": {
        "tools": ["vat_country_code"],
        "en": ["VAT country"],
        "nl": ["BTW-landcode", "Landcode BTW"],
        "fr": ["Code pays TVA", "Pays TVA"],
        "de": ["USt-Ländercode"],
        "ro": ["Cod țară TVA"],
    },
    "account.company_registry": {
        "en": [
            "Company number",
            "Company registration number",
            "Company registry",
            "KBO number",
            "CBE number",
            "Chamber of Commerce number",
            "KvK number",
        ],
        "nl": ["Ondernemingsnummer", "Ondernemingsnr", "KBO-nummer", "KBO", "KvK-nummer", "KvK"],
        "fr": [
            "Numéro d'entreprise",
            "Numéro BCE",
            "BCE",
            "SIREN",
            "RCS",
            "SIRET",
            "N° SIRET",
            "Numéro SIRET",
            "N° SIREN",
        ],
        "de": ["Unternehmensnummer", "Handelsregisternummer"],
        "ro": ["Număr de înregistrare", "Nr. Reg. Com.", "Număr registrul comerțului", "IDNO"],
    },
    "contact.birthdate": {
        "en": ["Birth date", "Date of birth", "Birthday", "DOB"],
        "nl": ["Geboortedatum", "Geboren op", "Verjaardag"],
        "fr": ["Date de naissance", "Né le", "Anniversaire"],
        "de": ["Geburtsdatum", "Geboren am", "Geburtstag"],
        "ro": ["Data nașterii", "Data de naștere", "Zi de naștere"],
    },
    "contact.national_number": {
        "tools": ["Registration Number"],
        "en": ["National registration number", "National register number", "NISS", "SSIN"],
        "nl": [
            "Rijksregisternummer",
            "Rijksregisternr",
            "Rijksregister",
            "RR-nummer",
            "INSZ",
            "INSZ-nummer",
            "BIS-nummer",
        ],
        "fr": ["Numéro de registre national", "Numéro national", "Registre national", "Numéro BIS"],
        "de": ["Nationalregisternummer", "Nationalnummer"],
        "ro": ["Număr național", "Număr de registru național"],
    },
    "account.ref": {
        "tools": ["external_id", "Record ID"],
        "en": [
            "Ref",
            "External ID",
            "External reference",
            "Client number",
            "Client code",
            "Client ID",
            "Customer number",
            "Customer ID",
        ],
        "nl": [
            "Referentie",
            "Klantnummer",
            "Klantcode",
            "Extern ID",
            "Externe referentie",
            "Dossiernummer",
            "Relatienummer",
            "Relatiecode",
        ],
        "fr": [
            "Référence",
            "Numéro de client",
            "Code client",
            "ID externe",
            "Numéro de dossier",
            "Compte client",
        ],
        "de": ["Referenz", "Kundennummer", "Externe ID", "Kunden-Nr.", "KundenID", "Kunden-ID"],
        "ro": ["Referință", "Cod client", "Număr client", "ID extern"],
    },
    "account.lang": {
        "tools": ["doc_language"],
        "en": ["Lang", "Preferred language", "Correspondence language", "Document language"],
        "nl": ["Taal", "Voertaal", "Correspondentietaal", "Documenttaal", "Taalcode"],
        "fr": ["Langue", "Langue de correspondance", "Langue des documents"],
        "de": ["Sprache", "Korrespondenzsprache"],
        "ro": ["Limbă", "Limba de corespondență"],
    },
    "account.iban": {
        "en": ["Bank account", "Bank account number", "IBAN number"],
        "nl": ["Rekeningnummer", "Bankrekening", "Bankrekeningnummer", "Rekeningnr"],
        "fr": ["Compte bancaire", "Numéro de compte bancaire", "Numéro IBAN"],
        "de": ["Bankverbindung", "Kontonummer"],
        "ro": ["Cont bancar", "Cont IBAN"],
        "tools": ["bank_ids/acc_number"],
    },
    "account.iban_country": {
        "tools": ["iban_country_code"],
        "nl": ["IBAN-landcode"],
        "fr": ["Code pays IBAN"],
        "de": ["IBAN-Ländercode"],
        "ro": ["Cod țară IBAN"],
    },
    "account.bic": {
        "en": ["SWIFT", "BIC/SWIFT", "SWIFT code", "BIC code", "Swift/BIC"],
        "fr": ["Code BIC"],
        "ro": ["Cod SWIFT"],
    },
    "account.notes": {
        "tools": ["private_notes"],
        "en": ["Note", "Comment", "Comments", "Remarks", "Internal notes", "Private notes"],
        "nl": ["Notities", "Opmerkingen", "Opmerking", "Nota", "Interne notities", "Memo"],
        "fr": [
            "Remarques",
            "Commentaire",
            "Commentaires",
            "Notes internes",
            "Informations supplémentaires",
            "Informations complémentaires",
        ],
        "de": ["Notizen", "Bemerkungen", "Kommentar", "Anmerkungen"],
        "ro": ["Notițe", "Observații", "Comentarii"],
    },
    "account.tags": {
        "tools": ["Labels", "Categories", "Group Membership"],
        "en": ["Tag", "Label", "Category", "Groups"],
        "nl": ["Etiketten", "Categorieën", "Categorie", "Groep", "Groepen", "Trefwoorden"],
        "fr": ["Étiquettes", "Mots clés", "Catégories", "Catégorie"],
        "de": ["Schlagwörter", "Kategorien", "Kategorie"],
        "ro": ["Etichete", "Etichetă", "Categorii"],
    },
    "account.assignee": {
        "tools": ["Responsible", "Contact owner"],
        "en": ["Assignees", "Owner", "Account manager", "Account owner", "Assigned to"],
        "nl": [
            "Verantwoordelijke",
            "Toegewezene",
            "Toegewezenen",
            "Toegewezen aan",
            "Dossierbeheerder",
            "Dossierverantwoordelijke",
        ],
        "fr": ["Responsable", "Gestionnaire", "Assigné à", "Cessionnaire", "Cessionnaires"],
        "de": ["Verantwortlich", "Verantwortlicher", "Zuständig", "Betreuer", "Sachbearbeiter"],
        "ro": ["Responsabil", "Cesionar", "Cesionari", "Atribuit lui"],
    },
    "contact.name": {
        "en": [
            "Contact",
            "Contact person",
            "Full name",
            "Display name",
            "First and last name",
            "Last name, first name",
        ],
        "nl": [
            "Contactnaam",
            "Contactpersoon",
            "Naam contactpersoon",
            "Volledige naam",
            "Naam en voornaam",
            "Naam + voornaam",
            "Voornaam en naam",
            "Voornaam + naam",
            "Persoon",
        ],
        "fr": [
            "Nom du contact",
            "Personne de contact",
            "Nom complet",
            "Nom et prénom",
            "Nom prénom",
            "Prénom et nom",
            "Prénom nom",
        ],
        "de": [
            "Kontaktname",
            "Ansprechpartner",
            "Kontaktperson",
            "Vollständiger Name",
            "Name, Vorname",
            "Nachname, Vorname",
            "Vor- und Nachname",
        ],
        "ro": [
            "Nume contact",
            "Persoană de contact",
            "Nume complet",
            "Nume și prenume",
            "Nume prenume",
            "Prenume și nume",
        ],
    },
    "contact.first_name": {
        "tools": ["Firstname", "first_name", "Given Name"],
        "en": ["Forename"],
        "nl": ["Voornaam"],
        "fr": ["Prénom"],
        "de": ["Vorname"],
        "ro": ["Prenume"],
    },
    "contact.last_name": {
        "tools": ["Lastname", "last_name", "Family Name"],
        "en": ["Surname"],
        "nl": ["Achternaam", "Familienaam"],
        "fr": ["Nom de famille"],
        "de": ["Nachname", "Familienname", "Zuname"],
        "ro": ["Nume de familie"],
    },
    "contact.email": {
        "tools": ["E-mail Address", "E-mail 1 - Value"],
        "en": ["E-mail", "Email address", "Primary email", "Contact email", "Mail"],
        "nl": ["E-mailadres", "Mailadres", "E-mail contactpersoon"],
        "fr": ["Adresse e-mail", "Courriel", "Adresse électronique"],
        "de": ["E-Mail-Adresse"],
        "ro": ["Adresă de e-mail", "Adresa de e-mail"],
    },
    "contact.extra_emails": {
        "tools": ["E-mail 2 Address", "E-mail 3 Address", "E-mail 2 - Value", "E-mail 3 - Value"],
        "en": ["Extra email", "Additional email", "Other email", "Secondary email", "Email 2"],
        "nl": ["Extra e-mailadres", "Tweede e-mailadres", "Ander e-mailadres"],
        "fr": ["E-mail supplémentaire", "Autre e-mail", "Adresse e-mail secondaire"],
        "de": ["Weitere E-Mail", "Zweite E-Mail"],
        "ro": ["E-mail suplimentar", "Alt e-mail", "E-mail secundar"],
    },
    "contact.phone": {
        "tools": ["telephone", "Phone Number", "Business Phone", "Phone 1 - Value"],
        "en": ["Tel", "Work phone", "Landline", "Telephone number"],
        "nl": ["Telefoon", "Telefoonnummer", "Tel. nr.", "Vaste telefoon"],
        "fr": ["Téléphone", "Numéro de téléphone", "Téléphone fixe"],
        "de": ["Telefon", "Telefonnummer", "Festnetz"],
        "ro": ["Număr de telefon"],
    },
    "contact.mobile": {
        "tools": ["cellphone", "Mobile Phone", "Mobile Number", "Mobile Phone Number"],
        "en": ["Cell", "Cell phone", "GSM"],
        "nl": [
            "Gsm-nummer",
            "Mobiel",
            "Mobiele telefoon",
            "Mobiel nummer",
            "Telefoonnummer mobiel",
        ],
        "fr": ["Portable", "Téléphone portable", "Téléphone mobile", "Numéro de portable"],
        "de": ["Handy", "Mobiltelefon", "Mobilnummer", "Handynummer"],
        "ro": ["Mobil", "Telefon mobil", "Număr de mobil"],
    },
    "contact.function": {
        "tools": ["Job Title", "Organization Title", "Organization 1 - Title"],
        "en": ["Function", "Position", "Role"],
        "nl": ["Functie", "Functietitel"],
        "fr": ["Fonction", "Poste"],
        "de": ["Funktion", "Berufsbezeichnung"],
        "ro": ["Funcție", "Poziție"],
    },
    "contact.send_invitation": {
        "tools": ["Have to send invitation mail"],
        "en": ["Send invitation", "Invite", "Invite to portal", "Portal access"],
        "nl": ["Uitnodiging versturen", "Uitnodigen", "Portaaltoegang"],
        "fr": ["Envoyer une invitation", "Inviter", "Accès portail"],
        "de": ["Einladung senden", "Einladen", "Portalzugang"],
        "ro": ["Trimite invitație", "Trimiteți invitații", "Acces portal"],
    },
    # "Naam partner", "Conjoint", "Ehepartner": the header grammar decides (the full
    # name, or the last name beside a first-name column of the spouse).
    "spouse.name": {
        "en": ["Spouse full name"],
        "nl": ["Volledige naam partner"],
        "fr": ["Nom complet du conjoint"],
        "de": ["Vollständiger Name Ehepartner"],
        "ro": ["Nume complet soț/soție"],
    },
    "spouse.first_name": {
        "en": ["Partner first name", "Spouse firstname"],
        "nl": ["Voornaam partner", "Voornaam echtgeno(o)t(e)", "Partner voornaam"],
        "fr": ["Prénom du conjoint", "Prénom conjoint"],
        "de": ["Vorname Ehepartner"],
        "ro": ["Prenume soț/soție"],
    },
    "spouse.last_name": {
        "en": ["Partner last name", "Spouse lastname", "Spouse surname"],
        "nl": ["Achternaam partner", "Familienaam partner", "Familienaam echtgeno(o)t(e)"],
        "fr": ["Nom du conjoint", "Nom de famille du conjoint"],
        "de": ["Nachname Ehepartner"],
        "ro": ["Nume de familie soț/soție"],
    },
    "spouse.email": {
        "en": ["Partner email", "Spouse e-mail address"],
        "nl": ["E-mail partner", "E-mailadres partner", "E-mail echtgeno(o)t(e)"],
        "fr": ["E-mail du conjoint", "Courriel du conjoint"],
        "de": ["E-Mail Ehepartner"],
        "ro": ["E-mail soț/soție"],
    },
    "spouse.phone": {
        "en": ["Partner phone"],
        "nl": ["Telefoon partner", "Telefoon echtgeno(o)t(e)"],
        "fr": ["Téléphone du conjoint"],
        "de": ["Telefon Ehepartner"],
        "ro": ["Telefon soț/soție"],
    },
    "spouse.mobile": {
        "en": ["Partner mobile", "Spouse mobile number"],
        "nl": ["Gsm partner", "Gsm echtgeno(o)t(e)", "Mobiel partner"],
        "fr": ["GSM du conjoint", "Portable du conjoint"],
        "de": ["Handy Ehepartner"],
        "ro": ["Mobil soț/soție"],
    },
    "spouse.national_number": {
        "tools": ["Spouse Registration Number"],
        "en": ["Partner national number"],
        "nl": [
            "Rijksregisternummer partner",
            "Rijksregisternummer echtgeno(o)t(e)",
            "Rijksregisternummer echtgenoot",
        ],
        "fr": ["Numéro national du conjoint", "Registre national du conjoint"],
        "de": ["Nationalregisternummer Ehepartner"],
        "ro": ["Număr național soț/soție"],
    },
}

# Headers that usually mean the target but lose to a clearer column: Outlook's
# "Title" is a salutation, NumNum's "title" is the client name; NumNum has both
# first_name and contactperson_first_name; Google has Occupation and a job title.
WEAK_HEADER_SYNONYMS = {
    "account.name": ["Title", "Titel", "Associated Company"],
    "account.ref": ["ID", "Code"],
    "contact.first_name": ["contactperson_first_name", "Contactpersoon voornaam"],
    "contact.last_name": ["contactperson_last_name", "Contactpersoon familienaam"],
    "contact.function": ["Occupation"],
}

# A bare "Name" is the client (account) name, unless the sheet also has a first
# name column: then it is the last name (Belgian forms: "Naam" + "Voornaam"), or,
# with a last name column too, the contact's full name (Google: Name, Given Name,
# Family Name).
GENERIC_NAME_HEADERS = ["Name", "Naam", "Nom", "Nume"]

# Headers of known exports that carry nothing to import (types of other columns,
# placeholders). They are ignored and never fuzzy-matched to a look-alike.
IGNORED_HEADERS = [
    "Loop Variable",
    "LoopVariable.iteration.placeholder",
    "E-mail 1 - Type",
    "E-mail 2 - Type",
    "E-mail 1 - Label",
    "E-mail 2 - Label",
    "Phone 1 - Type",
    "Phone 2 - Type",
    "Phone 1 - Label",
    "Phone 2 - Label",
    "Address 1 - Type",
    "Address 1 - Label",
    "Address 1 - Formatted",
    "Organization 1 - Type",
    "Website 1 - Type",
    "Photo",
]


# Columns the import's own skipped-rows and warnings files add to the original
# headers (issue 14), in each language: left out when such a file comes back.
IGNORED_HEADERS += ["Row", "Reason", "Rij", "Reden", "Ligne", "Raison", "Zeile", "Grund"]
IGNORED_HEADERS += ["Rând", "Motiv"]

# --- the header grammar (lib/headers.py) ---------------------------------
# A header is read as [role] [side] noun, in any order: "Taxpayer First Name",
# "Naam partner", "Contact 2 Email", "Customer: Telephone number". The noun is
# matched as a whole header; the role picks the person, the side the record.

# Role words: whose value it is. "contact" is the row's first person.
ROLE_WORDS = {
    "contact": [
        "taxpayer", "tax payer", "tp", "primary", "primary contact", "main", "main contact",
        "client", "hoofd", "hoofdcontact", "klant", "belastingplichtige", "aangever",
        "contribuable", "titulaire", "déclarant", "Steuerpflichtiger", "Steuerpflichtige",
        "Hauptkontakt", "contribuabil", "titular",
    ],
    "spouse": [
        "spouse", "sp", "partner", "wife", "husband", "echtgenoot", "echtgenote",
        "echtgeno(o)t(e)", "conjoint", "conjointe", "époux", "épouse", "Ehepartner",
        "Ehegatte", "Ehegattin", "Ehefrau", "Ehemann", "soț", "soție", "soț/soție",
    ],
}  # fmt: skip

# Followed by a number, these name the N-th person of the row: "Contact 2",
# "Contactpersoon 3", "Personne de contact 2", "Kontaktperson 2".
NUMBERED_CONTACT_WORDS = [
    "contact", "contact person", "contactpersoon", "contact persoon", "personne de contact",
    "Kontakt", "Kontaktperson", "Ansprechpartner", "persoană de contact", "persoana de contact",
    "person", "persoon", "personne", "persoană",
]  # fmt: skip

# Side words: the record a value belongs to when no role says it.
SIDE_WORDS = {
    "account": [
        "account", "company", "business", "organisation", "organization", "customer",
        "bedrijf", "onderneming", "firma", "vennootschap", "relatie", "société", "entreprise",
        "Unternehmen", "Kunde", "firmă", "companie", "societate",
    ],
    "contact": [
        "contact", "contact person", "contactpersoon", "contact persoon", "personne de contact",
        "Kontakt", "Kontakts", "Kontaktperson", "Ansprechpartner", "persoană de contact",
        "persoana de contact",
    ],
}  # fmt: skip
# A billing address is the account's: "Adresse de facturation", "Billing City".
SIDE_WORDS["account"] += ["billing", "invoice", "facturatie", "facturation", "Rechnung"]
SIDE_WORDS["account"] += ["facturare"]

# Full-name headers that say the order of the names in their cells.
NAME_ORDER_HINTS = {
    "last_first": [
        "Last name, first name", "Naam en voornaam", "Naam + voornaam", "Nom et prénom",
        "Nom prénom", "Name, Vorname", "Nachname, Vorname", "Nume și prenume", "Nume prenume",
    ],
    "first_last": [
        "First and last name", "Voornaam en naam", "Voornaam + naam", "Prénom et nom",
        "Prénom nom", "Vor- und Nachname", "Prenume și nume",
    ],
}  # fmt: skip

# Small words that tie a role or side to its noun: "Prénom du conjoint", "Name of spouse".
CONNECTOR_WORDS = ["of", "the", "van", "de", "het", "du", "des", "la", "le", "l", "d"]
CONNECTOR_WORDS += ["der", "des", "vom", "von", "lui", "al", "a", "s"]  # "s": "Taxpayer's"

# A field name followed by one of these is a code of that field in the other
# tool's own list ("GesellschaftsformNr", "LandNr"), not the field.
CODE_SUFFIXES = ["Nr", "No", "ID", "Code"]

# Words that make a noun a person's job title ("Contact 2 Title").
PERSON_NOUN_SYNONYMS = {"contact.function": ["Title", "Job"]}

# Headers that say little: their values decide what they are (e-mails, VAT or
# national numbers, phones, account types), when the values agree.
VAGUE_HEADERS = [
    "Name", "Naam", "Nom", "Nume", "Number", "Nummer", "Numéro", "Număr", "Nr", "No",
    "Type", "Typ", "Tip", "Soort", "Code", "Cod", "ID", "Id", "Info", "Data", "Gegevens",
    "Value", "Waarde", "Valeur", "Wert", "Valoare", "Identifier", "Identificatie",
]  # fmt: skip

# Surname particles, lower case: "Jan van der Berg" has the last name "van der Berg".
NAME_PARTICLES = ["van", "von", "de", "der", "den", "du", "des", "di", "da", "del", "della"]
NAME_PARTICLES += ["le", "la", "les", "ter", "ten", "te", "'t", "vd", "op", "zu", "zum", "zur"]
NAME_PARTICLES += ["vom", "dos", "das"]


# --- values -------------------------------------------------------------

ACCOUNT_TYPE_VALUES = {
    "company": [
        "company",
        "business",
        "organisation",
        "legal entity",
        "bedrijf",
        "onderneming",
        "vennootschap",
        "rechtspersoon",
        "société",
        "entreprise",
        "personne morale",
        "Unternehmen",
        "Gesellschaft",
        "juristische Person",
        "firmă",
        "societate",
        "companie",
        "persoană juridică",
    ],
    "individual": [
        "individual",
        "private person",
        "person",
        "private",
        "particulier",
        "persoon",
        "natuurlijk persoon",
        "privépersoon",
        "privé",
        "personne physique",
        "Privatperson",
        "natürliche Person",
        "persoană fizică",
        "persoană",
    ],
    "family": ["family", "household", "familie", "gezin", "famille", "ménage", "Haushalt"],
    "trust": ["trust", "fiducie", "Treuhand"],
    "other": ["other", "andere", "overige", "autre", "sonstige", "altele", "altul"],
}

# Canonical legal form code -> other spellings and full names. Belgian forms
# renamed by the 2019 Code of companies and associations map to their new code
# (BVBA -> BV, SPRL -> SRL, CVBA -> CV, SCRL -> SC, Comm.V/SCS).
LEGAL_FORMS = {
    "BV": [
        "Besloten Vennootschap",
        "BVBA",
        "EBVBA",
        "Besloten Vennootschap met Beperkte Aansprakelijkheid",
        "Eenpersoons-BVBA",
    ],
    "NV": ["Naamloze Vennootschap"],
    "VOF": ["Vennootschap Onder Firma"],
    "CommV": ["Commanditaire Vennootschap", "Gewone Commanditaire Vennootschap", "GCV"],
    "CV": [
        "Coöperatieve Vennootschap",
        "CVBA",
        "Coöperatieve Vennootschap met Beperkte Aansprakelijkheid",
    ],
    "VZW": ["Vereniging Zonder Winstoogmerk"],
    "IVZW": ["Internationale Vereniging Zonder Winstoogmerk"],
    "Stichting": ["Private stichting", "Stichting van openbaar nut"],
    "Eenmanszaak": ["Eenmanszaak natuurlijk persoon"],
    "Maatschap": ["Burgerlijke maatschap"],
    "SRL": [
        "Société à responsabilité limitée",
        "SPRL",
        "SPRLU",
        "Société privée à responsabilité limitée",
        "Societate cu răspundere limitată",
    ],
    "SA": ["Société anonyme", "Societate pe acțiuni"],
    "SC": ["Société coopérative", "SCRL", "Société coopérative à responsabilité limitée"],
    "SNC": ["Société en nom collectif", "Societate în nume colectiv"],
    "SComm": ["Société en commandite", "SCS", "Société en commandite simple"],
    "ASBL": ["Association sans but lucratif"],
    "AISBL": ["Association internationale sans but lucratif"],
    "Fondation": ["Fondation privée", "Fondation d'utilité publique"],
    "EI": ["Entreprise individuelle"],
    "SARL": [],
    "SAS": ["Société par actions simplifiée"],
    "SASU": ["Société par actions simplifiée unipersonnelle"],
    "EURL": ["Entreprise unipersonnelle à responsabilité limitée"],
    "SCI": ["Société civile immobilière"],
    "GmbH": ["Gesellschaft mit beschränkter Haftung"],
    "AG": ["Aktiengesellschaft"],
    "KG": ["Kommanditgesellschaft"],
    "OHG": ["Offene Handelsgesellschaft"],
    "UG": ["Unternehmergesellschaft", "UG (haftungsbeschränkt)"],
    "GbR": ["Gesellschaft bürgerlichen Rechts"],
    "GmbH & Co. KG": [],
    "eV": ["eingetragener Verein"],
    "Ltd": ["Limited", "Private limited company"],
    "PLC": ["Public limited company"],
    "LLP": ["Limited liability partnership"],
    "LLC": ["Limited liability company"],
    "Inc": ["Incorporated", "Corporation"],
    "PFA": ["Persoană fizică autorizată"],
    "II": ["Întreprindere individuală"],
    "IF": ["Întreprindere familială"],
    "SE": ["Societas Europaea", "Europese vennootschap", "Société européenne"],
}

# ISO 3166-1 alpha-2, alpha-3, then names in English, Dutch, French, German and
# Romanian (only the spellings that differ). EU members, neighbours and the
# countries Belgian and Dutch firms meet most.
COUNTRIES = [
    ("AT", "AUT", ["Austria", "Oostenrijk", "Autriche", "Österreich"]),
    ("BE", "BEL", ["Belgium", "België", "Belgique", "Belgien", "Belgia"]),
    ("BG", "BGR", ["Bulgaria", "Bulgarije", "Bulgarie", "Bulgarien"]),
    ("HR", "HRV", ["Croatia", "Kroatië", "Croatie", "Kroatien", "Croația"]),
    ("CY", "CYP", ["Cyprus", "Chypre", "Zypern", "Cipru"]),
    ("CZ", "CZE", ["Czechia", "Czech Republic", "Tsjechië", "Tchéquie", "Tschechien", "Cehia"]),
    ("DK", "DNK", ["Denmark", "Denemarken", "Danemark", "Dänemark", "Danemarca"]),
    ("EE", "EST", ["Estonia", "Estland", "Estonie"]),
    ("FI", "FIN", ["Finland", "Finlande", "Finnland", "Finlanda"]),
    ("FR", "FRA", ["France", "Frankrijk", "Frankreich", "Franța"]),
    ("DE", "DEU", ["Germany", "Duitsland", "Allemagne", "Deutschland", "Germania"]),
    ("GR", "GRC", ["Greece", "Griekenland", "Grèce", "Griechenland", "Grecia", "EL"]),
    ("HU", "HUN", ["Hungary", "Hongarije", "Hongrie", "Ungarn", "Ungaria"]),
    ("IE", "IRL", ["Ireland", "Ierland", "Irlande", "Irland", "Irlanda"]),
    ("IT", "ITA", ["Italy", "Italië", "Italie", "Italien", "Italia"]),
    ("LV", "LVA", ["Latvia", "Letland", "Lettonie", "Lettland", "Letonia"]),
    ("LT", "LTU", ["Lithuania", "Litouwen", "Lituanie", "Litauen", "Lituania"]),
    ("LU", "LUX", ["Luxembourg", "Luxemburg"]),
    ("MT", "MLT", ["Malta", "Malte"]),
    (
        "NL",
        "NLD",
        [
            "Netherlands",
            "The Netherlands",
            "Holland",
            "Nederland",
            "Pays-Bas",
            "Niederlande",
            "Olanda",
            "Țările de Jos",
        ],
    ),
    ("PL", "POL", ["Poland", "Polen", "Pologne", "Polonia"]),
    ("PT", "PRT", ["Portugal", "Portugalia"]),
    ("RO", "ROU", ["Romania", "Roemenië", "Roumanie", "Rumänien", "România"]),
    ("SK", "SVK", ["Slovakia", "Slowakije", "Slovaquie", "Slowakei", "Slovacia"]),
    ("SI", "SVN", ["Slovenia", "Slovenië", "Slovénie", "Slowenien"]),
    ("ES", "ESP", ["Spain", "Spanje", "Espagne", "Spanien", "Spania"]),
    ("SE", "SWE", ["Sweden", "Zweden", "Suède", "Schweden", "Suedia"]),
    (
        "GB",
        "GBR",
        [
            "United Kingdom",
            "UK",
            "Great Britain",
            "England",
            "Verenigd Koninkrijk",
            "Groot-Brittannië",
            "Engeland",
            "Royaume-Uni",
            "Grande-Bretagne",
            "Angleterre",
            "Vereinigtes Königreich",
            "Großbritannien",
            "Regatul Unit",
            "Marea Britanie",
        ],
    ),
    ("CH", "CHE", ["Switzerland", "Zwitserland", "Suisse", "Schweiz", "Elveția"]),
    ("NO", "NOR", ["Norway", "Noorwegen", "Norvège", "Norwegen", "Norvegia"]),
    ("IS", "ISL", ["Iceland", "IJsland", "Islande", "Island", "Islanda"]),
    ("LI", "LIE", ["Liechtenstein"]),
    ("MC", "MCO", ["Monaco"]),
    ("AD", "AND", ["Andorra", "Andorre"]),
    ("SM", "SMR", ["San Marino", "Saint-Marin"]),
    ("AL", "ALB", ["Albania", "Albanië", "Albanie", "Albanien"]),
    ("RS", "SRB", ["Serbia", "Servië", "Serbie", "Serbien"]),
    ("UA", "UKR", ["Ukraine", "Oekraïne", "Ucraina"]),
    ("MD", "MDA", ["Moldova", "Moldavië", "Moldavie", "Moldau", "Republica Moldova"]),
    ("RU", "RUS", ["Russia", "Rusland", "Russie", "Russland", "Rusia"]),
    (
        "US",
        "USA",
        [
            "United States",
            "United States of America",
            "Verenigde Staten",
            "États-Unis",
            "Vereinigte Staaten",
            "Statele Unite",
        ],
    ),
    ("CA", "CAN", ["Canada", "Kanada"]),
    ("MA", "MAR", ["Morocco", "Marokko", "Maroc"]),
    ("TR", "TUR", ["Turkey", "Türkiye", "Turkije", "Turquie", "Türkei", "Turcia"]),
    ("DZ", "DZA", ["Algeria", "Algerije", "Algérie", "Algerien"]),
    ("TN", "TUN", ["Tunisia", "Tunesië", "Tunisie", "Tunesien"]),
    (
        "CD",
        "COD",
        [
            "DR Congo",
            "Democratic Republic of the Congo",
            "Democratische Republiek Congo",
            "République démocratique du Congo",
            "RDC",
            "Demokratische Republik Kongo",
        ],
    ),
    ("IL", "ISR", ["Israel", "Israël"]),
    (
        "AE",
        "ARE",
        [
            "United Arab Emirates",
            "Verenigde Arabische Emiraten",
            "Émirats arabes unis",
            "Vereinigte Arabische Emirate",
        ],
    ),
    ("CN", "CHN", ["China", "Chine"]),
    ("JP", "JPN", ["Japan", "Japon"]),
    ("IN", "IND", ["India", "Inde", "Indien"]),
    ("BR", "BRA", ["Brazil", "Brazilië", "Brésil", "Brasilien"]),
    ("AU", "AUS", ["Australia", "Australië", "Australie", "Australien"]),
    ("ZA", "ZAF", ["South Africa", "Zuid-Afrika", "Afrique du Sud", "Südafrika"]),
    ("MX", "MEX", ["Mexico", "Mexique", "Mexiko"]),
]

# Base language -> names and codes people write. The single letters are the
# language codes of Belgian accounting packages (N, F, D, E).
LANGUAGE_VALUES = {
    "nl": ["Dutch", "Flemish", "Nederlands", "Vlaams", "Néerlandais", "Niederländisch", "N"],
    "fr": ["French", "Frans", "Français", "Französisch", "Franceză", "F"],
    "de": ["German", "Duits", "Allemand", "Deutsch", "Germană", "D"],
    "en": ["English", "Engels", "Anglais", "Englisch", "Engleză", "E"],
    "ro": ["Romanian", "Roemeens", "Roumain", "Rumänisch", "Română"],
}

# Installed Odoo language to prefer for a base language, in order; any other
# installed variant of the base language comes after these.
LOCALE_PREFERENCES = {
    "nl": ["nl_BE", "nl_NL"],
    "fr": ["fr_BE", "fr_FR"],
    "de": ["de_DE", "de_CH"],
    "en": ["en_US", "en_GB"],
    "ro": ["ro_RO"],
}

BOOLEAN_VALUES = {
    True: ["yes", "y", "ja", "j", "oui", "da", "true", "waar", "vrai", "wahr", "1", "x", "on"],
    False: ["no", "n", "nee", "non", "nein", "nu", "false", "onwaar", "faux", "falsch", "0", "off"],
}
