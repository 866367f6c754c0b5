"""The workshop (demo) organisation: a complete, realistic and reproducible organisation file.

Trainers show the app with it and automated checks read it. It is a small
Azerbaijani public association with three projects (EU, IFRC, own funds), their logframes,
budgets, activities and spending, members paying fees, volunteers with certificates and
insurance, and households of beneficiaries with consent records and services received.

Everything is drawn from one ``random.Random(seed)`` and every date, timestamps included, is
counted from ``as_of``: the same ``(seed, as_of, beneficiaries)`` gives the same rows, byte for
byte, whatever the day the file is built. The big tables are written with Core bulk inserts
in chunks, with primary keys chosen here, so rows can point at each other without a round-trip
and a quarter of a million beneficiaries take seconds rather than minutes.

All people, companies and numbers are invented; the organisation's name says so.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from cso_desktop.db import models as m
from cso_desktop.domain import people, vocab
from cso_desktop.domain.vocab import (
    ActivityStatus,
    ActivityType,
    ConsentMethod,
    ConsentPurpose,
    DisplacementStatus,
    HouseholdRelation,
    IndicatorMethod,
    ResultLevel,
    ServiceType,
    Sex,
    Vulnerability,
)
from cso_desktop.services import organisation as organisation_service
from cso_desktop.services.summary import register_counts

Row = dict[str, Any]

#: Clearly a workshop file: nobody mistakes it for a real organisation's data.
ORGANISATION_NAME = "Gələcəyə Körpü Sosial Yardım İctimai Birliyi (təlim üçün şərti nümunə)"
ORGANISATION_SHORT_NAME = "Gələcəyə Körpü İB"

#: The three projects, by their stable codes.
EU_PROJECT = "DEMO-EU"
IFRC_PROJECT = "DEMO-IFRC"
OWN_PROJECT = "DEMO-OWN"

#: Key of the ``org_setting`` row that records how the file was made.
SETTING_KEY = "demo"

#: Rows per bulk INSERT: big enough to amortise the statement, small enough for memory.
_CHUNK = 20_000

_CENT = Decimal("0.01")
_RATE_PLACES = Decimal("0.00000001")
_ONE = Decimal("1")


@dataclass(frozen=True)
class DemoSummary:
    """What :func:`populate` made: the organisation's name and the per-register counts."""

    organisation_name: str
    counts: dict[str, int]


def populate(
    session: Session,
    *,
    beneficiaries: int = 500,
    seed: int = 1,
    as_of: dt.date,
    language: str = "az",
) -> DemoSummary:
    """Fill a freshly migrated, empty file with the workshop organisation.

    Runs inside the caller's transaction and never commits: the caller (``files.build_new_file``)
    commits once, so an interrupted build leaves no file.

    Args:
        session: a session inside an open transaction on an empty database.
        beneficiaries: exactly how many beneficiaries to register (zero or more).
        seed: the random seed; the same seed, ``as_of`` and size give the same data.
        as_of: the day the data leads up to; nothing happens after it except planned work.
        language: the organisation's language (the data itself is in Azerbaijani whatever
            the language, as a real organisation's would be).

    Returns:
        The organisation's name and the register counts.
    """
    if beneficiaries < 0:
        raise ValueError("beneficiaries must be zero or more")
    builder = _Builder(session, random.Random(seed), as_of, beneficiaries)
    builder.organisation(language)
    builder.users()
    builder.projects()
    builder.beneficiaries()
    builder.members()
    builder.volunteers()
    builder.finance()
    builder.closing_records(seed)
    session.flush()
    return DemoSummary(organisation_name=ORGANISATION_NAME, counts=register_counts(session))


# --- names and places -------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _surname_pairs(text: str) -> tuple[tuple[str, str], ...]:
    """``"Məmmədov/Məmmədova Qasımlı"`` → male and female forms (-lı, -zadə are both)."""
    pairs: list[tuple[str, str]] = []
    for word in text.split():
        male, _slash, female = word.partition("/")
        pairs.append((male, female or male))
    return tuple(pairs)


_MALE_NAMES = _words(
    "Əli Elvin Rəşad Tural Orxan Vüqar İlkin Şahin Cəmil Nicat Ramil Kamran Fərid Elçin Mübariz "
    "Hüseyn Ülvi Səbuhi İsmayıl Məmməd Həsən Rəhim Kərim Əhməd Vəli Cəfər Abbas Süleyman Qasım "
    "Şükür Anar Emin Ceyhun Rauf Samir Zaur Murad Elnur Pərviz Toğrul Yusif Ruslan Fuad Elşən "
    "Vaqif Rövşən Natiq Aydın Namiq Tofiq Arif Rasim Əziz Kənan İlham Mirzə Oqtay Yaşar"
)
_FEMALE_NAMES = _words(
    "Aygün Günel Səbinə Leyla Nərmin Ülkər Şəbnəm Aysel Xədicə Gülnar Fidan Könül Nigar Zəhra "
    "Türkan İlahə Sevinc Aynur Lalə Sevda Nurlana Gülşən Məlahət Rəna Təranə Zərifə Səkinə Fatimə "
    "Aytən Nuranə Şəlalə Kəmalə Vüsalə Arzu Günay Aida Əsmər Ülviyyə Mehriban Solmaz Həcər Rübabə "
    "Sürəyya Xatirə İradə Qönçə"
)
_SURNAMES = _surname_pairs(
    "Məmmədov/Məmmədova Əliyev/Əliyeva Hüseynov/Hüseynova Quliyev/Quliyeva Həsənov/Həsənova "
    "Şükürov/Şükürova İsmayılov/İsmayılova Abbasov/Abbasova Cəfərov/Cəfərova Rəhimov/Rəhimova "
    "Kərimov/Kərimova Bağırov/Bağırova Nəsirov/Nəsirova Əhmədov/Əhmədova Vəliyev/Vəliyeva "
    "Orucov/Orucova Qasımov/Qasımova Mustafayev/Mustafayeva İbrahimov/İbrahimova "
    "Səfərov/Səfərova Rzayev/Rzayeva Babayev/Babayeva Musayev/Musayeva Qurbanov/Qurbanova "
    "Nağıyev/Nağıyeva Zeynalov/Zeynalova Sadıqov/Sadıqova Allahverdiyev/Allahverdiyeva "
    "Hacıyev/Hacıyeva Novruzov/Novruzova Abdullayev/Abdullayeva Mehdiyev/Mehdiyeva "
    "Əsgərov/Əsgərova Bayramov/Bayramova Cavadov/Cavadova Tağıyev/Tağıyeva "
    "Məhərrəmov/Məhərrəmova Xəlilov/Xəlilova Əkbərov/Əkbərova Süleymanlı Qasımlı Hüseynli "
    "Əlizadə Sultanlı"
)
#: Russian first names, with the patronymics they give a son and a daughter.
_RU_PATRONYMICS: dict[str, tuple[str, str]] = {
    name: (son, daughter)
    for name, son, daughter in (
        entry.split("/")
        for entry in _words(
            "Сергей/Сергеевич/Сергеевна Андрей/Андреевич/Андреевна Алексей/Алексеевич/Алексеевна "
            "Дмитрий/Дмитриевич/Дмитриевна Владимир/Владимирович/Владимировна "
            "Николай/Николаевич/Николаевна Игорь/Игоревич/Игоревна Виктор/Викторович/Викторовна "
            "Михаил/Михайлович/Михайловна Александр/Александрович/Александровна "
            "Юрий/Юрьевич/Юрьевна Олег/Олегович/Олеговна"
        )
    )
}
_RU_MALE_NAMES = tuple(_RU_PATRONYMICS)
_RU_FEMALE_NAMES = _words(
    "Наталья Ольга Ирина Елена Татьяна Светлана Анна Мария Людмила Галина Екатерина Юлия"
)
_RU_SURNAMES = _surname_pairs(
    "Иванов/Иванова Петров/Петрова Смирнов/Смирнова Кузнецов/Кузнецова Попов/Попова "
    "Соколов/Соколова Волков/Волкова Морозов/Морозова Новиков/Новикова Фёдоров/Фёдорова "
    "Козлов/Козлова Лебедев/Лебедева"
)

# fmt: off
#: Settlements of each rayon the organisation works in (all pcodes are in azerbaijan_admin.csv).
_SETTLEMENTS: dict[str, tuple[str, ...]] = {
    "AZ-BA": ("Qaraçuxur qəs.", "Binəqədi qəs.", "Bakıxanov qəs.", "Zabrat qəs.", "Hövsan qəs.",
              "Maştağa qəs.", "Yeni Günəşli", "Əhmədli", "Sabunçu qəs.", "Bülbülə qəs."),
    "AZ-SM": ("Sumqayıt şəh.", "Corat qəs.", "H. Z. Tağıyev qəs."),
    "AZ-ABS": ("Masazır qəs.", "Mehdiabad", "Xırdalan şəh.", "Saray qəs.", "Görədil kəndi"),
    "AZ-GA": ("Gəncə şəh.", "Kəpəz ray.", "Nizami ray."),
    "AZ-BAR": ("Bərdə şəh.", "Qarayusifli kəndi", "Mehdili kəndi", "Alpout kəndi"),
    "AZ-AGC": ("Ağcabədi şəh.", "Taynaq kəndi", "Hindarx kəndi", "Şahsevən kəndi"),
    "AZ-TAR": ("Tərtər şəh.", "Qapanlı kəndi", "Evoğlu kəndi", "Hüsanlı kəndi"),
    "AZ-BEY": ("Beyləqan şəh.", "Dünyamalılar kəndi", "Kəbirli kəndi"),
    "AZ-GOR": ("Goranboy şəh.", "Qızılhacılı kəndi", "Tapqaraqoyunlu kəndi"),
    "AZ-YEV": ("Aran kəndi", "Qaramanlı kəndi", "Havarlı kəndi"),
    "AZ-MI": ("Mingəçevir şəh.",),
    "AZ-FUZ": ("Füzuli şəh.", "Dövlətyarlı kəndi"),
    "AZ-ZAN": ("Ağalı kəndi", "Zəngilan şəh."),
    "AZ-LAC": ("Laçın şəh.", "Zabux kəndi", "Sus kəndi"),
    "AZ-AGM": ("Ağdam şəh.",),
}
#: Where households live now, weighted; IDPs live in these too.
_HOME_RAYONS: tuple[tuple[str, int], ...] = (
    ("AZ-BA", 24), ("AZ-SM", 9), ("AZ-ABS", 8), ("AZ-GA", 9), ("AZ-BAR", 8), ("AZ-AGC", 6),
    ("AZ-TAR", 6), ("AZ-BEY", 6), ("AZ-GOR", 6), ("AZ-YEV", 5), ("AZ-MI", 5),
)
#: Liberated rayons that families have started to return to.
_RETURN_RAYONS: tuple[tuple[str, int], ...] = (("AZ-FUZ", 5), ("AZ-ZAN", 2), ("AZ-LAC", 2))
#: Rayons IDPs were displaced from in 1991-1993 (Qarabağ and Şərqi Zəngəzur).
_ORIGIN_RAYONS: tuple[str, ...] = (
    "AZ-AGM", "AZ-FUZ", "AZ-CAB", "AZ-ZAN", "AZ-QBI", "AZ-LAC", "AZ-KAL", "AZ-SUS", "AZ-XVD",
    "AZ-XCI",
)
_VOLUNTEER_RAYONS: tuple[tuple[str, int], ...] = (
    ("AZ-BA", 40), ("AZ-SM", 12), ("AZ-ABS", 10), ("AZ-GA", 14), ("AZ-BAR", 10), ("AZ-BEY", 7),
    ("AZ-MI", 7),
)
#: (prefix after +994, weight): Azercell 50/51/10, Bakcell 55/99, Nar 70/77.
_PHONE_PREFIXES: tuple[tuple[str, int], ...] = (
    ("50", 30), ("51", 12), ("55", 22), ("70", 14), ("77", 8), ("99", 8), ("10", 6),
)
# fmt: on

#: Every rayon code the workshop data uses (all are rayons of azerbaijan_admin.csv).
RAYON_CODES: frozenset[str] = frozenset(_SETTLEMENTS) | frozenset(_ORIGIN_RAYONS)

_STREETS = tuple(
    street.replace("_", " ")
    for street in _words(
        "Nizami_küç. Füzuli_küç. Səməd_Vurğun_küç. Azadlıq_pr. Heydər_Əliyev_pr. 28_May_küç. "
        "Xətai_küç. Cavid_küç. Natəvan_küç. M._Müşfiq_küç. Zərifə_Əliyeva_küç. Qarabağ_küç. "
        "Şəhidlər_küç. Bülbül_küç. Üzeyir_Hacıbəyli_küç."
    )
)
#: The rates the budgets were priced at (manat per unit of the grant currency).
_BUDGET_RATES: dict[str, Decimal] = {"EUR": Decimal("1.87"), "CHF": Decimal("1.95")}
_FIN_ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # FİN never uses I or O

#: Household size 1..8, weighted so the mean is about 3.9 (typical of rural and IDP households).
_HOUSEHOLD_SIZE_WEIGHTS: tuple[int, ...] = (8, 14, 20, 24, 16, 9, 5, 4)
#: Age bands of household heads (from, to, weight): people living alone are mostly older and
#: often widowed; large households have heads in their middle years.
_HEAD_AGES_ALONE = ((20, 29, 8), (30, 59, 27), (60, 90, 65))
_HEAD_AGES_LARGE = ((30, 39, 25), (40, 49, 30), (50, 59, 25), (60, 75, 20))
_HEAD_AGES = ((20, 29, 8), (30, 39, 18), (40, 49, 20), (50, 59, 20), (60, 69, 18), (70, 85, 16))

_STAFF_MANAGER = "Nigar Həsənova"
_STAFF_CASEWORKERS = ("Rəşad Quliyev", "Günel Məmmədova")
_STAFF_DATA_ENTRY = "Elvin Kərimov"
_STAFF_ACCOUNTANT = "Səbinə Rəhimova"
_STAFF_COORDINATORS = ("Fərid Nəsirov", "Aysel Bağırova")
_STAFF_PSYCHOLOGIST = "Leyla Cəfərova"

#: Validity of volunteers' certificates and policies, in turn (see ``volunteers``).
_VALIDITY_CYCLE = ("valid", "lapsing", "valid", "valid", "lapsed", "valid", "valid", "valid")
_INSURERS = ("Paşa Sığorta ASC", "Azərsığorta ASC", "AtaSığorta ASC")
_TRAINING_PROVIDERS = ("Azərbaycan Qızıl Aypara Cəmiyyəti", ORGANISATION_SHORT_NAME)
_DONOR_COMPANIES = (
    "Xəzər Logistika MMC",
    "Günəş Aptek MMC",
    "Şəki İpək MMC",
    "Yaşıl Vadi MMC",
    "Qafqaz İnşaat MMC",
)

# fmt: off
_TRANSLIT = str.maketrans({
    "ə": "a", "ı": "i", "ş": "sh", "ç": "ch", "ğ": "g", "ö": "o", "ü": "u",
    **dict(zip("абвгдеёзийклмнопрстуфыэ", "abvgdeeziyklmnoprstufye", strict=True)),
    "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sch", "ъ": "", "ь": "",
    "ю": "yu", "я": "ya",
})
# fmt: on


