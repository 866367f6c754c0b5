"""Closed vocabularies: the codes stored in the database and their translatable labels.

Codes are stable English identifiers (they are written to the database and to exports); labels
are marked with ``N_`` and translated where they are shown, via :func:`label`.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

from cso_desktop.i18n import N_, NC_, _, pgettext


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class DisplacementStatus(StrEnum):
    IDP = "idp"
    REFUGEE = "refugee"
    RETURNEE = "returnee"
    HOST = "host"
    NONE = "none"


class WgAnswer(IntEnum):
    """Washington Group short-set answer codes (standards README §2.1); stored as 1-4."""

    NO_DIFFICULTY = 1
    SOME_DIFFICULTY = 2
    A_LOT_OF_DIFFICULTY = 3
    CANNOT_DO = 4


class HouseholdRelation(StrEnum):
    HEAD = "head"
    SPOUSE = "spouse"
    CHILD = "child"
    PARENT = "parent"
    SIBLING = "sibling"
    GRANDCHILD = "grandchild"
    OTHER_RELATIVE = "other_relative"
    NON_RELATIVE = "non_relative"


class Vulnerability(StrEnum):
    FEMALE_HEADED = "female_headed_household"
    SINGLE_PARENT = "single_parent"
    ELDERLY_ALONE = "elderly_alone"
    CHRONIC_ILLNESS = "chronic_illness"
    PREGNANT_LACTATING = "pregnant_lactating"
    LARGE_FAMILY = "large_family"
    LOW_INCOME = "low_income"
    UNEMPLOYED = "unemployed"
    MARTYR_FAMILY = "martyr_family"
    WAR_VETERAN = "war_veteran"
    ORPHAN = "orphan"


class ConsentPurpose(StrEnum):
    REGISTRATION = "registration"
    SERVICES = "services"
    DONOR_REPORTING = "donor_reporting"
    CONTACT = "contact"
    PHOTOS = "photos"


class ConsentMethod(StrEnum):
    WRITTEN = "written"
    VERBAL_WITNESSED = "verbal_witnessed"
    ELECTRONIC = "electronic"
    GUARDIAN = "guardian"


class MemberStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    LEFT = "left"
    DECEASED = "deceased"


class VolunteerStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"
    LEFT = "left"


class DonorKind(StrEnum):
    EU = "eu"
    IFRC = "ifrc"
    NATIONAL_SOCIETY = "national_society"
    GOVERNMENT = "government"
    OWN_FUNDS = "own_funds"
    OTHER = "other"


class ProjectStatus(StrEnum):
    """IATI ActivityStatus codes 1-6 by name (the code is derived at export)."""

    PIPELINE = "pipeline"
    IMPLEMENTATION = "implementation"
    FINALISATION = "finalisation"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    SUSPENDED = "suspended"


class ActivityStatus(StrEnum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class ActivityType(StrEnum):
    TRAINING = "training"
    AWARENESS = "awareness"
    DISTRIBUTION = "distribution"
    CASH_ASSISTANCE = "cash_assistance"
    LIVELIHOODS = "livelihoods"
    PSYCHOSOCIAL = "psychosocial"
    HEALTH = "health"
    FIRST_AID = "first_aid"
    COMMUNITY_INITIATIVE = "community_initiative"
    OTHER = "other"


class ServiceType(StrEnum):
    CASH_GRANT = "cash_grant"
    FOOD_PARCEL = "food_parcel"
    HYGIENE_KIT = "hygiene_kit"
    LIVELIHOOD_KIT = "livelihood_kit"
    TRAINING_SESSION = "training_session"
    AWARENESS_SESSION = "awareness_session"
    PSYCHOSOCIAL_SESSION = "psychosocial_session"
    HEALTH_CONSULTATION = "health_consultation"
    FIRST_AID_COURSE = "first_aid_course"
    REFERRAL = "referral"
    OTHER = "other"


class ResultLevel(StrEnum):
    IMPACT = "impact"
    OUTCOME = "outcome"
    OUTPUT = "output"


class IndicatorMethod(StrEnum):
    """How an indicator's values are obtained."""

    MANUAL = "manual"
    PEOPLE_REACHED = "people_reached"
    VOLUNTEER_HOURS = "volunteer_hours"
    SESSIONS_HELD = "sessions_held"


