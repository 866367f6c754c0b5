"""What can be imported: the kinds of list and the canonical columns of each.

A column's ``key`` is the canonical name written in templates, exports and the README; its
``title`` is shown translated; its ``synonyms`` are other header spellings found in real lists
(Azerbaijani, Russian, English, and the XML names KoboToolbox forms commonly use). Headers are
compared folded (``domain.people.fold``) with ``_``, ``-`` and ``.`` read as spaces, so the
synonyms below need no case or spacing variants.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass, replace
from enum import StrEnum

from cso_desktop.domain import vocab
from cso_desktop.i18n import N_


class ImportKind(StrEnum):
    BENEFICIARIES = "beneficiaries"
    MEMBERS = "members"
    VOLUNTEERS = "volunteers"
    ATTENDANCE = "attendance"
    EXPENSES = "expenses"


#: Translatable names of the kinds, for titles and messages.
KIND_TITLES: dict[ImportKind, str] = {
    ImportKind.BENEFICIARIES: N_("Beneficiaries"),
    ImportKind.MEMBERS: N_("Members"),
    ImportKind.VOLUNTEERS: N_("Volunteers"),
    ImportKind.ATTENDANCE: N_("Attendance (services received)"),
    ImportKind.EXPENSES: N_("Expenses"),
}


class FieldType(StrEnum):
    TEXT = "text"
    DATE = "date"
    INTEGER = "integer"
    DECIMAL = "decimal"
    MONEY = "money"
    SEX = "sex"
    YES_NO = "yes_no"
    WG = "wg"  # a Washington Group answer, 1-4
    CODE = "code"  # a code of Field.vocabulary (several, separated by ";" for vulnerability)
    RAYON = "rayon"
    PHONE = "phone"
    NATIONAL_ID = "national_id"
    CURRENCY = "currency"


@dataclass(frozen=True)
class Field:
    """One canonical column.

    Attributes:
        key: the canonical column name (``first_name``).
        title: ``N_()``-marked; translate with ``_()`` where shown.
        type: how cells are read.
        required: a row without it is refused.
        vocabulary: the codes of a ``CODE`` field.
        help: ``N_()``-marked one line for the template's instructions sheet.
        synonyms: other header spellings (az, ru, en, Kobo names).
    """

    key: str
    title: str
    type: FieldType
    required: bool = False
    vocabulary: builtins.type[StrEnum] | None = None
    help: str = ""
    synonyms: tuple[str, ...] = ()


# --- fields shared by the people registers ----------------------------------------------------

_FIRST_NAME = Field(
    "first_name",
    N_("First name"),
    FieldType.TEXT,
    help=N_("The person's given name."),
    synonyms=("ad", "adı", "adi", "имя", "name", "given name", "firstname", "ism", "ad_", "fname"),
)
_LAST_NAME = Field(
    "last_name",
    N_("Last name"),
    FieldType.TEXT,
    help=N_("The family name."),
    synonyms=(
        "soyad",
        "soyadı",
        "soyadi",
        "фамилия",
        "surname",
        "family name",
        "lastname",
        "lname",
    ),
)
_PATRONYMIC = Field(
    "patronymic",
    N_("Patronymic"),
    FieldType.TEXT,
    help=N_("The father's name (ata adı), optional."),
    synonyms=("ata adı", "ata adi", "atasının adı", "отчество", "father's name", "father name"),
)
_SEX = Field(
    "sex",
    N_("Sex"),
    FieldType.SEX,
    required=True,
    help=N_("Female or male, in any language: qadın / kişi, Ж / М, F / M."),
    synonyms=("cins", "cinsi", "cinsiyyət", "cinsiyet", "пол", "gender", "jins", "jinsi", "sex_"),
)
_DATE_OF_BIRTH = Field(
    "date_of_birth",
    N_("Date of birth"),
    FieldType.DATE,
    help=N_("As dd.mm.yyyy (31.12.1985) or yyyy-mm-dd."),
    synonyms=(
        "doğum tarixi",
        "dogum tarixi",
        "təvəllüd",
        "tevellud",
        "дата рождения",
        "д р",
        "др",
        "dob",
        "birth date",
        "birth_date",
        "birthdate",
        "date of birth",
        "born",
    ),
)
_PHONE = Field(
    "phone",
    N_("Phone"),
    FieldType.PHONE,
    help=N_("An Azerbaijani number: 050 123 45 67 or +994 50 123 45 67."),
    synonyms=(
        "telefon",
        "telefon nömrəsi",
        "mobil",
        "mobil nömrə",
        "əlaqə nömrəsi",
        "телефон",
        "моб телефон",
        "мобильный",
        "номер телефона",
        "phone number",
        "mobile",
        "tel",
        "тел",
        "contact number",
    ),
)
_EMAIL = Field(
    "email",
    N_("E-mail"),
    FieldType.TEXT,
    help=N_("An address such as name@example.az."),
    synonyms=("e-poçt", "e-poct", "elektron poçt", "эл почта", "электронная почта", "e mail"),
)
_RAYON = Field(
    "rayon",
    N_("Rayon"),
    FieldType.RAYON,
    help=N_("The rayon or city, in Azerbaijani, Russian or English, or its ISO code (AZ-ABS)."),
    synonyms=(
        "rayon",
        "rayon adı",
        "район",
        "district",
        "region",
        "rayon_code",
        "yaşadığı rayon",
        "şəhər rayon",
        "город район",
        "adm2",
    ),
)
_SETTLEMENT = Field(
    "settlement",
    N_("Settlement"),
    FieldType.TEXT,
    help=N_("The village, settlement or city district."),
    synonyms=(
        "kənd",
        "kend",
        "qəsəbə",
        "yaşayış məntəqəsi",
        "село",
        "поселок",
        "населенный пункт",
        "village",
        "town",
    ),
)
_JOINED_ON = Field(
    "joined_on",
    N_("Joined on"),
    FieldType.DATE,
    required=True,
    help=N_("The day the person joined, as dd.mm.yyyy."),
    synonyms=(
        "üzv olduğu tarix",
        "qoşulma tarixi",
        "qəbul tarixi",
        "başlama tarixi",
        "дата вступления",
        "дата приема",
        "joined",
        "join date",
        "date joined",
        "start date",
    ),
)
_NOTES = Field(
    "notes",
    N_("Notes"),
    FieldType.TEXT,
    help=N_("Anything else worth keeping (optional)."),
    synonyms=("qeyd", "qeydlər", "izah", "примечание", "примечания", "комментарий", "comment"),
)

_BENEFICIARIES = (
    Field(
        "registration_no",
        N_("Registration number"),
        FieldType.TEXT,
        help=N_("Leave empty to number new people automatically."),
        synonyms=(
            "qeydiyyat nömrəsi",
            "qeydiyyat no",
            "reg no",
            "регистрационный номер",
            "рег номер",
            "registration number",
            "beneficiary id",
        ),
    ),
    Field(
        "household_code",
        N_("Household code"),
        FieldType.TEXT,
        help=N_("The same code on every member of one household."),
        synonyms=(
            "ailə kodu",
            "ailə",
            "ailə no",
            "ev təsərrüfatı",
            "код семьи",
            "семья",
            "домохозяйство",
            "household",
            "household id",
            "hh id",
            "hh code",
            "hhid",
        ),
    ),
    Field(
        "relation_to_head",
        N_("Relation to the head of household"),
        FieldType.CODE,
        vocabulary=vocab.HouseholdRelation,
        help=N_("head, spouse, child, parent… (the first member of a household is its head)."),
        synonyms=(
            "ailə başçısına münasibət",
            "qohumluq",
            "qohumluq dərəcəsi",
            "отношение к главе",
            "родство",
            "relationship",
            "relation",
            "relationship to head",
        ),
    ),
    _FIRST_NAME,
    _LAST_NAME,
    _PATRONYMIC,
    _SEX,
    _DATE_OF_BIRTH,
    Field(
        "age",
        N_("Age"),
        FieldType.INTEGER,
        help=N_("In years, when the date of birth is not known."),
        synonyms=("yaş", "yas", "yaşı", "возраст", "age years", "age_years", "лет"),
    ),
    *(
        Field(
            f"wg_{domain}",
            title,
            FieldType.WG,
            help=N_("1 no difficulty, 2 some, 3 a lot, 4 cannot do at all."),
            synonyms=(*synonyms, *(f"wg {s}" for s in synonyms)),
        )
        for domain, title, synonyms in (
            ("seeing", N_("Difficulty seeing"), ("görmə", "зрение", "seeing", "wg seeing", "see")),
            ("hearing", N_("Difficulty hearing"), ("eşitmə", "слух", "hearing", "hear")),
            (
                "walking",
                N_("Difficulty walking"),
                ("yerimə", "hərəkət", "ходьба", "передвижение", "walking", "walk", "mobility"),
            ),
            (
                "remembering",
                N_("Difficulty remembering"),
                ("yaddaş", "память", "remembering", "memory", "cognition", "remember"),
            ),
            (
                "selfcare",
                N_("Difficulty with self-care"),
                ("özünə qulluq", "самообслуживание", "self-care", "self care", "selfcare"),
            ),
            (
                "communicating",
                N_("Difficulty communicating"),
                ("ünsiyyət", "общение", "communicating", "communication", "communicate"),
            ),
        )
    ),
    Field(
        "displacement_status",
        N_("Displacement status"),
        FieldType.CODE,
        vocabulary=vocab.DisplacementStatus,
        help=N_("idp, refugee, returnee, host or none. Empty: not displaced."),
        synonyms=(
            "status",
            "köçkün statusu",
            "məcburi köçkün",
            "köçkün",
            "статус",
            "статус перемещения",
            "впл",
            "displacement",
            "idp status",
        ),
    ),
    Field(
        "origin_rayon",
        N_("Rayon of origin"),
        FieldType.RAYON,
        help=N_("Where a displaced person comes from."),
        synonyms=("gəldiyi rayon", "köçkün olduğu rayon", "район происхождения", "origin"),
    ),
    _PHONE,
    Field(
        "national_id",
        N_("FİN (personal ID)"),
        FieldType.NATIONAL_ID,
        help=N_("The 7-character FİN from the ID card, for example 5ZK7P2H."),
        synonyms=(
            "fin",
            "fin kod",
            "fin kodu",
            "fərdi identifikasiya nömrəsi",
            "şəxsiyyət vəsiqəsi",
            "фин",
            "фин код",
            "national id",
            "id number",
            "personal id",
            "pin",
        ),
    ),
    _RAYON,
    _SETTLEMENT,
    Field(
        "vulnerability",
        N_("Vulnerability"),
        FieldType.CODE,
        vocabulary=vocab.Vulnerability,
        help=N_("One or more criteria, separated by ';' (low_income; unemployed)."),
        synonyms=("həssaslıq", "həssas qrup", "уязвимость", "категория уязвимости", "vulnerable"),
    ),
    Field(
        "consent_date",
        N_("Consent date"),
        FieldType.DATE,
        help=N_(
            "The day the person agreed to be registered. Required for a named person; leave "
            "the names, phone and FİN empty to register someone anonymously."
        ),
        synonyms=("razılıq tarixi", "razılıq", "дата согласия", "согласие", "consent"),
    ),
    Field(
        "registration_date",
        N_("Registration date"),
        FieldType.DATE,
        help=N_("The day of registration; empty: the day of the import."),
        synonyms=(
            "qeydiyyat tarixi",
            "дата регистрации",
            "registered on",
            "registration date",
            "date registered",
            "submission time",
            "_submission_time",
            "today",
        ),
    ),
    _NOTES,
)

_MEMBERS = (
    Field(
        "membership_no",
        N_("Membership number"),
        FieldType.TEXT,
        help=N_("Leave empty to number new members automatically."),
        synonyms=("üzvlük nömrəsi", "üzv no", "членский номер", "номер члена", "member no"),
    ),
    replace(_FIRST_NAME, required=True),
    replace(_LAST_NAME, required=True),
    _PATRONYMIC,
    _SEX,
    _DATE_OF_BIRTH,
    _PHONE,
    _EMAIL,
    Field(
        "address",
        N_("Address"),
        FieldType.TEXT,
        help=N_("Street and house (optional)."),
        synonyms=("ünvan", "unvan", "адрес", "address"),
    ),
    _RAYON,
    _JOINED_ON,
    Field(
        "status",
        N_("Status"),
        FieldType.CODE,
        vocabulary=vocab.MemberStatus,
        help=N_("active, suspended, left or deceased. Empty: active."),
        synonyms=("status", "üzvlük statusu", "статус", "membership status"),
    ),
    Field(
        "left_on",
        N_("Left on"),
        FieldType.DATE,
        help=N_("The day the membership ended (for members who left or died)."),
        synonyms=("çıxma tarixi", "дата выхода", "left", "end date"),
    ),
    Field(
        "category",
        N_("Member category"),
        FieldType.TEXT,
        help=N_("The name of a category already set up in Members."),
        synonyms=("kateqoriya", "üzvlük kateqoriyası", "категория", "category"),
    ),
    Field(
        "is_board_member",
        N_("Board member"),
        FieldType.YES_NO,
        help=N_("Yes or no."),
        synonyms=("idarə heyəti", "idarə heyətinin üzvü", "правление", "член правления", "board"),
    ),
    _NOTES,
)

_VOLUNTEERS = (
    Field(
        "volunteer_no",
        N_("Volunteer number"),
        FieldType.TEXT,
        help=N_("Leave empty to number new volunteers automatically."),
        synonyms=("könüllü nömrəsi", "könüllü no", "номер волонтера", "volunteer id"),
    ),
    replace(_FIRST_NAME, required=True),
    replace(_LAST_NAME, required=True),
    _PATRONYMIC,
    _SEX,
    _DATE_OF_BIRTH,
    _PHONE,
    _EMAIL,
    _RAYON,
    _SETTLEMENT,
    _JOINED_ON,
    Field(
        "status",
        N_("Status"),
        FieldType.CODE,
        vocabulary=vocab.VolunteerStatus,
        help=N_("active, inactive or left. Empty: active."),
        synonyms=("status", "статус"),
    ),
    Field(
        "skills",
        N_("Skills"),
        FieldType.TEXT,
        help=N_("Separated by ';' (first aid; driving)."),
        synonyms=("bacarıqlar", "bacarıq", "навыки", "skill"),
    ),
    Field(
        "languages",
        N_("Languages"),
        FieldType.TEXT,
        help=N_("Separated by ';' (Azərbaycan; Rus; English)."),
        synonyms=("dillər", "bildiyi dillər", "языки", "language"),
    ),
    Field(
        "emergency_contact",
        N_("Emergency contact"),
        FieldType.TEXT,
        help=N_("Whom to call in an emergency, with the number."),
        synonyms=("təcili əlaqə", "экстренный контакт", "emergency"),
    ),
    _NOTES,
)

_ATTENDANCE = (
    Field(
        "activity_code",
        N_("Activity code"),
        FieldType.TEXT,
        required=True,
        help=N_("The code of an activity already set up in Projects."),
        synonyms=("fəaliyyət kodu", "fəaliyyət", "код мероприятия", "мероприятие", "activity"),
    ),
    Field(
        "beneficiary",
        N_("Beneficiary"),
        FieldType.TEXT,
        required=True,
        help=N_("The person's registration number or FİN."),
        synonyms=(
            "benefisiar",
            "qeydiyyat nömrəsi",
            "fin",
            "бенефициар",
            "регистрационный номер",
            "registration no",
            "registration number",
            "beneficiary id",
            "person",
        ),
    ),
    Field(
        "date",
        N_("Date"),
        FieldType.DATE,
        required=True,
        help=N_("The day of the session, as dd.mm.yyyy."),
        synonyms=("tarix", "дата", "session date", "delivered on", "date of service"),
    ),
    Field(
        "service",
        N_("Service"),
        FieldType.CODE,
        required=True,
        vocabulary=vocab.ServiceType,
        help=N_("What the person received: food_parcel, hygiene_kit, training_session…"),
        synonyms=("xidmət", "xidmətin növü", "услуга", "вид услуги", "service type"),
    ),
    Field(
        "quantity",
        N_("Quantity"),
        FieldType.DECIMAL,
        help=N_("How many (empty: 1)."),
        synonyms=("miqdar", "say", "количество", "кол во", "qty"),
    ),
    Field(
        "unit",
        N_("Unit"),
        FieldType.TEXT,
        help=N_("kg, parcel, hour… (optional)."),
        synonyms=("vahid", "ölçü vahidi", "единица", "ед изм"),
    ),
    Field(
        "value",
        N_("Value"),
        FieldType.MONEY,
        help=N_("The value of what was given, such as 150,50 (optional)."),
        synonyms=("dəyər", "məbləğ", "стоимость", "сумма", "amount"),
    ),
    Field(
        "currency",
        N_("Currency"),
        FieldType.CURRENCY,
        help=N_("A three-letter code such as AZN; required with a value."),
        synonyms=("valyuta", "валюта"),
    ),
)

_EXPENSES = (
    Field(
        "project_code",
        N_("Project code"),
        FieldType.TEXT,
        required=True,
        help=N_("The code of a project already set up in Projects."),
        synonyms=("layihə kodu", "layihə", "код проекта", "проект", "project"),
    ),
    Field(
        "budget_line",
        N_("Budget line"),
        FieldType.TEXT,
        help=N_("The line's code in the project budget, such as 1.1 (optional)."),
        synonyms=(
            "büdcə xətti",
            "büdcə sətri",
            "статья бюджета",
            "строка бюджета",
            "line",
            "budget line code",
        ),
    ),
    Field(
        "date",
        N_("Date"),
        FieldType.DATE,
        required=True,
        help=N_("The day it was paid, as dd.mm.yyyy."),
        synonyms=("tarix", "ödəniş tarixi", "дата", "дата оплаты", "spent on", "payment date"),
    ),
    Field(
        "payee",
        N_("Payee"),
        FieldType.TEXT,
        required=True,
        help=N_("Who was paid."),
        synonyms=("alan", "ödəniş alan", "təchizatçı", "получатель", "поставщик", "supplier"),
    ),
    Field(
        "receipt_no",
        N_("Receipt number"),
        FieldType.TEXT,
        help=N_("The number on the receipt or invoice."),
        synonyms=("qəbz", "qəbz nömrəsi", "faktura", "чек", "номер чека", "invoice", "receipt"),
    ),
    Field(
        "description",
        N_("Description"),
        FieldType.TEXT,
        required=True,
        help=N_("What was bought or paid for."),
        synonyms=("təsvir", "açıqlama", "məqsəd", "описание", "назначение", "purpose"),
    ),
    Field(
        "amount",
        N_("Amount"),
        FieldType.MONEY,
        required=True,
        help=N_("What was paid, such as 150,50, in the currency paid."),
        synonyms=("məbləğ", "mebleg", "сумма", "sum", "total"),
    ),
    Field(
        "currency",
        N_("Currency"),
        FieldType.CURRENCY,
        help=N_("A three-letter code such as AZN. Empty: the project's currency."),
        synonyms=("valyuta", "валюта"),
    ),
    Field(
        "rate_to_project",
        N_("Rate to the project currency"),
        FieldType.DECIMAL,
        help=N_("1 unit of the currency paid in the project currency. Empty: the month's rate."),
        synonyms=("məzənnə", "курс", "exchange rate", "rate"),
    ),
    Field(
        "over_budget_reason",
        N_("Reason for going over budget"),
        FieldType.TEXT,
        help=N_("Needed only when the expense takes its line over budget."),
        synonyms=("büdcəni aşma səbəbi", "причина перерасхода"),
    ),
)

FIELDS: dict[ImportKind, tuple[Field, ...]] = {
    ImportKind.BENEFICIARIES: _BENEFICIARIES,
    ImportKind.MEMBERS: _MEMBERS,
    ImportKind.VOLUNTEERS: _VOLUNTEERS,
    ImportKind.ATTENDANCE: _ATTENDANCE,
    ImportKind.EXPENSES: _EXPENSES,
}


def fields(kind: ImportKind | str) -> tuple[Field, ...]:
    """The canonical columns of ``kind``, in template order."""
    return FIELDS[ImportKind(kind)]


def field(kind: ImportKind | str, key: str) -> Field:
    """One canonical column; ``KeyError`` for an unknown key."""
    for candidate in fields(kind):
        if candidate.key == key:
            return candidate
    raise KeyError(key)