def _ascii_name(text: str) -> str:
    """An e-mail-safe transliteration (``Şükürova`` → ``shukurova``, ``Юлия`` → ``yuliya``)."""
    return text.replace("İ", "i").lower().translate(_TRANSLIT)


# --- dates and money --------------------------------------------------------------------------


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier), clamped to the end of a shorter month."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of every month from ``first``'s month to ``last``'s month, inclusive."""
    months: list[dt.date] = []
    month = first.replace(day=1)
    while month <= last:
        months.append(month)
        month = _add_months(month, 1)
    return months


def _stamp(day: dt.date, salt: int) -> dt.datetime:
    """A working-hours timestamp on ``day``, varied by ``salt`` but fully reproducible."""
    return dt.datetime(
        day.year, day.month, day.day, 9 + salt % 9, (salt * 7) % 60, (salt * 13) % 60
    )


def _money(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def _rate(value: Decimal) -> Decimal:
    return value.quantize(_RATE_PLACES, rounding=ROUND_HALF_UP)


def _table(model: type[m.Base]) -> Table:
    return cast(Table, model.__table__)


# --- projects, logframes, budgets and activities as data --------------------------------------


@dataclass(frozen=True)
class _ResultSpec:
    code: str
    level: ResultLevel
    parent: str | None
    title: str
    assumptions: str | None = None


@dataclass(frozen=True)
class _IndicatorSpec:
    result: str
    code: str
    title: str
    unit: str
    target: Callable[[int], Decimal]
    method: IndicatorMethod
    means_of_verification: str
    activity_type: ActivityType | None = None
    baseline: Decimal = Decimal("0")
    sex: bool = True
    age: bool = False
    disability: bool = False


@dataclass(frozen=True)
class _LineSpec:
    """A budget line and how money is spent against it.

    ``spend`` is ``fixed`` (salaries, rent: the same sum to each payee every month),
    ``monthly`` (bills that vary), ``events`` (purchases on a few dates, ``share`` of the line
    spent so far) or ``none``. ``paid_in`` is the currency of the payments: ``None`` for
    manat paid locally, ``"project"`` for the project currency, or ``"USD"``.
    """

    heading: str
    code: str
    description: str
    unit: str
    quantity: str
    unit_cost: str
    expense_text: str
    payees: tuple[str, ...]
    spend: str = "events"
    share: tuple[float, float] = (0.3, 0.7)
    events: tuple[int, int] = (2, 6)
    paid_in: str | None = None
    base_total: str | None = None
    over_budget_reason: str | None = None


@dataclass(frozen=True)
class _ActivitySpec:
    suffix: str
    activity_type: ActivityType
    title: str
    rayon: str
    offset_months: int
    duration_months: int
    service: ServiceType
    unit: str
    value: Decimal | None = None
    output: str | None = None
    cancelled: bool = False
    weight: float = 1.0


@dataclass(frozen=True)
class _ProjectSpec:
    code: str
    title: str
    donor_kind: vocab.DonorKind
    donor_name: str
    donor_reference: str | None
    currency: str
    go_sector: str | None
    dac_sector_code: str | None
    description: str
    indirect_cost_rate: Decimal | None
    contingency_rate: Decimal | None
    reallocation_threshold: Decimal | None
    extra_locations: tuple[str, ...]
    results: tuple[_ResultSpec, ...]
    indicators: tuple[_IndicatorSpec, ...]
    heading_titles: dict[str, str]
    lines: tuple[_LineSpec, ...]
    activities: tuple[_ActivitySpec, ...]
    #: Share of the eligible costs the donor pays (EU grants require co-financing).
    donor_share: Decimal = Decimal("1")
    #: Who transfers the grant, and when: (months after start, days, share of grant, note).
    payer: str | None = None
    tranches: tuple[tuple[int, int, str, str], ...] = ()


def _scaled(share: float, minimum: int, step: int = 10) -> Callable[[int], Decimal]:
    """A target that grows with the workshop's size, so progress looks plausible at any size."""

    def target(n: int) -> Decimal:
        return Decimal(max(minimum, round(n * share / step) * step))

    return target


def _fixed(value: str) -> Callable[[int], Decimal]:
    def target(_n: int) -> Decimal:
        return Decimal(value)

    return target


_PAYEES_OFFICE = ("Bakı Ofis Təchizat MMC", "Kontakt Home MMC", "Dəftərxana Dünyası MMC")
_PAYEES_TRANSPORT = ("Gəncə Nəqliyyat MMC", "Bakı Taksi Xidməti MMC", "Azpetrol MMC")
_PAYEES_MARKETS = ("Araz Supermarket MMC", "Bravo Supermarket MMC")

# The three projects are data: one record per line reads like the donor documents it mirrors.
# fmt: off
_EU = _ProjectSpec(
    code=EU_PROJECT,
    title="Qarabağdan məcburi köçkün və geri qayıdan ailələrin dolanışıq imkanlarının və "
          "psixoloji rifahının gücləndirilməsi",
    donor_kind=vocab.DonorKind.EU,
    donor_name="Avropa İttifaqı",
    donor_reference="NDICI/2025/123-456",
    currency="EUR",
    go_sector="Livelihoods and basic needs",
    dac_sector_code="16010",
    description="Layihə məcburi köçkün, geri qayıdan və qəbul edən icmalardan olan həssas "
                "ailələrə peşə təlimi, kiçik biznes dəstləri, çoxməqsədli nağd yardım və "
                "psixoloji-sosial dəstək göstərir.",
    indirect_cost_rate=Decimal("0.07"),
    contingency_rate=Decimal("0.05"),
    reallocation_threshold=Decimal("0.25"),
    extra_locations=("AZ-AGM",),
    heading_titles=dict(vocab.EU_BUDGET_HEADINGS),
    donor_share=Decimal("0.9"),
    payer="Avropa İttifaqının Azərbaycandakı Nümayəndəliyi",
    tranches=((0, 25, "0.5", "1-ci ön maliyyələşdirmə ödənişi"),
              (12, 40, "0.35", "2-ci ön maliyyələşdirmə ödənişi")),
    results=(
        _ResultSpec("OO", ResultLevel.IMPACT, None,
                    "Münaqişədən təsirlənmiş ailələrin sosial-iqtisadi rifahına və icmaların "
                    "birliyinə töhfə vermək"),
        _ResultSpec("SO1", ResultLevel.OUTCOME, "OO",
                    "Hədəf ailələrin gəlirləri və dolanışıq imkanları artır",
                    "Regionda iqtisadi vəziyyət sabit qalır; yerli bazarda tələb var."),
        _ResultSpec("Op1.1", ResultLevel.OUTPUT, "SO1",
                    "Gənclər və qadınlar peşə və sahibkarlıq bacarıqlarına yiyələnir"),
        _ResultSpec("Op1.2", ResultLevel.OUTPUT, "SO1",
                    "Ailələr kiçik biznes üçün avadanlıq və alət dəstləri alır"),
        _ResultSpec("Op1.3", ResultLevel.OUTPUT, "SO1",
                    "Ən həssas ailələr əsas ehtiyacları üçün çoxməqsədli nağd yardım alır"),
        _ResultSpec("SO2", ResultLevel.OUTCOME, "OO",
                    "İcmaların sosial birliyi və psixoloji rifahı güclənir",
                    "İcma liderləri və yerli icra hakimiyyəti fəaliyyətləri dəstəkləyir."),
        _ResultSpec("Op2.1", ResultLevel.OUTPUT, "SO2",
                    "Qadınlar və uşaqlar psixoloji-sosial dəstək xidmətləri alır"),
        _ResultSpec("Op2.2", ResultLevel.OUTPUT, "SO2",
                    "Könüllü şəbəkəsi icmalarda maarifləndirmə tədbirləri keçirir"),
    ),
    indicators=(
        _IndicatorSpec("OO", "OO.1", "Yoxsulluq həddindən aşağı gəliri olan hədəf ailələrin payı",
                       "%", _fixed("35"), IndicatorMethod.MANUAL,
                       "Başlanğıc və yekun ev təsərrüfatı sorğuları",
                       baseline=Decimal("46"), sex=False),
        _IndicatorSpec("SO1", "SO1.1", "Aylıq gəliri ən azı 20% artmış ailələrin sayı", "ailə",
                       _scaled(0.04, 40), IndicatorMethod.MANUAL,
                       "Təlim və dəst alanlar arasında 6 aydan bir aparılan sorğu", sex=False),
        _IndicatorSpec("SO1", "SO1.2",
                       "Təlimdən sonra 6 ay ərzində işə düzələn və ya öz işini quran şəxslər",
                       "nəfər", _scaled(0.03, 30), IndicatorMethod.MANUAL,
                       "Məzunlarla telefon sorğusu; əmək müqavilələrinin və VÖEN-in surətləri"),
        _IndicatorSpec("Op1.1", "Op1.1.1", "Peşə və sahibkarlıq təlimini keçmiş şəxslərin sayı",
                       "nəfər", _scaled(0.08, 60), IndicatorMethod.PEOPLE_REACHED,
                       "İştirakçı qeydiyyat vərəqələri, sertifikatlar",
                       activity_type=ActivityType.TRAINING, age=True),
        _IndicatorSpec("Op1.1", "Op1.1.2", "Keçirilmiş təlim sessiyalarının sayı", "sessiya",
                       _fixed("120"), IndicatorMethod.SESSIONS_HELD, "Təlim jurnalları",
                       activity_type=ActivityType.TRAINING, sex=False),
        _IndicatorSpec("Op1.2", "Op1.2.1", "Dolanışıq dəsti almış şəxslərin sayı", "nəfər",
                       _scaled(0.03, 30), IndicatorMethod.PEOPLE_REACHED, "Təhvil-təslim aktları",
                       activity_type=ActivityType.LIVELIHOODS),
        _IndicatorSpec("Op1.3", "Op1.3.1", "Nağd yardım almış ailə başçılarının sayı", "nəfər",
                       _scaled(0.06, 50), IndicatorMethod.PEOPLE_REACHED,
                       "Bank köçürmə çıxarışları, ödəniş siyahıları",
                       activity_type=ActivityType.CASH_ASSISTANCE, disability=True),
        _IndicatorSpec("SO2", "SO2.1",
                       "Psixoloji rifah şkalasında (WHO-5) yaxşılaşma göstərən iştirakçıların "
                       "faizi", "%", _fixed("70"), IndicatorMethod.MANUAL,
                       "WHO-5 sorğusu: qrupun əvvəlində və sonunda"),
        _IndicatorSpec("Op2.1", "Op2.1.1", "Psixoloji-sosial dəstək almış şəxslərin sayı", "nəfər",
                       _scaled(0.10, 60), IndicatorMethod.PEOPLE_REACHED, "Sessiya qeydləri",
                       activity_type=ActivityType.PSYCHOSOCIAL, age=True, disability=True),
        _IndicatorSpec("Op2.2", "Op2.2.1", "Könüllülərin sərf etdiyi saatlar", "saat",
                       _fixed("4000"), IndicatorMethod.VOLUNTEER_HOURS, "Könüllü saat cədvəlləri",
                       sex=False),
        _IndicatorSpec("Op2.2", "Op2.2.2", "Maarifləndirmə tədbirlərində iştirak edənlərin sayı",
                       "nəfər", _scaled(0.08, 80), IndicatorMethod.PEOPLE_REACHED,
                       "İştirakçı siyahıları, fotolar", activity_type=ActivityType.AWARENESS,
                       age=True),
    ),
    lines=(
        _LineSpec("1", "1.1.1", "Texniki heyət: layihə meneceri və iki sahə koordinatoru",
                  "nəfər-ay", "72", "1010.00", "Əmək haqqı",
                  (_STAFF_MANAGER, *_STAFF_COORDINATORS), spend="fixed"),
        _LineSpec("1", "1.1.2", "İnzibati heyət: mühasib (yarım ştat)", "ay", "24", "640.00",
                  "Əmək haqqı", (_STAFF_ACCOUNTANT,), spend="fixed"),
        _LineSpec("1", "1.3.2", "Yerli ezamiyyət gündəlik xərcləri", "gün", "180", "35.00",
                  "Rayonlara ezamiyyət gündəlik xərci", (_STAFF_MANAGER, *_STAFF_COORDINATORS),
                  events=(6, 14)),
        _LineSpec("1", "1.3.3", "Seminar iştirakçıları üçün gündəlik xərclər", "gün", "300",
                  "18.00", "Təlim iştirakçılarının yol və gündəlik xərci",
                  ("İştirakçılar (ödəniş siyahısı)",)),
        _LineSpec("2", "2.2", "Yerli nəqliyyat: rayonlara səfərlər", "ay", "24", "420.00",
                  "Sahə səfərləri üçün nəqliyyat", _PAYEES_TRANSPORT, spend="monthly",
                  over_budget_reason="Geri qayıdış ərazilərinə səfərlərin sayı artıb; 3.3 "
                                     "xəttindən yenidən bölüşdürmə barədə donora bildiriş "
                                     "göndərilib."),
        # Reallocated within heading 3: one more computer than the contract budget (base_total).
        _LineSpec("3", "3.2", "Kompüter avadanlığı və ofis mebeli", "dəst", "5", "1185.50",
                  "Noutbuk və printer alışı", ("Kontakt Home MMC", "Baku Electronics MMC"),
                  base_total="4742.00", paid_in="USD", share=(0.6, 0.9), events=(2, 3)),
        _LineSpec("3", "3.3", "Dolanışıq dəstləri: tikiş maşınları, kənd təsərrüfatı alətləri",
                  "dəst", "120", "310.00", "Dolanışıq dəstlərinin alışı",
                  ("Aqro Alətlər MMC", "Qarabağ Tikiş Təchizat MMC"), share=(0.35, 0.5)),
        _LineSpec("4", "4.2", "Ofis icarəsi (Bakı)", "ay", "24", "380.00", "Ofis icarəsi",
                  ("Rəhimov Elçin (icarəyə verən)",), spend="fixed"),
        _LineSpec("4", "4.3", "Ofis ləvazimatı", "ay", "24", "65.00", "Ofis ləvazimatı",
                  _PAYEES_OFFICE, events=(5, 10)),
        _LineSpec("4", "4.4", "Kommunal və rabitə xidmətləri", "ay", "24", "110.00",
                  "Kommunal və rabitə xidmətləri",
                  ("Azərişıq ASC", "Azərsu ASC", "Azəriqaz İB", "Azercell Telekom MMC"),
                  events=(8, 14)),
        _LineSpec("5", "5.1", "Nəşrlər: təlim vəsaitləri və broşürlər", "ədəd", "500", "4.80",
                  "Təlim vəsaitlərinin çapı", ("Çap Evi MMC",), events=(1, 2)),
        _LineSpec("5", "5.3", "Xərclərin yoxlanılması (audit)", "ədəd", "1", "4500.00", "Audit",
                  ("Ekspert Audit MMC",), spend="none"),
        _LineSpec("5", "5.5", "Tərcümə xidmətləri", "səhifə", "150", "12.00",
                  "Hesabatların ingilis dilinə tərcüməsi", ("Lingua Tərcümə Bürosu",),
                  paid_in="project", events=(2, 4)),
        # Two seminars fewer than in the contract budget (base_total).
        _LineSpec("5", "5.7", "Təlim və seminarların təşkili", "seminar", "22", "640.00",
                  "Seminar zalı və kofe-fasilə", ("Qarabağ Otel MMC", "Bərdə İcma Mərkəzi"),
                  base_total="15360.00", events=(4, 9)),
        _LineSpec("5", "5.8", "Görünürlük tədbirləri", "dəst", "1", "3200.00",
                  "Bannerlər, stikerlər, görünürlük materialları", ("Reklam Studiyası MMC",),
                  paid_in="project", events=(1, 3)),
        _LineSpec("6", "6.1", "Çoxməqsədli nağd yardım (ailəyə 150 AZN)", "ödəniş", "320", "82.50",
                  "Nağd yardımın bank köçürməsi", ("Kapital Bank ASC (ödəniş agenti)",),
                  share=(0.5, 0.65), events=(3, 5)),
        _LineSpec("6", "6.2", "Psixoloji-sosial dəstək otaqlarının təchizatı", "dəst", "4",
                  "950.00", "Oyuncaqlar, rəsm ləvazimatı, mebel", _PAYEES_OFFICE, events=(2, 3)),
    ),
    activities=(
        _ActivitySpec("A01", ActivityType.TRAINING, "Qadınlar üçün tikiş və dərzilik kursu",
                      "AZ-BA", 2, 4, ServiceType.TRAINING_SESSION, "sessiya", output="Op1.1"),
        _ActivitySpec("A02", ActivityType.TRAINING, "Gənclər üçün İT və rəqəmsal bacarıqlar kursu",
                      "AZ-SM", 5, 5, ServiceType.TRAINING_SESSION, "sessiya", output="Op1.1"),
        _ActivitySpec("A03", ActivityType.TRAINING, "Kiçik biznesin idarə edilməsi təlimi",
                      "AZ-BAR", 10, 6, ServiceType.TRAINING_SESSION, "sessiya", output="Op1.1"),
        _ActivitySpec("A04", ActivityType.LIVELIHOODS,
                      "Kiçik biznes üçün avadanlıq dəstlərinin verilməsi", "AZ-AGC", 6, 3,
                      ServiceType.LIVELIHOOD_KIT, "dəst", output="Op1.2", weight=0.7),
        _ActivitySpec("A05", ActivityType.LIVELIHOODS,
                      "Kənd təsərrüfatı alətləri və toxum dəstləri", "AZ-TAR", 12, 4,
                      ServiceType.LIVELIHOOD_KIT, "dəst", output="Op1.2",
                      weight=0.7),
        _ActivitySpec("A06", ActivityType.CASH_ASSISTANCE,
                      "Həssas ailələrə çoxməqsədli nağd yardım — 1-ci mərhələ", "AZ-BA", 1, 3,
                      ServiceType.CASH_GRANT, "ödəniş", Decimal("150.00"), output="Op1.3",
                      weight=1.5),
        _ActivitySpec("A07", ActivityType.CASH_ASSISTANCE, "Çoxməqsədli nağd yardım — 2-ci mərhələ",
                      "AZ-ABS", 8, 3, ServiceType.CASH_GRANT, "ödəniş", Decimal("150.00"),
                      output="Op1.3", weight=1.5),
        _ActivitySpec("A08", ActivityType.CASH_ASSISTANCE, "Geri qayıdan ailələrə nağd yardım",
                      "AZ-FUZ", 12, 4, ServiceType.CASH_GRANT, "ödəniş", Decimal("200.00"),
                      output="Op1.3", weight=2.0),
        _ActivitySpec("A09", ActivityType.PSYCHOSOCIAL,
                      "Qadınlar və uşaqlar üçün psixoloji-sosial dəstək qrupları", "AZ-BAR", 3, 9,
                      ServiceType.PSYCHOSOCIAL_SESSION, "sessiya", output="Op2.1", weight=1.5),
        _ActivitySpec("A10", ActivityType.PSYCHOSOCIAL, "Fərdi psixoloji məsləhətlər", "AZ-BA",
                      9, 12, ServiceType.PSYCHOSOCIAL_SESSION, "sessiya", output="Op2.1",
                      weight=1.5),
        _ActivitySpec("A11", ActivityType.AWARENESS, "Mina təhlükəsi barədə maarifləndirmə",
                      "AZ-ZAN", 11, 4, ServiceType.AWARENESS_SESSION, "sessiya", output="Op2.2",
                      weight=2.0),
        _ActivitySpec("A12", ActivityType.AWARENESS, "Mina təhlükəsi barədə maarifləndirmə — Laçın",
                      "AZ-LAC", 13, 3, ServiceType.AWARENESS_SESSION, "sessiya", output="Op2.2",
                      weight=2.0),
        _ActivitySpec("A13", ActivityType.AWARENESS, "İcma görüşləri: sosial birlik və həmrəylik",
                      "AZ-TAR", 16, 3, ServiceType.AWARENESS_SESSION, "sessiya", output="Op2.2"),
        _ActivitySpec("A14", ActivityType.TRAINING, "Peşə təlimi — 2-ci buraxılış", "AZ-SM",
                      17, 4, ServiceType.TRAINING_SESSION, "sessiya", output="Op1.1"),
        _ActivitySpec("A15", ActivityType.AWARENESS, "Ağdamda sahibkarlıq yarmarkası", "AZ-AGM",
                      7, 1, ServiceType.AWARENESS_SESSION, "sessiya", output="Op1.2",
                      cancelled=True),
    ),
)

_IFRC = _ProjectSpec(
    code=IFRC_PROJECT,
    title="İcma səviyyəsində sağlamlıq, ilk tibbi yardım və psixoloji-sosial dəstək",
    donor_kind=vocab.DonorKind.IFRC,
    donor_name="IFRC",
    donor_reference="IFRC/AZ/2025-PSS-07",
    currency="CHF",
    go_sector="Health",
    dac_sector_code="12220",
    description="Mərkəzi Aran və Gəncə bölgəsində mobil tibb qrupu, ilk tibbi yardım kursları, "
                "psixoloji ilk yardım və gigiyena dəstləri.",
    indirect_cost_rate=Decimal("0.065"),
    contingency_rate=None,
    reallocation_threshold=Decimal("0.10"),
    extra_locations=(),
    payer="IFRC",
    tranches=((0, 10, "0.5", "1-ci tranş"), (5, 5, "0.4", "2-ci tranş")),
    heading_titles={h: h for h in ("Personnel", "Relief items", "Transport",
                                   "Workshops & training", "Programme support")},
    results=(
        _ResultSpec("OC1", ResultLevel.OUTCOME, None,
                    "Hədəf icmalarda sağlamlıq və psixoloji rifah yaxşılaşır",
                    "Tibb məntəqələri yönləndirilən şəxsləri qəbul edir."),
        _ResultSpec("OP1.1", ResultLevel.OUTPUT, "OC1",
                    "İcma üzvləri və könüllülər ilk tibbi yardım bacarıqlarına yiyələnir"),
        _ResultSpec("OP1.2", ResultLevel.OUTPUT, "OC1",
                    "Həssas şəxslər tibbi məsləhət, psixoloji dəstək və gigiyena dəstləri alır"),
    ),
    indicators=(
        _IndicatorSpec("OC1", "OC1.1",
                       "İlk tibbi yardımı düzgün nümayiş etdirən kurs iştirakçılarının faizi", "%",
                       _fixed("80"), IndicatorMethod.MANUAL, "Kursun sonunda praktiki yoxlama",
                       sex=False),
        _IndicatorSpec("OP1.1", "OP1.1.1", "İlk tibbi yardım kursunu bitirmiş şəxslərin sayı",
                       "nəfər", _scaled(0.05, 60), IndicatorMethod.PEOPLE_REACHED,
                       "Kurs sertifikatları", activity_type=ActivityType.FIRST_AID, age=True),
        _IndicatorSpec("OP1.2", "OP1.2.1", "Tibbi məsləhət almış şəxslərin sayı", "nəfər",
                       _scaled(0.08, 80), IndicatorMethod.PEOPLE_REACHED,
                       "Mobil qrupun qəbul jurnalı", activity_type=ActivityType.HEALTH, age=True,
                       disability=True),
        _IndicatorSpec("OP1.2", "OP1.2.2", "Psixoloji ilk yardım almış şəxslərin sayı", "nəfər",
                       _scaled(0.06, 60), IndicatorMethod.PEOPLE_REACHED, "Sessiya qeydləri",
                       activity_type=ActivityType.PSYCHOSOCIAL, age=True),
        _IndicatorSpec("OP1.2", "OP1.2.3", "Könüllülərin sərf etdiyi saatlar", "saat",
                       _fixed("1500"), IndicatorMethod.VOLUNTEER_HOURS, "Könüllü saat cədvəlləri",
                       sex=False),
    ),
    lines=(
        _LineSpec("Personnel", "P1", "Psixoloq (yarım ştat)", "ay", "12", "1150.00",
                  "Əmək haqqı", (_STAFF_PSYCHOLOGIST,), spend="fixed"),
        _LineSpec("Personnel", "P2", "Könüllü koordinatoru", "ay", "12", "820.00", "Əmək haqqı",
                  (_STAFF_COORDINATORS[1],), spend="fixed"),
        _LineSpec("Personnel", "P3", "Könüllülərin sığortası və yemək xərcləri", "könüllü", "60",
                  "45.00", "Könüllü xərcləri", ("Paşa Sığorta ASC", "Araz Supermarket MMC")),
        _LineSpec("Relief items", "R1", "Gigiyena dəstləri", "ədəd", "800", "24.50",
                  "Gigiyena dəstlərinin alışı", _PAYEES_MARKETS, share=(0.45, 0.6),
                  events=(2, 3)),
        # Bought through IFRC's regional logistics, invoiced in francs.
        _LineSpec("Relief items", "R2", "İlk tibbi yardım çantaları", "ədəd", "60", "38.00",
                  "İlk tibbi yardım çantaları", ("IFRC Regional Logistics Unit",),
                  paid_in="project", events=(1, 2)),
        _LineSpec("Transport", "T1", "Mobil tibb qrupunun nəqliyyatı", "ay", "12", "390.00",
                  "Mobil qrupun nəqliyyatı", ("Gəncə Nəqliyyat MMC", "Azpetrol MMC"),
                  spend="monthly"),
        _LineSpec("Workshops & training", "W1", "İlk tibbi yardım kursları", "kurs", "16",
                  "310.00", "Kurs zalı, materiallar",
                  ("Gəncə Gənclər Evi", "Dəftərxana Dünyası MMC"),
                  events=(3, 7)),
        _LineSpec("Workshops & training", "W2", "Psixoloji ilk yardım təlimi", "təlim", "6",
                  "450.00", "Təlim xərcləri", ("Gəncə Gənclər Evi",), events=(1, 3)),
        _LineSpec("Programme support", "S1", "Monitorinq və hesabatlılıq", "ədəd", "1", "2400.00",
                  "Monitorinq səfərləri və sorğu", ("Sorğu Mərkəzi MMC",), events=(1, 2)),
    ),
    activities=(
        _ActivitySpec("A01", ActivityType.FIRST_AID, "İcma üzvləri üçün ilk tibbi yardım kursları",
                      "AZ-GA", 1, 3, ServiceType.FIRST_AID_COURSE, "kurs", output="OP1.1"),
        _ActivitySpec("A02", ActivityType.FIRST_AID,
                      "Məktəblilər və valideynlər üçün ilk tibbi yardım", "AZ-GOR", 4, 3,
                      ServiceType.FIRST_AID_COURSE, "kurs", output="OP1.1"),
        _ActivitySpec("A03", ActivityType.HEALTH, "Mobil tibb qrupunun kəndlərə səfərləri",
                      "AZ-BEY", 1, 10, ServiceType.HEALTH_CONSULTATION, "məsləhət",
                      output="OP1.2", weight=2.0),
        _ActivitySpec("A04", ActivityType.HEALTH, "Xroniki xəstəliklər üzrə məsləhətlər",
                      "AZ-YEV", 2, 5, ServiceType.HEALTH_CONSULTATION, "məsləhət",
                      output="OP1.2", weight=2.0),
        _ActivitySpec("A05", ActivityType.PSYCHOSOCIAL, "Psixoloji ilk yardım sessiyaları",
                      "AZ-GA", 2, 8, ServiceType.PSYCHOSOCIAL_SESSION, "sessiya", output="OP1.2",
                      weight=1.5),
        _ActivitySpec("A06", ActivityType.PSYCHOSOCIAL, "Uşaqlar üçün dostluq məkanı", "AZ-MI",
                      3, 6, ServiceType.PSYCHOSOCIAL_SESSION, "sessiya", output="OP1.2",
                      weight=1.5),
        _ActivitySpec("A07", ActivityType.DISTRIBUTION, "Gigiyena dəstlərinin paylanması",
                      "AZ-GOR", 2, 2, ServiceType.HYGIENE_KIT, "dəst", Decimal("28.50"),
                      output="OP1.2", weight=2.5),
        _ActivitySpec("A08", ActivityType.DISTRIBUTION, "Gigiyena dəstləri — 2-ci mərhələ",
                      "AZ-BAR", 6, 2, ServiceType.HYGIENE_KIT, "dəst", Decimal("28.50"),
                      output="OP1.2", weight=2.5),
        _ActivitySpec("A09", ActivityType.HEALTH,
                      "Ürək-damar xəstəlikləri barədə sağlamlıq maarifi", "AZ-BEY", 8, 3,
                      ServiceType.HEALTH_CONSULTATION, "məsləhət", output="OP1.2"),
        _ActivitySpec("A10", ActivityType.FIRST_AID,
                      "Könüllülər üçün təkrar ilk tibbi yardım kursu", "AZ-BA", 9, 1,
                      ServiceType.FIRST_AID_COURSE, "kurs", output="OP1.1"),
        _ActivitySpec("A11", ActivityType.DISTRIBUTION, "Gigiyena dəstləri — Ağcabədi", "AZ-AGC",
                      3, 2, ServiceType.HYGIENE_KIT, "dəst", Decimal("28.50"), output="OP1.2",
                      weight=2.5),
    ),
)

_OWN = _ProjectSpec(
    code=OWN_PROJECT,
    title="İcma təşəbbüsləri və könüllülük proqramı",
    donor_kind=vocab.DonorKind.OWN_FUNDS,
    donor_name=ORGANISATION_NAME,
    donor_reference=None,
    currency="AZN",
    go_sector=None,
    dac_sector_code="15150",
    description="Üzvlük haqları və ianələr hesabına icma təşəbbüsləri, bayram yardımları və "
                "maarifləndirmə tədbirləri.",
    indirect_cost_rate=None,
    contingency_rate=None,
    reallocation_threshold=None,
    extra_locations=(),
    heading_titles={"İcma təşəbbüsləri": "İcma təşəbbüsləri", "Yardım": "Bayram və qış yardımları",
                    "Maarifləndirmə": "Maarifləndirmə", "İnzibati": "İnzibati xərclər"},
    results=(),
    indicators=(),
    lines=(
        _LineSpec("İcma təşəbbüsləri", "A1", "Abadlaşdırma və təmir materialları", "layihə", "4",
                  "1500.00", "Tikinti materialları", ("Tikinti Bazarı MMC",
                                                      "Bakı Ofis Təchizat MMC"),
                  share=(0.3, 0.5)),
        _LineSpec("İcma təşəbbüsləri", "A2", "Ağac şitilləri", "ədəd", "400", "6.50",
                  "Ağac şitilləri", ("Yaşıl Bağ Fidanlığı",), events=(1, 2)),
        _LineSpec("Yardım", "B1", "Bayram ərzaq bağlamaları", "bağlama", "300", "45.00",
                  "Ərzaq bağlamaları", _PAYEES_MARKETS, share=(0.4, 0.6), events=(2, 3)),
        _LineSpec("Maarifləndirmə", "C1", "Maarifləndirmə materialları və tədbirlər", "tədbir",
                  "10", "180.00", "Tədbir xərcləri", ("Çap Evi MMC", "Dəftərxana Dünyası MMC")),
        _LineSpec("İnzibati", "D1", "Bank xidməti haqları", "ay", "24", "12.00", "Bank xidməti",
                  ("Kapital Bank ASC",), spend="monthly"),
    ),
    activities=(
        _ActivitySpec("A01", ActivityType.DISTRIBUTION, "Novruz bayramı ərzaq bağlamaları",
                      "AZ-BA", 2, 1, ServiceType.FOOD_PARCEL, "bağlama", Decimal("45.00"),
                      weight=2.0),
        _ActivitySpec("A02", ActivityType.COMMUNITY_INITIATIVE,
                      "Həyətlərin abadlaşdırılması təşəbbüsü", "AZ-BA", 3, 2, ServiceType.OTHER,
                      "iştirak"),
        _ActivitySpec("A03", ActivityType.AWARENESS, "Ailədaxili zorakılığa qarşı maarifləndirmə",
                      "AZ-ABS", 5, 6, ServiceType.AWARENESS_SESSION, "sessiya"),
        _ActivitySpec("A04", ActivityType.TRAINING, "Gənc liderlər məktəbi", "AZ-BA", 8, 3,
                      ServiceType.TRAINING_SESSION, "sessiya"),
        _ActivitySpec("A05", ActivityType.COMMUNITY_INITIATIVE, "Payız ağacəkmə aksiyası",
                      "AZ-SM", 10, 1, ServiceType.OTHER, "iştirak"),
        _ActivitySpec("A06", ActivityType.DISTRIBUTION, "Ramazan bayramı ərzaq bağlamaları",
                      "AZ-SM", 14, 1, ServiceType.FOOD_PARCEL, "bağlama", Decimal("45.00"),
                      weight=2.0),
        _ActivitySpec("A07", ActivityType.COMMUNITY_INITIATIVE, "Uşaq meydançasının təmiri",
                      "AZ-MI", 15, 3, ServiceType.OTHER, "iştirak"),
        _ActivitySpec("A08", ActivityType.DISTRIBUTION, "Qış mövsümü üçün isti geyim paylanması",
                      "AZ-GA", 22, 2, ServiceType.OTHER, "dəst", Decimal("60.00")),
        _ActivitySpec("A09", ActivityType.AWARENESS,
                      "Beynəlxalq Əlilliyi olan Şəxslər Günü tədbiri", "AZ-BA", 23, 1,
                      ServiceType.AWARENESS_SESSION, "sessiya"),
        _ActivitySpec("A10", ActivityType.DISTRIBUTION, "Qurban bayramı ərzaq bağlamaları",
                      "AZ-TAR", 5, 1, ServiceType.FOOD_PARCEL, "bağlama", Decimal("45.00"),
                      weight=2.0),
        _ActivitySpec("A11", ActivityType.AWARENESS, "Uşaq hüquqları: məktəblərdə maarifləndirmə",
                      "AZ-YEV", 10, 2, ServiceType.AWARENESS_SESSION, "sessiya"),
    ),
)
# fmt: on

_PROJECTS: tuple[_ProjectSpec, ...] = (_EU, _IFRC, _OWN)

_ACTIVITY_DESCRIPTIONS: dict[ActivityType, str] = {
    ActivityType.TRAINING: "Həftədə bir dəfə qrup məşğələləri; sonunda sertifikat verilir.",
    ActivityType.AWARENESS: "İcma görüşü və ya məktəbdə məlumatlandırma sessiyası.",
    ActivityType.DISTRIBUTION: "Ailələrə paylanma; təhvil-təslim vərəqəsi imzalanır.",
    ActivityType.CASH_ASSISTANCE: "Bank kartına aylıq ödəniş; siyahı bankla razılaşdırılır.",
    ActivityType.LIVELIHOODS: "Biznes planı qiymətləndirildikdən sonra avadanlıq dəsti verilir.",
    ActivityType.PSYCHOSOCIAL: "Psixoloq və təlim keçmiş könüllülərin apardığı sessiyalar.",
    ActivityType.HEALTH: "Həkim müayinəsi və məsləhəti, lazım olduqda yönləndirmə.",
    ActivityType.FIRST_AID: "Qızıl Aypara proqramı üzrə bir günlük ilk tibbi yardım kursu.",
    ActivityType.COMMUNITY_INITIATIVE: "Sakinlərin və könüllülərin birgə təşəbbüsü.",
}


def _project_dates(code: str, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """Start and end of each project, placed around ``as_of`` so every workshop looks alike."""
    month = as_of.replace(day=1)
    if code == EU_PROJECT:  # two years, in its 15th month
        start = _add_months(month, -14)
        return start, _add_months(start, 24) - dt.timedelta(days=1)
    if code == IFRC_PROJECT:  # one year, in its 8th month
        start = _add_months(month, -7)
        return start, _add_months(start, 12) - dt.timedelta(days=1)
    # Own funds: whole calendar years, from last year to the end of the year six months ahead.
    return dt.date(as_of.year - 1, 1, 1), dt.date(_add_months(as_of, 6).year, 12, 31)


# --- the builder --------------------------------------------------------------------------


@dataclass(slots=True)
class _Person:
    """A beneficiary while a household is being made up."""

    sex: Sex
    age: int  # whole years on as_of
    relation: HouseholdRelation | None
    first_name: str | None = None
    last_name: str | None = None
    patronymic: str | None = None
    id: int = 0
    registered_on: dt.date = dt.date.min
    age_at_registration: int = 0
    parent: _Person | None = None  # for a grandchild: the head's child who is its parent


@dataclass(slots=True)
class _Activity:
    """An activity with the window in which services can be recorded against it."""

    id: int
    code: str
    activity_type: ActivityType
    rayon: str
    start: dt.date | None  # first day services can be delivered (None: nothing delivered)
    end: dt.date | None  # last such day, never after as_of
    service: ServiceType
    unit: str
    value: Decimal | None
    weight: float


class _Builder:
    """Makes the workshop organisation; each public method fills one area, in order."""

    def __init__(self, session: Session, rng: random.Random, as_of: dt.date, size: int) -> None:
        self.session = session
        self.rng = rng
        self.as_of = as_of
        self.size = size
        self.founded = _add_months(as_of, -12 * 7 + 3)
        self.recorders: list[tuple[int, str]] = []  # (user id, full name) of caseworkers
        self.project_ids: dict[str, int] = {}
        self.project_dates: dict[str, tuple[dt.date, dt.date]] = {}
        self.budget_line_ids: dict[tuple[str, str], int] = {}
        self.activities: list[_Activity] = []
        self.activities_by_rayon: dict[str, list[_Activity]] = {}
        self.next_ids: dict[str, int] = {}
        self.fins: set[str] = set()
        self.fold_cache: dict[str, str] = {}
        self.pending: dict[str, list[Row]] = {}
        self.fee_incomes: list[Row] = []
        self.weight_tables: dict[tuple[tuple[str, int], ...], tuple[list[str], list[int]]] = {}

    # -- plumbing ---------------------------------------------------------------------

    def new_id(self, table: str) -> int:
        value = self.next_ids.get(table, 0) + 1
        self.next_ids[table] = value
        return value

    def insert(self, model: type[m.Base], rows: Sequence[Row]) -> None:
        """Bulk insert in chunks (Core executemany: no ORM objects, no per-row round-trips)."""
        table = _table(model)
        for start in range(0, len(rows), _CHUNK):
            self.session.execute(insert(table), list(rows[start : start + _CHUNK]))

    def search_text(self, parts: Iterable[str | None]) -> str:
        """``people.search_key(parts)``, with the folding of repeated names cached (speed)."""
        cache = self.fold_cache
        folded: list[str] = []
        for part in parts:
            if not part:
                continue
            key = cache.get(part)
            if key is None:
                key = people.fold(part)
                if len(cache) < 50_000:
                    cache[part] = key
            folded.append(key)
        return " ".join(folded)

    def day_between(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def working_day_between(self, first: dt.date, last: dt.date) -> dt.date:
        """A weekday in the range if there is one (offices are closed at weekends)."""
        day = self.day_between(first, last)
        if day.weekday() >= 5:
            friday = day - dt.timedelta(days=day.weekday() - 4)
            monday = day + dt.timedelta(days=7 - day.weekday())
            day = friday if friday >= first else monday if monday <= last else day
        return day

    def weighted(self, table: tuple[tuple[str, int], ...]) -> str:
        """One value of a ``(value, weight)`` table (cumulative weights cached: speed)."""
        prepared = self.weight_tables.get(table)
        if prepared is None:
            values = [value for value, _weight in table]
            prepared = (values, list(itertools.accumulate(weight for _value, weight in table)))
            self.weight_tables[table] = prepared
        return self.rng.choices(prepared[0], cum_weights=prepared[1])[0]

    def phone(self) -> str:
        prefix = self.weighted(_PHONE_PREFIXES)
        return f"+994{prefix}{self.rng.randrange(10_000_000):07d}"

    def fin(self) -> str:
        while True:
            value = "".join(self.rng.choice(_FIN_ALPHABET) for _ in range(7))
            if value not in self.fins:
                self.fins.add(value)
                return value

    def date_of_birth(self, age: int) -> dt.date:
        """A birthday giving exactly ``age`` whole years on as_of."""
        birthday = _add_months(self.as_of, -12 * age)
        return birthday - dt.timedelta(days=self.rng.randint(0, 364))

    def az_name(self, sex: Sex) -> str:
        return self.rng.choice(_MALE_NAMES if sex == Sex.MALE else _FEMALE_NAMES)

    # -- organisation and users ---------------------------------------------------------

    def organisation(self, language: str) -> None:
        organisation_service.create_organisation(
            self.session, name=ORGANISATION_NAME, currency="AZN", language=language, is_demo=True
        )
        self.session.flush()
        org = self.session.scalars(select(m.Organisation)).one()
        org.short_name = ORGANISATION_SHORT_NAME
        org.legal_form = "İctimai Birlik"
        org.registration_number = "1400012345"
        org.tax_id = "1403792512"
        org.address = "Bakı şəhəri, Nəsimi rayonu, Səməd Vurğun küç. 34, mənzil 12, AZ1014"
        org.rayon_code = "AZ-BA"
        org.phone = "+994124980512"
        org.email = "info@gelecekorpu.az"
        org.website = "https://gelecekorpu.az"
        # The timestamps the ORM set from the clock are replaced, so the file is reproducible.
        founded_at = _stamp(self.founded, 1)
        org.created_at = founded_at
        org.updated_at = _stamp(self.as_of - dt.timedelta(days=40), 2)
        for user in self.session.scalars(select(m.User)):
            user.created_at = founded_at
            user.updated_at = founded_at
        self.session.flush()
        self.session.execute(update(_table(m.AuditEntry)).values(at=founded_at))

    def users(self) -> None:
        admin_id = self.session.scalars(select(m.User.id)).one()
        self.next_ids["app_user"] = admin_id
        staff = (
            ("nigar.hasanova", _STAFF_MANAGER, vocab.UserRole.MANAGER),
            ("rashad.guliyev", _STAFF_CASEWORKERS[0], vocab.UserRole.CASEWORKER),
            ("gunel.mammadova", _STAFF_CASEWORKERS[1], vocab.UserRole.CASEWORKER),
            ("elvin.karimov", _STAFF_DATA_ENTRY, vocab.UserRole.DATA_ENTRY),
        )
        rows: list[Row] = []
        for index, (username, full_name, role) in enumerate(staff):
            user_id = self.new_id("app_user")
            joined = _stamp(_add_months(self.founded, 6 + 9 * index), user_id)
            rows.append(
                {
                    "id": user_id,
                    "username": username,
                    "full_name": full_name,
                    "role": role,
                    "password_hash": None,
                    "is_active": True,
                    "created_at": joined,
                    "updated_at": joined,
                }
            )
            if role in (vocab.UserRole.CASEWORKER, vocab.UserRole.DATA_ENTRY):
                self.recorders.append((user_id, full_name))
        self.insert(m.User, rows)

    # -- projects -------------------------------------------------------------------------

    def projects(self) -> None:
        for spec in _PROJECTS:
            self.project(spec)

    def project(self, spec: _ProjectSpec) -> None:
        start, end = _project_dates(spec.code, self.as_of)
        project_id = self.new_id("project")
        self.project_ids[spec.code] = project_id
        self.project_dates[spec.code] = (start, end)
        created = _stamp(start - dt.timedelta(days=20), project_id)
        self.insert(
            m.Project,
            [
                {
                    "id": project_id,
                    "code": spec.code,
                    "title": spec.title,
                    "donor_kind": spec.donor_kind,
                    "donor_name": spec.donor_name,
                    "donor_reference": spec.donor_reference,
                    "currency": spec.currency,
                    "start_date": start,
                    "end_date": end,
                    "status": vocab.ProjectStatus.IMPLEMENTATION,
                    "go_sector": spec.go_sector,
                    "dac_sector_code": spec.dac_sector_code,
                    "description": spec.description,
                    "indirect_cost_rate": spec.indirect_cost_rate,
                    "contingency_rate": spec.contingency_rate,
                    "reallocation_threshold": spec.reallocation_threshold,
                    "archived": False,
                    "created_at": created,
                    "updated_at": created,
                }
            ],
        )
        rayons = sorted({a.rayon for a in spec.activities} | set(spec.extra_locations))
        self.insert(
            m.ProjectLocation, [{"project_id": project_id, "rayon_code": r} for r in rayons]
        )
        result_ids = self.logframe(spec, project_id)
        self.budget(spec, project_id)
        self.project_activities(spec, project_id, start, end, result_ids)

    def logframe(self, spec: _ProjectSpec, project_id: int) -> dict[str, int]:
        result_ids: dict[str, int] = {}
        rows: list[Row] = []
        for order, result in enumerate(spec.results):
            result_id = self.new_id("logframe_result")
            result_ids[result.code] = result_id
            rows.append(
                {
                    "id": result_id,
                    "project_id": project_id,
                    "parent_id": result_ids[result.parent] if result.parent else None,
                    "level": result.level,
                    "code": result.code,
                    "title": result.title,
                    "assumptions": result.assumptions,
                    "sort_order": order,
                }
            )
        self.insert(m.LogframeResult, rows)
        start, end = _project_dates(spec.code, self.as_of)
        indicator_rows: list[Row] = []
        for order, ind in enumerate(spec.indicators):
            indicator_rows.append(
                {
                    "id": self.new_id("indicator"),
                    "result_id": result_ids[ind.result],
                    "code": ind.code,
                    "title": ind.title,
                    "unit": ind.unit,
                    "baseline_value": ind.baseline,
                    "baseline_year": start.year,
                    "target_value": ind.target(self.size),
                    "target_year": end.year,
                    "disaggregate_sex": ind.sex,
                    "disaggregate_age": ind.age,
                    "disaggregate_disability": ind.disability,
                    "means_of_verification": ind.means_of_verification,
                    "method": ind.method,
                    "method_activity_type": ind.activity_type,
                    "sort_order": order,
                }
            )
        self.insert(m.Indicator, indicator_rows)
        self.indicator_values(spec, indicator_rows, start)
        return result_ids

    def indicator_values(self, spec: _ProjectSpec, indicators: list[Row], start: dt.date) -> None:
        """Values entered by hand for past reporting periods (half-years for the EU, quarters
        for IFRC), from monitoring surveys."""
        months = 6 if spec.code == EU_PROJECT else 3
        rows: list[Row] = []
        for ind in indicators:
            if ind["method"] != IndicatorMethod.MANUAL:
                continue
            target = Decimal(ind["target_value"])
            baseline = Decimal(ind["baseline_value"])
            period_start = start
            step = 1
            while True:
                period_end = _add_months(period_start, months) - dt.timedelta(days=1)
                if period_end >= self.as_of:
                    break
                progress = Decimal(min(0.9, 0.22 * step + self.rng.uniform(-0.05, 0.05)))
                if ind["unit"] == "%":
                    total = (baseline + (target - baseline) * progress).quantize(Decimal("0.1"))
                else:
                    total = (target * progress / 2).quantize(_ONE)
                recorded = _stamp(min(period_end + dt.timedelta(days=15), self.as_of), ind["id"])
                source = f"Monitorinq sorğusu, {period_start:%m.%Y}–{period_end:%m.%Y}"
                values: list[tuple[Sex | None, Decimal]] = [(None, total)]
                if ind["disaggregate_sex"]:
                    if ind["unit"] == "%":
                        female = min(Decimal(100), total + Decimal("3.5"))
                        values += [(Sex.FEMALE, female), (Sex.MALE, total - Decimal("4.0"))]
                    else:
                        female = (total * Decimal("0.58")).quantize(_ONE)
                        values += [(Sex.FEMALE, female), (Sex.MALE, total - female)]
                for sex, value in values:
                    rows.append(
                        {
                            "id": self.new_id("indicator_value"),
                            "indicator_id": ind["id"],
                            "period_start": period_start,
                            "period_end": period_end,
                            "sex": sex,
                            "value": value,
                            "is_computed": False,
                            "source": source,
                            "recorded_at": recorded,
                        }
                    )
                period_start = period_end + dt.timedelta(days=1)
                step += 1
        self.insert(m.IndicatorValue, rows)

    def budget(self, spec: _ProjectSpec, project_id: int) -> None:
        rows: list[Row] = []
        for order, line in enumerate(spec.lines):
            line_id = self.new_id("budget_line")
            self.budget_line_ids[(spec.code, line.code)] = line_id
            quantity = Decimal(line.quantity)
            unit_cost = Decimal(line.unit_cost)
            base = Decimal(line.base_total) if line.base_total else _money(quantity * unit_cost)
            rows.append(
                {
                    "id": line_id,
                    "project_id": project_id,
                    "heading": line.heading,
                    "heading_title": spec.heading_titles[line.heading],
                    "line_code": line.code,
                    "description": line.description,
                    "unit": line.unit,
                    "quantity": quantity,
                    "unit_cost": unit_cost,
                    "base_total": base,
                    "sort_order": order,
                }
            )
        self.insert(m.BudgetLine, rows)

    def project_activities(
        self,
        spec: _ProjectSpec,
        project_id: int,
        start: dt.date,
        end: dt.date,
        result_ids: dict[str, int],
    ) -> None:
        rng = self.rng
        rows: list[Row] = []
        responsible = (_STAFF_MANAGER, *_STAFF_COORDINATORS, *_STAFF_CASEWORKERS)
        for act in spec.activities:
            activity_id = self.new_id("activity")
            code = f"{spec.code}-{act.suffix}"
            planned_start = min(
                end, _add_months(start, act.offset_months) + dt.timedelta(days=rng.randint(0, 9))
            )
            planned_end = _add_months(start, act.offset_months + act.duration_months)
            planned_end = min(end, planned_end - dt.timedelta(days=rng.randint(1, 6)))
            planned_end = max(planned_end, planned_start)
            actual_start: dt.date | None = None
            actual_end: dt.date | None = None
            if act.cancelled:
                status = ActivityStatus.CANCELLED
            elif planned_end < self.as_of:
                status = ActivityStatus.COMPLETED
                actual_start = max(start, planned_start + dt.timedelta(days=rng.randint(-3, 7)))
                actual_start = min(actual_start, self.as_of - dt.timedelta(days=1))
                actual_end = planned_end + dt.timedelta(days=rng.randint(-5, 5))
                actual_end = max(actual_start, min(actual_end, self.as_of - dt.timedelta(days=1)))
            elif planned_start <= self.as_of:
                status = ActivityStatus.ONGOING
                actual_start = min(self.as_of, planned_start + dt.timedelta(days=rng.randint(0, 7)))
            else:
                status = ActivityStatus.PLANNED
            rayon = act.rayon
            created = _stamp(
                min(self.as_of, max(start, planned_start - dt.timedelta(days=30))), activity_id
            )
            rows.append(
                {
                    "id": activity_id,
                    "project_id": project_id,
                    "output_id": result_ids[act.output] if act.output else None,
                    "code": code,
                    "title": act.title,
                    "activity_type": act.activity_type,
                    "rayon_code": rayon,
                    "settlement": rng.choice(_SETTLEMENTS[rayon])
                    if rayon in _SETTLEMENTS
                    else None,
                    "planned_start": planned_start,
                    "planned_end": planned_end,
                    "actual_start": actual_start,
                    "actual_end": actual_end,
                    "status": status,
                    "responsible": rng.choice(responsible),
                    "description": _ACTIVITY_DESCRIPTIONS.get(act.activity_type),
                    "created_at": created,
                    "updated_at": created,
                }
            )
            window_end = actual_end if actual_end is not None else self.as_of
            activity = _Activity(
                id=activity_id,
                code=code,
                activity_type=act.activity_type,
                rayon=rayon,
                start=actual_start,
                end=window_end if actual_start is not None else None,
                service=act.service,
                unit=act.unit,
                value=act.value,
                weight=act.weight,
            )
            self.activities.append(activity)
            if actual_start is not None:
                self.activities_by_rayon.setdefault(rayon, []).append(activity)
        self.insert(m.Activity, rows)

    # -- beneficiaries --------------------------------------------------------------------

    def beneficiaries(self) -> None:
        """Households (and a few anonymous individuals) until exactly ``size`` people exist.

        Households are registered in order, their dates rising over the three years before
        as_of (faster lately, as projects grew), so registration numbers follow dates. Rows
        are written in batches: households, then their people, then the heads, consents,
        vulnerabilities and services, keeping foreign keys satisfied at every statement.
        """
        rng = self.rng
        n = self.size
        reg_first = _add_months(self.as_of, -36)
        span = (self.as_of - reg_first).days
        made = 0
        index = 0
        while made < n:
            fraction = made / n
            day = reg_first + dt.timedelta(
                days=min(span, int(span * fraction**0.8) + rng.randint(0, 3))
            )
            if day.weekday() == 6:  # no registrations on Sundays
                day = day - dt.timedelta(days=1)
            # One registration in twelve is a person who declined consent (about 2% of people).
            if index >= 2 and rng.random() < 0.08:
                self.anonymous_person(day)
                made += 1
            else:
                size = rng.choices(range(1, 9), weights=_HOUSEHOLD_SIZE_WEIGHTS)[0]
                size = min(size, n - made)
                self.household(index, size, day)
                made += size
            index += 1
            if len(self.pending.get("beneficiary", ())) >= _CHUNK:
                self.flush_people()
        self.flush_people()

    def flush_people(self) -> None:
        pending = self.pending
        self.insert(m.Household, pending.pop("household", []))
        self.insert(m.Beneficiary, pending.pop("beneficiary", []))
        heads = pending.pop("head", [])
        if heads:
            # The head exists only now. updated_at is given, or its onupdate would use the clock.
            table = _table(m.Household)
            self.session.execute(
                update(table)
                .where(table.c.id == bindparam("hh_id"))
                .values(head_id=bindparam("hh_head"), updated_at=bindparam("hh_stamp")),
                heads,
            )
        self.insert(m.BeneficiaryVulnerability, pending.pop("vulnerability", []))
        self.insert(m.Consent, pending.pop("consent", []))
        self.insert(m.ServiceDelivery, pending.pop("delivery", []))

    def add(self, table: str, row: Row) -> None:
        self.pending.setdefault(table, []).append(row)

    def home(self) -> tuple[DisplacementStatus, str | None, str]:
        """Displacement status, origin rayon and current rayon of a household."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.35:
            status, origin = DisplacementStatus.IDP, rng.choice(_ORIGIN_RAYONS)
        elif roll < 0.41:
            rayon = self.weighted(_RETURN_RAYONS)
            return DisplacementStatus.RETURNEE, rayon, rayon
        elif roll < 0.43:
            status, origin = DisplacementStatus.REFUGEE, None  # from Armenia, not a rayon of ours
        elif roll < 0.70:
            status, origin = DisplacementStatus.HOST, None
        else:
            status, origin = DisplacementStatus.NONE, None
        rayon = self.weighted(_HOME_RAYONS)
        return status, origin, rayon

    def head_age(self, size: int) -> int:
        bands = _HEAD_AGES_ALONE if size == 1 else _HEAD_AGES_LARGE if size >= 5 else _HEAD_AGES
        low, high, _weight = self.rng.choices(bands, weights=[band[2] for band in bands])[0]
        return self.rng.randint(low, high)

    def make_up_household(self, size: int, head_sex: Sex | None, min_adult: int) -> list[_Person]:
        """Who lives together: head, spouse, children or grandchildren, parents, a sibling.

        Ages agree with the relations: children are 18-45 years younger than the head and at
        least 18 years younger than either parent, a grandchild at least 18 years younger than
        its parent, and head and spouse were adults (``min_adult`` today) when registered.
        """
        rng = self.rng
        if head_sex is None:
            female_share = 0.6 if size == 1 else 0.25
            head_sex = Sex.FEMALE if rng.random() < female_share else Sex.MALE
        head_age = max(min_adult, self.head_age(size))
        people_: list[_Person] = [_Person(head_sex, head_age, HouseholdRelation.HEAD)]
        slots = size - 1
        youngest_parent = head_age
        if slots and rng.random() < (0.9 if head_sex == Sex.MALE else 0.1):
            if head_sex == Sex.MALE:
                spouse = _Person(
                    Sex.FEMALE,
                    max(min_adult, head_age - rng.randint(0, 8)),
                    HouseholdRelation.SPOUSE,
                )
            else:
                spouse = _Person(Sex.MALE, head_age + rng.randint(0, 6), HouseholdRelation.SPOUSE)
            people_.append(spouse)
            youngest_parent = min(head_age, spouse.age)
            slots -= 1
        if slots and head_age <= 55 and rng.random() < 0.3:
            count = 2 if slots >= 2 and rng.random() < 0.3 else 1
            sexes = (
                [Sex.MALE, Sex.FEMALE]
                if count == 2
                else [rng.choice((Sex.FEMALE, Sex.FEMALE, Sex.MALE))]
            )
            for sex in sexes:
                people_.append(
                    _Person(sex, min(95, head_age + rng.randint(20, 35)), HouseholdRelation.PARENT)
                )
            slots -= count
        if slots and rng.random() < 0.04:
            sibling_age = max(16, head_age + rng.randint(-12, 12))
            people_.append(
                _Person(rng.choice((Sex.FEMALE, Sex.MALE)), sibling_age, HouseholdRelation.SIBLING)
            )
            slots -= 1
        children = slots
        if head_age >= 52 and slots >= 2:
            children = rng.randint(1, 2)
        oldest = min(youngest_parent - 18, head_age - 18)
        youngest = max(0, head_age - 45)
        adult_children: list[_Person] = []
        for _ in range(children):
            sex = Sex.MALE if rng.random() < 0.51 else Sex.FEMALE
            child = _Person(
                sex, rng.randint(youngest, max(youngest, oldest)), HouseholdRelation.CHILD
            )
            people_.append(child)
            if child.age >= 20:
                adult_children.append(child)
        for _ in range(slots - children):
            sex = Sex.MALE if rng.random() < 0.51 else Sex.FEMALE
            # A grandchild lives here with its parent, or, parents away, with the grandparents.
            parent = rng.choice(adult_children) if adult_children and rng.random() < 0.85 else None
            latest = head_age - 38 if parent is None else min(head_age - 38, parent.age - 18)
            age = rng.randint(max(0, head_age - 75), max(0, latest))
            people_.append(_Person(sex, age, HouseholdRelation.GRANDCHILD, parent=parent))
        return people_

    def name_household(
        self,
        members: list[_Person],
        russian: bool,
        surname: tuple[str, str] | None,
        head_first_name: str | None,
    ) -> None:
        """Names, surnames and patronymics that agree with who is whose child."""
        rng = self.rng
        male_names = _RU_MALE_NAMES if russian else _MALE_NAMES
        female_names = _RU_FEMALE_NAMES if russian else _FEMALE_NAMES
        surnames = _RU_SURNAMES if russian else _SURNAMES
        family = surname or rng.choice(surnames)

        def first(sex: Sex) -> str:
            return rng.choice(male_names if sex == Sex.MALE else female_names)

        def patronymic(father: str, sex: Sex) -> str:
            if russian:
                return _RU_PATRONYMICS[father][0 if sex == Sex.MALE else 1]
            return f"{father} {'oğlu' if sex == Sex.MALE else 'qızı'}"

        def form(pair: tuple[str, str], sex: Sex) -> str:
            return pair[0] if sex == Sex.MALE else pair[1]

        head = members[0]
        head.first_name = head_first_name or first(head.sex)
        head.last_name = form(family, head.sex)
        heads_father = rng.choice(male_names)
        head.patronymic = patronymic(heads_father, head.sex)
        # A woman heading the household usually carries her husband's surname, so her parents
        # and siblings have another one.
        birth_family = family if head.sex == Sex.MALE else rng.choice(surnames)
        father = head.first_name if head.sex == Sex.MALE else rng.choice(male_names)
        for person in members[1:]:
            if person.relation == HouseholdRelation.SPOUSE:
                person.first_name = first(person.sex)
                if person.sex == Sex.MALE:
                    person.last_name = form(family, Sex.MALE)
                    father = person.first_name
                else:
                    own = family if rng.random() < 0.7 else rng.choice(surnames)
                    person.last_name = form(own, Sex.FEMALE)
                person.patronymic = patronymic(rng.choice(male_names), person.sex)
        for person in members[1:]:
            if person.relation == HouseholdRelation.SPOUSE:
                continue
            if person.relation == HouseholdRelation.PARENT:
                if person.sex == Sex.MALE:
                    person.first_name = heads_father
                    person.last_name = form(birth_family, Sex.MALE)
                else:
                    person.first_name = first(Sex.FEMALE)
                    person.last_name = form(
                        birth_family if rng.random() < 0.6 else rng.choice(surnames), Sex.FEMALE
                    )
                person.patronymic = patronymic(rng.choice(male_names), person.sex)
            elif person.relation == HouseholdRelation.SIBLING:
                person.first_name = first(person.sex)
                person.last_name = form(birth_family, person.sex)
                person.patronymic = patronymic(heads_father, person.sex)
            elif person.relation == HouseholdRelation.CHILD:
                person.first_name = first(person.sex)
                person.last_name = form(family, person.sex)
                person.patronymic = patronymic(father, person.sex)
            else:  # a grandchild takes its father's name: the head's son, or a daughter's husband
                parent = person.parent
                person.first_name = first(person.sex)
                if parent is not None and parent.sex == Sex.MALE and parent.first_name:
                    person.last_name = form(family, person.sex)
                    person.patronymic = patronymic(parent.first_name, person.sex)
                else:  # a daughter's child, or a son's whose father is not in the household
                    fathers_family = family if parent is None else rng.choice(surnames)
                    person.last_name = form(fathers_family, person.sex)
                    person.patronymic = patronymic(rng.choice(male_names), person.sex)

    def household(self, index: int, size: int, registered: dt.date) -> None:
        rng = self.rng
        # The first two households carry names that exercise search folding
        # (dotted capital İ, ş/ü folding, Cyrillic).
        head_sex: Sex | None = None
        surname: tuple[str, str] | None = None
        head_first: str | None = None
        russian = rng.random() < 0.05
        if index == 0:
            russian, head_sex, surname, head_first = (
                False,
                Sex.MALE,
                ("Şükürov", "Şükürova"),
                "İsmayıl",
            )
        elif index == 1:
            russian, head_sex, surname, head_first = (
                True,
                Sex.FEMALE,
                ("Иванов", "Иванова"),
                "Наталья",
            )
        # Head and spouse were adults when registered, however long ago that was.
        min_adult = 18 + (self.as_of - registered).days // 365 + 1
        members = self.make_up_household(size, head_sex, min_adult)
        self.name_household(members, russian, surname, head_first)
        status, origin, rayon = self.home()
        settlement = rng.choice(_SETTLEMENTS[rayon])
        household_id = self.new_id("household")
        street = rng.choice(_STREETS)
        if settlement.endswith("kəndi"):
            address = f"{settlement}, {street} {rng.randint(1, 120)}"
        else:
            address = f"{settlement}, {street} {rng.randint(1, 220)}, mən. {rng.randint(1, 90)}"
        stamp = _stamp(registered, household_id)
        self.add(
            "household",
            {
                "id": household_id,
                "code": f"HH-{household_id:06d}",
                "head_id": None,
                "rayon_code": rayon,
                "settlement": settlement,
                "address": address,
                "archived": False,
                "created_at": stamp,
                "updated_at": stamp,
            },
        )
        has_spouse = any(p.relation == HouseholdRelation.SPOUSE for p in members)
        has_minor_child = any(p.relation == HouseholdRelation.CHILD and p.age < 18 for p in members)
        for person in members:
            self.person(person, registered, household_id, status, origin, rayon, settlement)
        self.add("head", {"hh_id": household_id, "hh_head": members[0].id, "hh_stamp": stamp})
        # Vulnerability criteria that belong to the household, recorded on its head.
        head = members[0]
        criteria: list[Vulnerability] = []
        if head.sex == Sex.FEMALE:
            criteria.append(Vulnerability.FEMALE_HEADED)
        if not has_spouse and has_minor_child:
            criteria.append(Vulnerability.SINGLE_PARENT)
        if size == 1 and head.age >= 60:
            criteria.append(Vulnerability.ELDERLY_ALONE)
        if size >= 6:
            criteria.append(Vulnerability.LARGE_FAMILY)
        if rng.random() < 0.3:
            criteria.append(Vulnerability.LOW_INCOME)
        if rng.random() < 0.02:
            criteria.append(Vulnerability.MARTYR_FAMILY)
        for criterion in criteria:
            self.add("vulnerability", {"beneficiary_id": head.id, "criterion": criterion})
        for person in members:
            self.personal_vulnerabilities(person, members)
        self.household_services(members, rayon)

    def personal_vulnerabilities(self, person: _Person, members: list[_Person]) -> None:
        rng = self.rng
        criteria: list[Vulnerability] = []
        if person.age >= 18 and rng.random() < (0.04 if person.age < 50 else 0.18):
            criteria.append(Vulnerability.CHRONIC_ILLNESS)
        if 18 <= person.age <= 62 and rng.random() < 0.12:
            criteria.append(Vulnerability.UNEMPLOYED)
        if person.sex == Sex.MALE and 22 <= person.age <= 60 and rng.random() < 0.04:
            criteria.append(Vulnerability.WAR_VETERAN)
        if (
            person.sex == Sex.FEMALE
            and 18 <= person.age <= 42
            and person.relation in (HouseholdRelation.HEAD, HouseholdRelation.SPOUSE)
            and any(p.age < 2 for p in members)
            and rng.random() < 0.7
        ):
            criteria.append(Vulnerability.PREGNANT_LACTATING)
        if (
            person.relation == HouseholdRelation.GRANDCHILD
            and person.age < 18
            and rng.random() < 0.15
        ):
            criteria.append(Vulnerability.ORPHAN)
        for criterion in criteria:
            self.add("vulnerability", {"beneficiary_id": person.id, "criterion": criterion})

    def wg_answers(self, age: int) -> list[int | None]:
        """Washington Group short set, asked of people aged 5 and over (most answer).

        About one in ten who answer has "a lot of difficulty" or "cannot do" in a domain,
        more with age, as in population surveys."""
        rng = self.rng
        if age < 5 or rng.random() >= 0.85:
            return [None] * 6
        p_some = 0.03 if age < 40 else 0.10 if age < 65 else 0.22
        answers: list[int | None] = [2 if rng.random() < p_some else 1 for _ in range(6)]
        p_disability = 0.035 if age < 18 else 0.06 if age < 50 else 0.14 if age < 65 else 0.28
        if rng.random() < p_disability:
            domains = rng.choices(range(6), weights=(3, 2, 4, 2, 1, 1), k=rng.choice((1, 1, 1, 2)))
            for domain in domains:
                answers[domain] = 4 if rng.random() < 0.2 else 3
        return answers

    def person(
        self,
        person: _Person,
        household_registered: dt.date,
        household_id: int,
        status: DisplacementStatus,
        origin: str | None,
        rayon: str,
        settlement: str,
    ) -> None:
        rng = self.rng
        person.id = self.new_id("beneficiary")
        registration_no = f"B-{person.id:06d}"
        birth = self.date_of_birth(person.age)
        # A baby born after the household registered is added a few weeks after birth.
        registered = household_registered
        if birth > registered:
            registered = min(self.as_of, birth + dt.timedelta(days=rng.randint(7, 60)))
        person.registered_on = registered
        person.age_at_registration = people.age_on(registered, date_of_birth=birth) or 0
        dob: dt.date | None = birth
        estimated_age: int | None = None
        estimated_on: dt.date | None = None
        if person.age_at_registration >= 1 and rng.random() < 0.1:
            # No documents at hand: the age is estimated on the day of registration.
            estimated_age, estimated_on, dob = person.age_at_registration, registered, None
        adult = person.age_at_registration >= 18
        phone = self.phone() if adult and rng.random() < 0.8 else None
        national_id = self.fin() if adult and rng.random() < 0.85 else None
        wg = self.wg_answers(person.age_at_registration)
        stamp = _stamp(registered, person.id)
        self.add(
            "beneficiary",
            {
                "id": person.id,
                "registration_no": registration_no,
                "registered_on": registered,
                "household_id": household_id,
                "relation_to_head": person.relation,
                "first_name": person.first_name,
                "last_name": person.last_name,
                "patronymic": person.patronymic,
                "sex": person.sex,
                "date_of_birth": dob,
                "estimated_age": estimated_age,
                "age_estimated_on": estimated_on,
                "wg_seeing": wg[0],
                "wg_hearing": wg[1],
                "wg_walking": wg[2],
                "wg_remembering": wg[3],
                "wg_selfcare": wg[4],
                "wg_communicating": wg[5],
                "has_disability": people.has_disability(wg),
                "displacement_status": status,
                "origin_rayon_code": origin,
                "rayon_code": rayon,
                "settlement": settlement,
                "phone": phone,
                "national_id": national_id,
                "is_anonymous": False,
                "archived": False,
                "erased_at": None,
                "notes": None,
                "sort_key": people.sort_key(
                    (person.last_name, person.first_name, person.patronymic)
                ),
                "search_text": self.search_text(
                    (
                        person.first_name,
                        person.last_name,
                        person.patronymic,
                        registration_no,
                        national_id,
                        phone,
                    )
                ),
                "created_at": stamp,
                "updated_at": stamp,
            },
        )
        self.consents(person, adult, phone is not None)

    def consents(self, person: _Person, adult: bool, has_phone: bool) -> None:
        """Consent per purpose, as the law on personal data requires; a parent or guardian
        consents for a child."""
        rng = self.rng
        recorder_id, recorder = rng.choice(self.recorders)
        if adult:
            method = (
                ConsentMethod.WRITTEN if rng.random() < 0.75 else ConsentMethod.VERBAL_WITNESSED
            )
        else:
            method = ConsentMethod.GUARDIAN
        purposes = [ConsentPurpose.REGISTRATION, ConsentPurpose.SERVICES]
        if rng.random() < 0.7:
            purposes.append(ConsentPurpose.DONOR_REPORTING)
        if has_phone and rng.random() < 0.75:
            purposes.append(ConsentPurpose.CONTACT)
        if rng.random() < 0.05:
            purposes.append(ConsentPurpose.PHOTOS)
        for purpose in purposes:
            withdrawn: dt.date | None = None
            if (
                purpose == ConsentPurpose.CONTACT
                and rng.random() < 0.03
                and person.registered_on < self.as_of
            ):
                withdrawn = self.day_between(
                    person.registered_on + dt.timedelta(days=1), self.as_of
                )
            self.add(
                "consent",
                {
                    "id": self.new_id("consent"),
                    "beneficiary_id": person.id,
                    "purpose": purpose,
                    "given": True,
                    "recorded_on": person.registered_on,
                    "method": method,
                    "recorded_by_id": recorder_id,
                    "recorded_by_name": recorder,
                    "valid_until": None,
                    "withdrawn_on": withdrawn,
                    "notes": "Əlaqə razılığı geri götürülüb" if withdrawn else None,
                },
            )

    def anonymous_person(self, registered: dt.date) -> None:
        """Someone who declined consent: counted (sex, age, disability, place), never named."""
        rng = self.rng
        status, origin, rayon = self.home()
        sex = Sex.UNKNOWN if rng.random() < 0.15 else rng.choice((Sex.FEMALE, Sex.MALE))
        age = rng.randint(18, 80) if rng.random() < 0.8 else rng.randint(6, 17)
        age_now = age + (self.as_of - registered).days // 365
        person = _Person(sex, age_now, None, registered_on=registered, age_at_registration=age)
        person.id = self.new_id("beneficiary")
        registration_no = f"B-{person.id:06d}"
        wg = self.wg_answers(age)
        stamp = _stamp(registered, person.id)
        self.add(
            "beneficiary",
            {
                "id": person.id,
                "registration_no": registration_no,
                "registered_on": registered,
                "household_id": None,
                "relation_to_head": None,
                "first_name": None,
                "last_name": None,
                "patronymic": None,
                "sex": sex,
                "date_of_birth": None,
                "estimated_age": age,
                "age_estimated_on": registered,
                "wg_seeing": wg[0],
                "wg_hearing": wg[1],
                "wg_walking": wg[2],
                "wg_remembering": wg[3],
                "wg_selfcare": wg[4],
                "wg_communicating": wg[5],
                "has_disability": people.has_disability(wg),
                "displacement_status": status,
                "origin_rayon_code": origin,
                "rayon_code": rayon,
                "settlement": rng.choice(_SETTLEMENTS[rayon]),
                "phone": None,
                "national_id": None,
                "is_anonymous": True,
                "archived": False,
                "erased_at": None,
                "notes": None,
                "sort_key": "",
                "search_text": self.search_text((registration_no,)),
                "created_at": stamp,
                "updated_at": stamp,
            },
        )
        recorder_id, recorder = rng.choice(self.recorders)
        self.add(
            "consent",
            {
                "id": self.new_id("consent"),
                "beneficiary_id": person.id,
                "purpose": ConsentPurpose.REGISTRATION,
                "given": False,
                "recorded_on": registered,
                "method": ConsentMethod.VERBAL_WITNESSED,
                "recorded_by_id": recorder_id,
                "recorded_by_name": recorder,
                "valid_until": None,
                "withdrawn_on": None,
                "notes": "Şəxsi məlumatların qeydiyyatına razılıq verməyib; yalnız anonim sayılır.",
            },
        )
        if rng.random() < 0.6:
            self.individual_services([person], rayon)

    # -- services -------------------------------------------------------------------------

    def open_activities(self, rayon: str, registered: dt.date) -> list[_Activity]:
        return [
            a
            for a in self.activities_by_rayon.get(rayon, ())
            if a.end is not None and a.end >= registered
        ]

    def household_services(self, members: list[_Person], rayon: str) -> None:
        """Most households take part in one to three activities near them."""
        rng = self.rng
        if rng.random() >= 0.95:
            return
        candidates = self.open_activities(rayon, members[0].registered_on)
        if not candidates:
            return
        count = min(len(candidates), rng.choices((1, 2, 3), weights=(25, 40, 35))[0])
        chosen: list[_Activity] = []
        pool = list(candidates)
        for _ in range(count):
            pick = rng.choices(pool, weights=[a.weight for a in pool])[0]
            chosen.append(pick)
            pool.remove(pick)
        for activity in chosen:
            self.serve(activity, members)

    def individual_services(self, members: list[_Person], rayon: str) -> None:
        candidates = [
            a
            for a in self.open_activities(rayon, members[0].registered_on)
            if a.activity_type
            in (ActivityType.AWARENESS, ActivityType.PSYCHOSOCIAL, ActivityType.HEALTH)
        ]
        if candidates:
            self.serve(self.rng.choice(candidates), members)

    def serve(self, activity: _Activity, members: list[_Person]) -> None:
        """Services of one activity to a household (or one person): who, how often, when."""
        rng = self.rng
        kind = activity.activity_type
        if kind == ActivityType.DISTRIBUTION:  # the whole household, on the same day(s)
            assert activity.start is not None and activity.end is not None
            first = max(activity.start, members[0].registered_on)
            if first > activity.end:
                return
            day = self.day_between(first, activity.end)
            recorder = rng.choice(self.recorders)[1]
            rounds = 2 if rng.random() < 0.25 else 1
            for _ in range(rounds):
                for person in members:
                    if person.registered_on <= day:
                        self.deliver(activity, person, day, recorder, activity.value)
                day += dt.timedelta(days=30)
                if day > activity.end:
                    break
            return
        if kind == ActivityType.CASH_ASSISTANCE:  # one transfer a month to the head
            self.sessions(activity, members[0], rng.randint(1, 3), 30)
            return
        if kind == ActivityType.LIVELIHOODS:
            adults = [p for p in members if 18 <= p.age <= 60] or members[:1]
            self.sessions(activity, rng.choice(adults), 1, 0)
            return
        if kind == ActivityType.AWARENESS:  # families come together to information sessions
            eligible = [p for p in members if p.age >= 10]
            chosen = [p for p in eligible if rng.random() < 0.8] or eligible[:1]
            for person in chosen:
                self.sessions(activity, person, 1, 0)
            return
        if kind == ActivityType.TRAINING:
            eligible = [p for p in members if 16 <= p.age <= 60]
            picks, sessions, gap = rng.choice((1, 1, 2)), rng.randint(4, 8), 7
        elif kind == ActivityType.PSYCHOSOCIAL:
            eligible = [p for p in members if p.age >= 6]
            picks, sessions, gap = rng.choice((1, 2, 3, 3)), rng.randint(3, 8), 7
        elif kind == ActivityType.HEALTH:
            eligible = list(members)
            picks, sessions, gap = rng.choice((1, 2, 3, 4)), rng.randint(1, 3), 30
        else:  # first aid courses, community initiatives
            eligible = [p for p in members if p.age >= 14]
            picks, sessions, gap = rng.choice((1, 2, 3)), 1, 0
        if not eligible:
            return
        for person in rng.sample(eligible, min(len(eligible), picks)):
            self.sessions(activity, person, sessions, gap)

    def sessions(self, activity: _Activity, person: _Person, count: int, gap_days: int) -> None:
        """``count`` deliveries ``gap_days`` apart, inside the activity's dates and after the
        person registered; fewer if the window is too short."""
        assert activity.start is not None and activity.end is not None
        first = max(activity.start, person.registered_on)
        last = activity.end
        if first > last:
            return
        latest_start = last - dt.timedelta(days=gap_days * (count - 1))
        day = self.day_between(first, max(first, latest_start))
        recorder = self.rng.choice(self.recorders)[1]
        value = activity.value
        if activity.service == ServiceType.LIVELIHOOD_KIT:
            value = self.rng.choice((Decimal("480.00"), Decimal("650.00"), Decimal("850.00")))
        for _ in range(count):
            if day > last:
                break
            self.deliver(activity, person, day, recorder, value)
            if not gap_days:
                break
            day += dt.timedelta(days=gap_days)

    def deliver(
        self,
        activity: _Activity,
        person: _Person,
        day: dt.date,
        recorder: str,
        value: Decimal | None,
    ) -> None:
        self.add(
            "delivery",
            {
                "id": self.new_id("service_delivery"),
                "activity_id": activity.id,
                "beneficiary_id": person.id,
                "delivered_on": day,
                "service_type": activity.service,
                "quantity": _ONE,
                "unit": activity.unit,
                "value": value,
                "currency": "AZN" if value is not None else None,
                "recorded_by": recorder,
            },
        )

    # -- members --------------------------------------------------------------------------

    def members(self) -> None:
        rng = self.rng
        categories = (
            ("Həqiqi üzv", Decimal("24.00")),
            ("Tələbə üzv", Decimal("12.00")),
            ("Fəxri üzv", Decimal("0.00")),
        )
        category_ids: list[int] = []
        rows: list[Row] = []
        for name, fee in categories:
            category_id = self.new_id("member_category")
            category_ids.append(category_id)
            rows.append({"id": category_id, "name": name, "annual_fee": fee, "currency": "AZN"})
        self.insert(m.MemberCategory, rows)
        count = min(400, 40 + self.size // 1000)
        members: list[Row] = []
        dues: list[tuple[dt.date, int, int, Decimal, str]] = []  # (paid on, member, year, ...)
        board = 0
        for _ in range(count):
            member_id = self.new_id("member")
            number = f"M-{member_id:04d}"
            sex = Sex.FEMALE if rng.random() < 0.55 else Sex.MALE
            russian = rng.random() < 0.05
            if russian:
                first_name = rng.choice(_RU_MALE_NAMES if sex == Sex.MALE else _RU_FEMALE_NAMES)
                last_name = rng.choice(_RU_SURNAMES)[0 if sex == Sex.MALE else 1]
                patronymic = _RU_PATRONYMICS[rng.choice(_RU_MALE_NAMES)][
                    0 if sex == Sex.MALE else 1
                ]
            else:
                first_name = self.az_name(sex)
                last_name = rng.choice(_SURNAMES)[0 if sex == Sex.MALE else 1]
                patronymic = f"{self.az_name(Sex.MALE)} {'oğlu' if sex == Sex.MALE else 'qızı'}"
            roll = rng.random()
            category = 2 if roll < 0.05 else 1 if roll < 0.25 else 0
            age = rng.randint(19, 26) if category == 1 else rng.randint(24, 72)
            joined = self.day_between(
                _add_months(self.as_of, -72), self.as_of - dt.timedelta(days=10)
            )
            roll = rng.random()
            status = (
                vocab.MemberStatus.ACTIVE
                if roll < 0.8
                else vocab.MemberStatus.SUSPENDED
                if roll < 0.88
                else vocab.MemberStatus.LEFT
                if roll < 0.98
                else vocab.MemberStatus.DECEASED
            )
            left_on: dt.date | None = None
            if status in (vocab.MemberStatus.LEFT, vocab.MemberStatus.DECEASED):
                left_on = self.day_between(joined + dt.timedelta(days=1), self.as_of)
            is_board = (
                status == vocab.MemberStatus.ACTIVE
                and category == 0
                and board < 7
                and rng.random() < 0.25
            )
            board += is_board
            phone = self.phone() if rng.random() < 0.95 else None
            email = None
            if rng.random() < 0.6:
                email = f"{_ascii_name(first_name)}.{_ascii_name(last_name)}@mail.az"
            stamp = _stamp(joined, member_id)
            members.append(
                {
                    "id": member_id,
                    "membership_no": number,
                    "first_name": first_name,
                    "last_name": last_name,
                    "patronymic": patronymic,
                    "sex": sex,
                    "date_of_birth": self.date_of_birth(age),
                    "phone": phone,
                    "email": email,
                    "address": f"Bakı şəhəri, {rng.choice(_STREETS)} {rng.randint(1, 200)}",
                    "rayon_code": "AZ-BA"
                    if rng.random() < 0.8
                    else rng.choice(("AZ-SM", "AZ-ABS")),
                    "category_id": category_ids[category],
                    "status": status,
                    "joined_on": joined,
                    "left_on": left_on,
                    "is_board_member": is_board,
                    "archived": False,
                    "notes": None,
                    "sort_key": people.sort_key((last_name, first_name, patronymic)),
                    "search_text": self.search_text(
                        (first_name, last_name, patronymic, number, phone)
                    ),
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
            fee = categories[category][1]
            if fee:  # honorary members pay nothing
                for year, paid_on in self.fee_years(status, joined, left_on):
                    dues.append((paid_on, member_id, year, fee, f"{first_name} {last_name}"))
        # Receipt numbers follow the cash book: in date order, restarting each year.
        payments: list[Row] = []
        receipts: dict[int, int] = {}
        for paid_on, member_id, year, fee, payer in sorted(dues):
            receipts[paid_on.year] = receipts.get(paid_on.year, 0) + 1
            receipt = f"ÜH-{paid_on.year}-{receipts[paid_on.year]:04d}"
            payments.append(
                {
                    "id": self.new_id("membership_fee_payment"),
                    "member_id": member_id,
                    "period_year": year,
                    "amount": fee,
                    "currency": "AZN",
                    "paid_on": paid_on,
                    "receipt_no": receipt,
                }
            )
            self.fee_incomes.append(
                {
                    "kind": vocab.IncomeKind.MEMBERSHIP_FEE,
                    "received_on": paid_on,
                    "amount": fee,
                    "currency": "AZN",
                    "payer": payer,
                    "reference": receipt,
                    "project_id": None,
                    "member_id": member_id,
                    "notes": f"Üzvlük haqqı: {year}",
                }
            )
        self.insert(m.Member, members)
        self.insert(m.MembershipFeePayment, payments)

    def fee_years(
        self, status: vocab.MemberStatus, joined: dt.date, left_on: dt.date | None
    ) -> list[tuple[int, dt.date]]:
        """``(year, day paid)`` of the yearly fees a member has paid up to as_of.

        The first fee is paid on joining, later ones early in the year. Suspended members
        owe the last two years, and some others have fallen one or two years behind.
        """
        rng = self.rng
        last_year = self.as_of.year if left_on is None else max(joined.year, left_on.year - 1)
        if status == vocab.MemberStatus.SUSPENDED:
            last_year -= 2
        elif rng.random() < 0.18:
            last_year -= rng.randint(1, 2)
        paid: list[tuple[int, dt.date]] = []
        for year in range(joined.year, last_year + 1):
            if year == joined.year:
                first, last = joined, joined + dt.timedelta(days=30)
            else:
                first, last = dt.date(year, 1, 10), dt.date(year, 4, 30)
            last = min(last, self.as_of, left_on or self.as_of)
            if first > last:
                break
            paid.append((year, self.day_between(first, last)))
        return paid

    # -- volunteers -----------------------------------------------------------------------

    def volunteers(self) -> None:
        rng = self.rng
        tags = {
            vocab.TagKind.SKILL: (
                "İlk tibbi yardım",
                "Psixoloji dəstək",
                "Sürücülük",
                "Tərcümə",
                "Kompüter",
                "Təlimçi",
                "Mühasibat",
            ),
            vocab.TagKind.LANGUAGE: ("Azərbaycan dili", "Rus dili", "İngilis dili", "Türk dili"),
        }
        tag_rows: list[Row] = []
        tag_ids: dict[str, int] = {}
        for kind, names in tags.items():
            for name in names:
                tag_id = self.new_id("tag")
                tag_ids[name] = tag_id
                tag_rows.append({"id": tag_id, "kind": kind, "name": name})
        self.insert(m.Tag, tag_rows)
        skills = tags[vocab.TagKind.SKILL]
        count = min(300, 60 + self.size // 2000)
        volunteers: list[Row] = []
        volunteer_tags: list[Row] = []
        availability: list[Row] = []
        trainings: list[Row] = []
        insurances: list[Row] = []
        hours: list[Row] = []
        slots = [(d, p) for d in vocab.Weekday for p in vocab.DayPart]
        certificate_seq = 0
        policy_seq = 0
        # Certificates and policies go round this cycle, so every workshop (however small)
        # has some about to lapse within 30 days, some lapsed, and most valid.
        start = rng.randrange(len(_VALIDITY_CYCLE))
        certificates = itertools.islice(itertools.cycle(_VALIDITY_CYCLE), start, None)
        start = rng.randrange(len(_VALIDITY_CYCLE))
        policies = itertools.islice(itertools.cycle(_VALIDITY_CYCLE), start, None)
        year_ago = self.as_of - dt.timedelta(days=365)
        recent = self.as_of - dt.timedelta(days=91)
        for _ in range(count):
            volunteer_id = self.new_id("volunteer")
            number = f"V-{volunteer_id:04d}"
            sex = Sex.FEMALE if rng.random() < 0.58 else Sex.MALE
            russian = rng.random() < 0.05
            roll = rng.random()
            age = (
                rng.randint(16, 17)
                if roll < 0.05
                else rng.randint(18, 35)
                if roll < 0.8
                else rng.randint(36, 65)
            )
            if russian:
                first_name = rng.choice(_RU_MALE_NAMES if sex == Sex.MALE else _RU_FEMALE_NAMES)
                last_name = rng.choice(_RU_SURNAMES)[0 if sex == Sex.MALE else 1]
                patronymic = _RU_PATRONYMICS[rng.choice(_RU_MALE_NAMES)][
                    0 if sex == Sex.MALE else 1
                ]
            else:
                first_name = self.az_name(sex)
                last_name = rng.choice(_SURNAMES)[0 if sex == Sex.MALE else 1]
                patronymic = f"{self.az_name(Sex.MALE)} {'oğlu' if sex == Sex.MALE else 'qızı'}"
            dob = self.date_of_birth(age)
            sixteenth = _add_months(dob, 16 * 12)
            joined = self.day_between(
                max(sixteenth, _add_months(self.as_of, -60)), self.as_of - dt.timedelta(days=14)
            )
            roll = rng.random()
            status = (
                vocab.VolunteerStatus.ACTIVE
                if roll < 0.75
                else vocab.VolunteerStatus.INACTIVE
                if roll < 0.9
                else vocab.VolunteerStatus.LEFT
            )
            rayon = self.weighted(_VOLUNTEER_RAYONS)
            phone = self.phone()
            email = None
            if rng.random() < 0.7:
                email = f"{_ascii_name(first_name)}{rng.randint(1, 999)}@gmail.com"
            contact_sex = rng.choice((Sex.FEMALE, Sex.MALE))
            relation = "Anası" if contact_sex == Sex.FEMALE else "Atası"
            if age >= 30:
                relation = "Həyat yoldaşı" if rng.random() < 0.6 else "Qardaşı"
            emergency = f"{relation}: {self.az_name(contact_sex)}, {self.phone()}"
            stamp = _stamp(joined, volunteer_id)
            volunteers.append(
                {
                    "id": volunteer_id,
                    "volunteer_no": number,
                    "first_name": first_name,
                    "last_name": last_name,
                    "patronymic": patronymic,
                    "sex": sex,
                    "date_of_birth": dob,
                    "phone": phone,
                    "email": email,
                    "rayon_code": rayon,
                    "settlement": rng.choice(_SETTLEMENTS[rayon]),
                    "joined_on": joined,
                    "status": status,
                    "emergency_contact": emergency,
                    "archived": False,
                    "notes": "Yetkinlik yaşına çatmayıb: valideyn razılığı alınıb."
                    if age < 18
                    else None,
                    "sort_key": people.sort_key((last_name, first_name, patronymic)),
                    "search_text": self.search_text(
                        (first_name, last_name, patronymic, number, phone)
                    ),
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
            chosen = {"Rus dili"} if russian else {"Azərbaycan dili"}
            if russian and rng.random() < 0.7:
                chosen.add("Azərbaycan dili")
            if not russian and rng.random() < 0.5:
                chosen.add("Rus dili")
            if rng.random() < 0.45:
                chosen.add("İngilis dili")
            if rng.random() < 0.3:
                chosen.add("Türk dili")
            chosen.update(rng.sample(skills, rng.randint(1, 3)))
            volunteer_tags += [
                {"volunteer_id": volunteer_id, "tag_id": tag_ids[name]}
                for name in sorted(chosen, key=tag_ids.__getitem__)
            ]
            for weekday, part in sorted(rng.sample(slots, rng.randint(2, 6)), key=slots.index):
                availability.append(
                    {"volunteer_id": volunteer_id, "weekday": weekday, "day_part": part}
                )
            if status != vocab.VolunteerStatus.LEFT and age >= 18 and rng.random() < 0.75:
                # First-aid certificates are valid for two years.
                expires = self.validity_end(next(certificates), 300, 700)
                completed = _add_months(expires, -24)
                if completed < sixteenth:  # courses are for 16 and over
                    completed = sixteenth + dt.timedelta(days=rng.randint(1, 60))
                    expires = _add_months(completed, 24)
                certificate_seq += 1
                trainings.append(
                    {
                        "id": self.new_id("volunteer_training"),
                        "volunteer_id": volunteer_id,
                        "kind": vocab.TrainingKind.FIRST_AID,
                        "title": "İlk tibbi yardım (əsas kurs)",
                        "provider": _TRAINING_PROVIDERS[0],
                        "completed_on": completed,
                        "certificate_no": f"İTY-{completed.year}-{certificate_seq:04d}",
                        "expires_on": expires,
                    }
                )
            for training_kind, title, share in (
                (vocab.TrainingKind.PSYCHOSOCIAL, "Psixoloji ilk yardım", 0.3),
                (vocab.TrainingKind.DATA_PROTECTION, "Şəxsi məlumatların qorunması", 0.4),
                (vocab.TrainingKind.DISASTER_RESPONSE, "Fövqəladə hallara hazırlıq", 0.15),
            ):
                if rng.random() < share:
                    trainings.append(
                        {
                            "id": self.new_id("volunteer_training"),
                            "volunteer_id": volunteer_id,
                            "kind": training_kind,
                            "title": title,
                            "provider": rng.choice(_TRAINING_PROVIDERS),
                            "completed_on": self.day_between(joined, self.as_of),
                            "certificate_no": None,
                            "expires_on": None,
                        }
                    )
            if status != vocab.VolunteerStatus.LEFT and rng.random() < 0.8:
                # Accident insurance runs a year; a fifth of volunteers have none.
                until = self.validity_end(next(policies), 200, 364)
                valid_from = _add_months(until, -12) + dt.timedelta(days=1)
                if valid_from < joined:  # insured from the day they joined
                    valid_from = joined
                    until = _add_months(joined, 12) - dt.timedelta(days=1)
                insurer = rng.choice(_INSURERS)
                if (
                    valid_from - dt.timedelta(days=1) > _add_months(joined, 12)
                    and rng.random() < 0.4
                ):
                    policy_seq += 1
                    insurances.append(
                        {
                            "id": self.new_id("volunteer_insurance"),
                            "volunteer_id": volunteer_id,
                            "insurer": insurer,
                            "policy_no": f"BS-{valid_from.year - 1}-{policy_seq:05d}",
                            "valid_from": _add_months(valid_from, -12),
                            "valid_until": valid_from - dt.timedelta(days=1),
                        }
                    )
                policy_seq += 1
                insurances.append(
                    {
                        "id": self.new_id("volunteer_insurance"),
                        "volunteer_id": volunteer_id,
                        "insurer": insurer,
                        "policy_no": f"BS-{valid_from.year}-{policy_seq:05d}",
                        "valid_from": valid_from,
                        "valid_until": until,
                    }
                )
            hours += self.volunteer_hours(volunteer_id, status, max(joined, year_ago), recent)
        self.insert(m.Volunteer, volunteers)
        self.insert(m.VolunteerTag, volunteer_tags)
        self.insert(m.VolunteerAvailability, availability)
        self.insert(m.VolunteerTraining, trainings)
        self.insert(m.VolunteerInsurance, insurances)
        self.insert(m.VolunteerHours, hours)

    def validity_end(self, state: str, lapsed_days: int, valid_days: int) -> dt.date:
        """The last valid day of a certificate or policy in the given ``state``."""
        if state == "lapsing":  # within the 30 days after as_of, when reminders are due
            return self.as_of + dt.timedelta(days=self.rng.randint(1, 30))
        if state == "lapsed":
            return self.as_of - dt.timedelta(days=self.rng.randint(1, lapsed_days))
        return self.as_of + dt.timedelta(days=self.rng.randint(31, valid_days))

    def volunteer_hours(
        self, volunteer_id: int, status: vocab.VolunteerStatus, first: dt.date, recent: dt.date
    ) -> list[Row]:
        """Hours over the last twelve months: a core of active volunteers give 8 hours or more
        every month of the last three; the others come now and then."""
        rng = self.rng
        rows: list[Row] = []
        if first > self.as_of:
            return rows
        roles = (
            "Qeydiyyat",
            "Paylanma",
            "Təlimçi köməkçisi",
            "Psixoloji dəstək",
            "Sürücü",
            "Tərcüməçi",
        )

        def entry(day: dt.date, hours: Decimal) -> None:
            open_ = [
                a
                for a in self.activities
                if a.start is not None and a.end is not None and a.start <= day <= a.end
            ]
            activity = rng.choice(open_) if open_ and rng.random() < 0.85 else None
            rows.append(
                {
                    "id": self.new_id("volunteer_hours"),
                    "volunteer_id": volunteer_id,
                    "activity_id": activity.id if activity else None,
                    "worked_on": day,
                    "hours": hours,
                    "role": rng.choice(roles) if activity else "Ofis işi",
                    "notes": None,
                }
            )

        core = status == vocab.VolunteerStatus.ACTIVE and rng.random() < 0.45
        if status == vocab.VolunteerStatus.LEFT:
            last = min(self.as_of, recent - dt.timedelta(days=60))
        elif status == vocab.VolunteerStatus.INACTIVE:
            last = min(self.as_of, recent - dt.timedelta(days=30))
        else:
            last = self.as_of
        if last >= first:
            for _ in range(rng.randint(0, 8)):
                entry(self.day_between(first, last), Decimal(rng.choice((2, 3, 4, 5, 6))))
        if core:
            for month in range(3):
                month_last = self.as_of - dt.timedelta(days=30 * month)
                month_first = max(first, month_last - dt.timedelta(days=29))
                if month_first > month_last:
                    continue
                total = Decimal(0)
                target = Decimal(rng.randint(8, 20))
                while total < target:
                    hours = Decimal(rng.choice(("2.5", "3", "4", "5", "6")))
                    entry(self.day_between(month_first, month_last), hours)
                    total += hours
        return rows

    # -- money ----------------------------------------------------------------------------

    def finance(self) -> None:
        rates = self.exchange_rates()
        self.expenses(rates)
        self.income()

    def exchange_rates(self) -> dict[tuple[dt.date, str, str], Decimal]:
        """Monthly rates for every month any project has run, up to as_of.

        EUR rates are InforEuro's (4 decimals), the others the Central Bank's; the manat is
        pegged to the dollar at 1.70. Inverse rows are kept for the expenses paid in manat
        against EUR and CHF grants."""
        rng = self.rng
        first = min(start for start, _end in self.project_dates.values())
        months = _month_starts(first, self.as_of)
        rates: dict[tuple[dt.date, str, str], Decimal] = {}
        rows: list[Row] = []
        eur = 1.87
        chf = 1.95
        usd = Decimal("1.7000")
        for month in months:
            eur = min(1.95, max(1.80, eur + rng.uniform(-0.015, 0.015)))
            chf = min(2.05, max(1.85, chf + rng.uniform(-0.02, 0.02)))
            eur_azn = Decimal(f"{eur:.4f}")
            chf_azn = Decimal(f"{chf:.4f}")
            for source_currency, target_currency, rate, source in (
                ("EUR", "AZN", eur_azn, "InforEuro"),
                ("AZN", "EUR", _rate(1 / eur_azn), "InforEuro"),
                ("USD", "EUR", _rate(usd / eur_azn), "InforEuro"),
                ("CHF", "AZN", chf_azn, "CBAR"),
                ("AZN", "CHF", _rate(1 / chf_azn), "CBAR"),
                ("USD", "AZN", usd, "CBAR"),
            ):
                rates[(month, source_currency, target_currency)] = rate
                rows.append(
                    {
                        "id": self.new_id("exchange_rate"),
                        "month": month,
                        "from_currency": source_currency,
                        "to_currency": target_currency,
                        "rate": rate,
                        "source": source,
                    }
                )
        self.insert(m.ExchangeRate, rows)
        return rates

    def expenses(self, rates: dict[tuple[dt.date, str, str], Decimal]) -> None:
        """Spending against each budget line up to as_of, in the currency actually paid.

        Salaries and rent are fixed in manat, so their value in the grant currency moves with
        the monthly rate; bills vary; purchases happen on a few dates. One EU line (local
        transport) is deliberately over budget, with the reason on the payments beyond it.
        """
        drafts: list[tuple[dt.date, str, str, Row]] = []
        for spec in _PROJECTS:
            for line in spec.lines:
                total = _money(Decimal(line.quantity) * Decimal(line.unit_cost))
                spent = Decimal(0)
                for day, worth, payee in sorted(self.line_payments(spec, line, total)):
                    amount, currency, rate = self.payment(rates, spec, line, day, worth)
                    spent += amount * rate
                    over = line.over_budget_reason is not None and spent > total
                    drafts.append(
                        (
                            day,
                            spec.code,
                            line.code,
                            {
                                "project_id": self.project_ids[spec.code],
                                "budget_line_id": self.budget_line_ids[(spec.code, line.code)],
                                "spent_on": day,
                                "payee": payee,
                                "description": f"{line.expense_text} ({day:%m.%Y})",
                                "amount": amount,
                                "currency": currency,
                                "rate_to_project": rate,
                                "over_budget_reason": line.over_budget_reason if over else None,
                            },
                        )
                    )
        # Receipt numbers run through the year in date order, as in a real cash book.
        drafts.sort(key=lambda d: (d[0], d[1], d[2]))
        rows: list[Row] = []
        per_year: dict[int, int] = {}
        for day, _code, _line, row in drafts:
            per_year[day.year] = per_year.get(day.year, 0) + 1
            expense_id = self.new_id("expense")
            stamp = _stamp(min(self.as_of, day + dt.timedelta(days=2)), expense_id)
            row.update(
                {
                    "id": expense_id,
                    "receipt_no": f"QF-{day.year}-{per_year[day.year]:05d}",
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
            rows.append(row)
        self.insert(m.Expense, rows)

    def line_payments(
        self, spec: _ProjectSpec, line: _LineSpec, total: Decimal
    ) -> list[tuple[dt.date, Decimal, str]]:
        """``(day, worth in the project currency, payee)`` of each payment against a line."""
        rng = self.rng
        start, end = self.project_dates[spec.code]
        payments: list[tuple[dt.date, Decimal, str]] = []
        if line.spend in ("fixed", "monthly"):
            per_month = total / len(_month_starts(start, end))
            for month in _month_starts(start, self.as_of):
                pay_day = min(_month_end(month), end)
                if pay_day >= self.as_of:
                    break  # this month is not over yet
                if pay_day.weekday() >= 5:  # paid on the Friday before a weekend
                    pay_day -= dt.timedelta(days=pay_day.weekday() - 4)
                if line.spend == "fixed":  # every person on the line, the same each month
                    for payee in line.payees:
                        payments.append((pay_day, per_month / len(line.payees), payee))
                else:  # bills that vary from month to month
                    worth = per_month * Decimal(rng.uniform(0.85, 1.1))
                    payments.append((pay_day, worth, rng.choice(line.payees)))
        elif line.spend == "events":
            spent = total * Decimal(rng.uniform(*line.share))
            weights = [rng.uniform(0.5, 1.5) for _ in range(rng.randint(*line.events))]
            for weight in weights:
                day = self.working_day_between(
                    start + dt.timedelta(days=10), self.as_of - dt.timedelta(days=1)
                )
                worth = spent * Decimal(weight) / Decimal(sum(weights))
                payments.append((day, worth, rng.choice(line.payees)))
        if line.over_budget_reason:
            # Extra field trips in the last months push the line over its budget.
            for _ in range(3):
                day = self.working_day_between(
                    _add_months(self.as_of, -5), self.as_of - dt.timedelta(days=1)
                )
                payments.append((day, total * Decimal("0.18"), rng.choice(line.payees)))
        return payments

    @staticmethod
    def payment(
        rates: dict[tuple[dt.date, str, str], Decimal],
        spec: _ProjectSpec,
        line: _LineSpec,
        day: dt.date,
        worth: Decimal,
    ) -> tuple[Decimal, str, Decimal]:
        """``(amount, currency, rate to the project currency)`` of a payment ``worth`` that
        much in the project currency, paid on ``day`` in the line's currency."""
        project_currency = spec.currency
        month = day.replace(day=1)
        if line.paid_in == "project" or project_currency == "AZN":
            return _money(worth), project_currency, _ONE
        if line.paid_in == "USD":
            rate = _rate(rates[(month, "USD", "AZN")] * rates[(month, "AZN", project_currency)])
            return _money(worth / rate), "USD", rate
        # Paid in manat: contracts were priced at the budget's rate; salaries and rent are
        # round sums of manat.
        amount = worth * _BUDGET_RATES[project_currency]
        amount = (
            amount.quantize(Decimal("10"), rounding=ROUND_HALF_UP)
            if line.spend == "fixed"
            else _money(amount)
        )
        return amount, "AZN", rates[(month, "AZN", project_currency)]

    def income(self) -> None:
        """Grant tranches as the contracts schedule them, donations, and the fees received."""
        rng = self.rng
        rows: list[Row] = list(self.fee_incomes)
        for spec in _PROJECTS:
            start, _end = self.project_dates[spec.code]
            direct = sum(
                (_money(Decimal(line.quantity) * Decimal(line.unit_cost)) for line in spec.lines),
                Decimal(0),
            )
            eligible = (
                direct * (1 + (spec.contingency_rate or 0)) * (1 + (spec.indirect_cost_rate or 0))
            )
            grant = eligible * spec.donor_share
            for months, days, share, note in spec.tranches:
                day = _add_months(start, months) + dt.timedelta(days=days)
                if day > self.as_of:
                    continue
                rows.append(
                    {
                        "kind": vocab.IncomeKind.GRANT_TRANCHE,
                        "received_on": day,
                        "amount": _money(grant * Decimal(share)),
                        "currency": spec.currency,
                        "payer": spec.payer,
                        "reference": f"{spec.donor_reference} — {note}",
                        "project_id": self.project_ids[spec.code],
                        "member_id": None,
                        "notes": note,
                    }
                )
        for _ in range(min(40, 12 + self.size // 20_000)):
            company = rng.random() < 0.4
            if company:
                payer = rng.choice(_DONOR_COMPANIES)
                amount = Decimal(rng.choice((500, 750, 1000, 1500, 2000)))
            else:
                sex = rng.choice((Sex.FEMALE, Sex.MALE))
                payer = f"{self.az_name(sex)} {rng.choice(_SURNAMES)[0 if sex == Sex.MALE else 1]}"
                amount = Decimal(rng.choice((20, 30, 50, 100, 150, 200)))
            day = self.day_between(_add_months(self.as_of, -24), self.as_of)
            rows.append(
                {
                    "kind": vocab.IncomeKind.DONATION,
                    "received_on": day,
                    "amount": _money(amount),
                    "currency": "AZN",
                    "payer": payer,
                    "reference": None,
                    "project_id": self.project_ids[OWN_PROJECT] if rng.random() < 0.6 else None,
                    "member_id": None,
                    "notes": "Bank köçürməsi" if company else "Nağd ianə",
                }
            )
        rows.sort(key=lambda r: (r["received_on"], r["kind"], r["payer"]))
        for row in rows:
            income_id = self.new_id("income")
            stamp = _stamp(row["received_on"], income_id)
            row.update({"id": income_id, "created_at": stamp, "updated_at": stamp})
        self.insert(m.Income, rows)

    # -- settings and audit ---------------------------------------------------------------

    def closing_records(self, seed: int) -> None:
        """How the file was made, for the app (setting) and for the record (audit trail)."""
        detail = {"seed": seed, "as_of": self.as_of.isoformat(), "beneficiaries": self.size}
        self.insert(m.Setting, [{"key": SETTING_KEY, "value": detail}])
        # Written directly rather than through audit.record, whose timestamp is the clock's.
        admin_id = self.session.scalars(select(m.User.id).where(m.User.username == "admin")).one()
        self.insert(
            m.AuditEntry,
            [
                {
                    "at": _stamp(self.as_of, 0),
                    "user_id": admin_id,
                    "user_name": "admin",
                    "action": vocab.AuditAction.CREATE,
                    "entity": "demo",
                    "entity_id": None,
                    "detail": detail,
                }
            ],
        )