class IncomeKind(StrEnum):
    MEMBERSHIP_FEE = "membership_fee"
    DONATION = "donation"
    GRANT_TRANCHE = "grant_tranche"
    SERVICE_INCOME = "service_income"
    OTHER = "other"


class UserRole(StrEnum):
    """Access levels, widest first."""

    ADMIN = "admin"
    MANAGER = "manager"
    CASEWORKER = "caseworker"
    DATA_ENTRY = "data_entry"
    VIEWER = "viewer"


class TrainingKind(StrEnum):
    FIRST_AID = "first_aid"
    PSYCHOSOCIAL = "psychosocial"
    PROTECTION = "protection"
    DATA_PROTECTION = "data_protection"
    DISASTER_RESPONSE = "disaster_response"
    OTHER = "other"


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


class DayPart(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


class TagKind(StrEnum):
    SKILL = "skill"
    LANGUAGE = "language"


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    ARCHIVE = "archive"
    ERASE = "erase"
    EXPORT = "export"
    VIEW = "view"
    IMPORT = "import"
    MIGRATE = "migrate"


#: The EU Annex III budget headings 1-6 (standards README §3.1).
EU_BUDGET_HEADINGS: dict[str, str] = {
    "1": N_("Human resources"),
    "2": N_("Travel"),
    "3": N_("Equipment and supplies"),
    "4": N_("Local office"),
    "5": N_("Other costs, services"),
    "6": N_("Other"),
}

_LABEL_LIST: list[tuple[StrEnum | WgAnswer, str | tuple[str, str]]] = [
    (Sex.FEMALE, N_("Female")),
    (Sex.MALE, N_("Male")),
    (Sex.OTHER, NC_("sex", "Other")),
    (Sex.UNKNOWN, N_("Unknown")),
    (DisplacementStatus.IDP, N_("Internally displaced")),
    (DisplacementStatus.REFUGEE, N_("Refugee")),
    (DisplacementStatus.RETURNEE, N_("Returnee")),
    (DisplacementStatus.HOST, N_("Host community")),
    (DisplacementStatus.NONE, N_("Not displaced")),
    (WgAnswer.NO_DIFFICULTY, N_("No difficulty")),
    (WgAnswer.SOME_DIFFICULTY, N_("Some difficulty")),
    (WgAnswer.A_LOT_OF_DIFFICULTY, N_("A lot of difficulty")),
    (WgAnswer.CANNOT_DO, N_("Cannot do at all")),
    (HouseholdRelation.HEAD, N_("Head of household")),
    (HouseholdRelation.SPOUSE, N_("Spouse")),
    (HouseholdRelation.CHILD, N_("Child")),
    (HouseholdRelation.PARENT, N_("Parent")),
    (HouseholdRelation.SIBLING, N_("Brother or sister")),
    (HouseholdRelation.GRANDCHILD, N_("Grandchild")),
    (HouseholdRelation.OTHER_RELATIVE, N_("Other relative")),
    (HouseholdRelation.NON_RELATIVE, N_("Not related")),
    (Vulnerability.FEMALE_HEADED, N_("Female-headed household")),
    (Vulnerability.SINGLE_PARENT, N_("Single parent")),
    (Vulnerability.ELDERLY_ALONE, N_("Older person living alone")),
    (Vulnerability.CHRONIC_ILLNESS, N_("Chronic illness")),
    (Vulnerability.PREGNANT_LACTATING, N_("Pregnant or breastfeeding")),
    (Vulnerability.LARGE_FAMILY, N_("Large family")),
    (Vulnerability.LOW_INCOME, N_("Low income")),
    (Vulnerability.UNEMPLOYED, N_("Unemployed")),
    (Vulnerability.MARTYR_FAMILY, N_("Family of a fallen soldier")),
    (Vulnerability.WAR_VETERAN, N_("War veteran")),
    (Vulnerability.ORPHAN, N_("Orphan")),
    (ConsentPurpose.REGISTRATION, N_("Registration and record keeping")),
    (ConsentPurpose.SERVICES, N_("Receiving services")),
    (ConsentPurpose.DONOR_REPORTING, N_("Anonymous donor reporting")),
    (ConsentPurpose.CONTACT, N_("Being contacted by phone")),
    (ConsentPurpose.PHOTOS, N_("Photos and media")),
    (ConsentMethod.WRITTEN, N_("Signed form")),
    (ConsentMethod.VERBAL_WITNESSED, N_("Verbal, witnessed")),
    (ConsentMethod.ELECTRONIC, N_("Electronic")),
    (ConsentMethod.GUARDIAN, N_("By parent or guardian")),
    (MemberStatus.ACTIVE, NC_("member status", "Active")),
    (MemberStatus.SUSPENDED, NC_("member status", "Suspended")),
    (MemberStatus.LEFT, NC_("member status", "Left")),
    (MemberStatus.DECEASED, NC_("member status", "Deceased")),
    (VolunteerStatus.ACTIVE, NC_("volunteer status", "Active")),
    (VolunteerStatus.INACTIVE, NC_("volunteer status", "Inactive")),
    (VolunteerStatus.LEFT, NC_("volunteer status", "Left")),
    (DonorKind.EU, N_("European Union")),
    (DonorKind.IFRC, N_("IFRC")),
    (DonorKind.NATIONAL_SOCIETY, N_("Red Cross / Red Crescent National Society")),
    (DonorKind.GOVERNMENT, N_("Government")),
    (DonorKind.OWN_FUNDS, N_("Own funds")),
    (DonorKind.OTHER, N_("Other donor")),
    (ProjectStatus.PIPELINE, N_("Pipeline")),
    (ProjectStatus.IMPLEMENTATION, N_("Implementation")),
    (ProjectStatus.FINALISATION, N_("Finalisation")),
    (ProjectStatus.CLOSED, NC_("project status", "Closed")),
    (ProjectStatus.CANCELLED, NC_("project status", "Cancelled")),
    (ProjectStatus.SUSPENDED, NC_("project status", "Suspended")),
    (ActivityStatus.PLANNED, NC_("activity status", "Planned")),
    (ActivityStatus.ONGOING, NC_("activity status", "Ongoing")),
    (ActivityStatus.COMPLETED, NC_("activity status", "Completed")),
    (ActivityStatus.CANCELLED, NC_("activity status", "Cancelled")),
    (ActivityType.TRAINING, N_("Training")),
    (ActivityType.AWARENESS, N_("Awareness raising")),
    (ActivityType.DISTRIBUTION, N_("Distribution")),
    (ActivityType.CASH_ASSISTANCE, N_("Cash assistance")),
    (ActivityType.LIVELIHOODS, N_("Livelihoods support")),
    (ActivityType.PSYCHOSOCIAL, N_("Psychosocial support")),
    (ActivityType.HEALTH, N_("Health")),
    (ActivityType.FIRST_AID, N_("First aid")),
    (ActivityType.COMMUNITY_INITIATIVE, N_("Community initiative")),
    (ActivityType.OTHER, NC_("activity type", "Other")),
    (ServiceType.CASH_GRANT, N_("Cash grant")),
    (ServiceType.FOOD_PARCEL, N_("Food parcel")),
    (ServiceType.HYGIENE_KIT, N_("Hygiene kit")),
    (ServiceType.LIVELIHOOD_KIT, N_("Livelihood kit")),
    (ServiceType.TRAINING_SESSION, N_("Training session")),
    (ServiceType.AWARENESS_SESSION, N_("Awareness session")),
    (ServiceType.PSYCHOSOCIAL_SESSION, N_("Psychosocial session")),
    (ServiceType.HEALTH_CONSULTATION, N_("Health consultation")),
    (ServiceType.FIRST_AID_COURSE, N_("First aid course")),
    (ServiceType.REFERRAL, N_("Referral")),
    (ServiceType.OTHER, NC_("service", "Other")),
    (ResultLevel.IMPACT, N_("Overall objective (impact)")),
    (ResultLevel.OUTCOME, N_("Specific objective (outcome)")),
    (ResultLevel.OUTPUT, N_("Output")),
    (IndicatorMethod.MANUAL, N_("Entered by hand")),
    (IndicatorMethod.PEOPLE_REACHED, N_("Unique people reached")),
    (IndicatorMethod.VOLUNTEER_HOURS, N_("Volunteer hours")),
    (IndicatorMethod.SESSIONS_HELD, N_("Sessions held")),
    (IncomeKind.MEMBERSHIP_FEE, N_("Membership fee")),
    (IncomeKind.DONATION, N_("Donation")),
    (IncomeKind.GRANT_TRANCHE, N_("Grant tranche")),
    (IncomeKind.SERVICE_INCOME, N_("Service income")),
    (IncomeKind.OTHER, N_("Other income")),
    (UserRole.ADMIN, N_("Administrator")),
    (UserRole.MANAGER, N_("Manager")),
    (UserRole.CASEWORKER, N_("Caseworker")),
    (UserRole.DATA_ENTRY, N_("Data entry")),
    (UserRole.VIEWER, N_("Viewer")),
    (TrainingKind.FIRST_AID, N_("First aid")),
    (TrainingKind.PSYCHOSOCIAL, N_("Psychosocial first aid")),
    (TrainingKind.PROTECTION, N_("Protection, gender and inclusion")),
    (TrainingKind.DATA_PROTECTION, N_("Data protection")),
    (TrainingKind.DISASTER_RESPONSE, N_("Disaster response")),
    (TrainingKind.OTHER, N_("Other training")),
    (Weekday.MON, N_("Monday")),
    (Weekday.TUE, N_("Tuesday")),
    (Weekday.WED, N_("Wednesday")),
    (Weekday.THU, N_("Thursday")),
    (Weekday.FRI, N_("Friday")),
    (Weekday.SAT, N_("Saturday")),
    (Weekday.SUN, N_("Sunday")),
    (DayPart.MORNING, N_("Morning")),
    (DayPart.AFTERNOON, N_("Afternoon")),
    (DayPart.EVENING, N_("Evening")),
    (TagKind.SKILL, N_("Skill")),
    (TagKind.LANGUAGE, N_("Language")),
    (AuditAction.CREATE, N_("Created")),
    (AuditAction.UPDATE, N_("Changed")),
    (AuditAction.ARCHIVE, NC_("audit action", "Archived")),
    (AuditAction.ERASE, N_("Erased")),
    (AuditAction.EXPORT, N_("Exported")),
    (AuditAction.VIEW, N_("Viewed")),
    (AuditAction.IMPORT, N_("Imported")),
    (AuditAction.MIGRATE, N_("Upgraded")),
]


# Keyed by (vocabulary, code): codes such as "other" recur in several vocabularies.
_LABELS: dict[tuple[type, str | int], str | tuple[str, str]] = {}


def _register(members: list[tuple[StrEnum | WgAnswer, str | tuple[str, str]]]) -> None:
    for member, text in members:
        _LABELS[(type(member), member.value)] = text


_register(_LABEL_LIST)


def label(value: StrEnum | WgAnswer | str | int | None, vocabulary: type | None = None) -> str:
    """The translated label of a code; an unknown code is shown as it is.

    Pass an enum member, or a stored code together with its ``vocabulary``.
    """
    if value is None:
        return ""
    if isinstance(value, StrEnum | WgAnswer):
        key: tuple[type, str | int] = (type(value), value.value)
    elif vocabulary is not None:
        key = (vocabulary, value)
    else:
        return str(value)
    text = _LABELS.get(key)
    if text is None:
        return str(value)
    if isinstance(text, tuple):
        return pgettext(*text)
    return _(text)


def choices(vocabulary: type[StrEnum]) -> list[tuple[str, str]]:
    """``(code, translated label)`` pairs of a vocabulary, in declaration order."""
    return [(member.value, label(member)) for member in vocabulary]


def all_labels() -> list[str]:
    """Every label (untranslated), for the catalog completeness test."""
    texts = [t[1] if isinstance(t, tuple) else t for t in _LABELS.values()]
    return [*texts, *EU_BUDGET_HEADINGS.values()]
