"""The data model of the whole mission: organisation, people, projects, activities and money.

Conventions: money is an exact ``Decimal`` (stored in cents, see ``ScaledDecimal``) with its
currency beside it; dates are ``Date``; timestamps are UTC. Codes from
:mod:`cso_desktop.domain.vocab` are stored as short strings and checked on the Python side.
Personal data of beneficiaries lives only in ``beneficiary`` (and ``household.address``), so
erasing a person wipes one row while the service records that reports counted stay.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cso_desktop.db.base import Base, Money, Quantity, Rate
from cso_desktop.domain import vocab


def _code(enum: type[StrEnum]) -> Enum:
    """A vocabulary column: VARCHAR holding the code, validated in Python, no native enum."""
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=32,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
    )


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class TimestampMixin:
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=_utcnow, server_default=func.current_timestamp()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=_utcnow, onupdate=_utcnow, server_default=func.current_timestamp()
    )


# --- organisation, users, audit, settings --------------------------------------------------


class Organisation(TimestampMixin, Base):
    """The organisation that owns this data file (one row)."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str | None] = mapped_column(String(100))
    legal_form: Mapped[str | None] = mapped_column(String(100))
    registration_number: Mapped[str | None] = mapped_column(String(50))
    tax_id: Mapped[str | None] = mapped_column(String(20), comment="VÖEN, 10 digits")
    address: Mapped[str | None] = mapped_column(String(500))
    rayon_code: Mapped[str | None] = mapped_column(String(10))
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(200))
    iati_identifier: Mapped[str | None] = mapped_column(String(100))
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_mime: Mapped[str | None] = mapped_column(String(50))
    default_currency: Mapped[str] = mapped_column(String(3), default="AZN")
    fiscal_year_start_month: Mapped[int] = mapped_column(SmallInteger, default=1)
    language: Mapped[str] = mapped_column(String(5), default="az")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        CheckConstraint("fiscal_year_start_month BETWEEN 1 AND 12", name="fiscal_month"),
    )


class User(TimestampMixin, Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[vocab.UserRole] = mapped_column(_code(vocab.UserRole))
    password_hash: Mapped[str | None] = mapped_column(String(300))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class AuditEntry(Base):
    """Who did what to which record, and when. Never holds the personal data itself."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    user_name: Mapped[str | None] = mapped_column(
        String(200), comment="kept if the user is deleted"
    )
    action: Mapped[vocab.AuditAction] = mapped_column(_code(vocab.AuditAction))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)


class Setting(Base):
    """Organisation-wide settings kept in the data file (thresholds, age bands, mappings)."""

    __tablename__ = "org_setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


# --- members --------------------------------------------------------------------------------


class MemberCategory(Base):
    __tablename__ = "member_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    annual_fee: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    currency: Mapped[str] = mapped_column(String(3), default="AZN")


class Member(TimestampMixin, Base):
    __tablename__ = "member"

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_no: Mapped[str] = mapped_column(String(30), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    patronymic: Mapped[str | None] = mapped_column(String(100))
    sex: Mapped[vocab.Sex] = mapped_column(_code(vocab.Sex))
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date)
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(500))
    rayon_code: Mapped[str | None] = mapped_column(String(10))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("member_category.id"))
    status: Mapped[vocab.MemberStatus] = mapped_column(_code(vocab.MemberStatus))
    joined_on: Mapped[dt.date] = mapped_column(Date)
    left_on: Mapped[dt.date | None] = mapped_column(Date)
    is_board_member: Mapped[bool] = mapped_column(Boolean, default=False)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text, default="")
    sort_key: Mapped[str] = mapped_column(
        String(400), default="", server_default="", comment="name in Azerbaijani alphabetical order"
    )

    category: Mapped[MemberCategory | None] = relationship()
    payments: Mapped[list[MembershipFeePayment]] = relationship(
        back_populates="member", cascade="all, delete-orphan"
    )

    __table_args__ = (
        Index("ix_member_name", "last_name", "first_name"),
        Index("ix_member_sort_key", "archived", "sort_key"),
        Index("ix_member_status", "archived", "status"),
    )


class MembershipFeePayment(Base):
    __tablename__ = "membership_fee_payment"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    period_year: Mapped[int] = mapped_column(SmallInteger)
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3), default="AZN")
    paid_on: Mapped[dt.date] = mapped_column(Date)
    receipt_no: Mapped[str | None] = mapped_column(String(50))

    member: Mapped[Member] = relationship(back_populates="payments")

    __table_args__ = (CheckConstraint("amount >= 0", name="amount_not_negative"),)


# --- volunteers -----------------------------------------------------------------------------


class Tag(Base):
    """A skill or a language that volunteers can be tagged with."""

    __tablename__ = "tag"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[vocab.TagKind] = mapped_column(_code(vocab.TagKind))
    name: Mapped[str] = mapped_column(String(100))

    __table_args__ = (UniqueConstraint("kind", "name", name="uq_tag_kind_name"),)


class VolunteerTag(Base):
    __tablename__ = "volunteer_tag"

    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteer.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True)


class Volunteer(TimestampMixin, Base):
    __tablename__ = "volunteer"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_no: Mapped[str] = mapped_column(String(30), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    patronymic: Mapped[str | None] = mapped_column(String(100))
    sex: Mapped[vocab.Sex] = mapped_column(_code(vocab.Sex))
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date)
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(200))
    rayon_code: Mapped[str | None] = mapped_column(String(10))
    settlement: Mapped[str | None] = mapped_column(String(100))
    joined_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[vocab.VolunteerStatus] = mapped_column(_code(vocab.VolunteerStatus))
    emergency_contact: Mapped[str | None] = mapped_column(String(200))
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text, default="")
    sort_key: Mapped[str] = mapped_column(
        String(400), default="", server_default="", comment="name in Azerbaijani alphabetical order"
    )

    tags: Mapped[list[Tag]] = relationship(secondary="volunteer_tag")
    availability: Mapped[list[VolunteerAvailability]] = relationship(cascade="all, delete-orphan")
    trainings: Mapped[list[VolunteerTraining]] = relationship(cascade="all, delete-orphan")
    insurances: Mapped[list[VolunteerInsurance]] = relationship(cascade="all, delete-orphan")

    __table_args__ = (
        Index("ix_volunteer_name", "last_name", "first_name"),
        Index("ix_volunteer_sort_key", "archived", "sort_key"),
        Index("ix_volunteer_status", "archived", "status"),
    )


class VolunteerAvailability(Base):
    __tablename__ = "volunteer_availability"

    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteer.id", ondelete="CASCADE"), primary_key=True
    )
    weekday: Mapped[vocab.Weekday] = mapped_column(_code(vocab.Weekday), primary_key=True)
    day_part: Mapped[vocab.DayPart] = mapped_column(_code(vocab.DayPart), primary_key=True)


class VolunteerTraining(Base):
    """A training or certificate, with its expiry date if it has one."""

    __tablename__ = "volunteer_training"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteer.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[vocab.TrainingKind] = mapped_column(_code(vocab.TrainingKind))
    title: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str | None] = mapped_column(String(200))
    completed_on: Mapped[dt.date] = mapped_column(Date)
    certificate_no: Mapped[str | None] = mapped_column(String(50))
    expires_on: Mapped[dt.date | None] = mapped_column(Date, index=True)


class VolunteerInsurance(Base):
    """Accident insurance (FDRS KPI_noVolCoveredAI)."""

    __tablename__ = "volunteer_insurance"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteer.id", ondelete="CASCADE"), index=True
    )
    insurer: Mapped[str] = mapped_column(String(200))
    policy_no: Mapped[str] = mapped_column(String(50))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date] = mapped_column(Date, index=True)

    __table_args__ = (CheckConstraint("valid_until >= valid_from", name="valid_range"),)


class VolunteerHours(Base):
    """Hours a volunteer gave, on a day, for an activity (or general work when none)."""

    __tablename__ = "volunteer_hours"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteer.id", ondelete="CASCADE"), index=True
    )
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("activity.id", ondelete="SET NULL"), index=True
    )
    worked_on: Mapped[dt.date] = mapped_column(Date, index=True)
    hours: Mapped[Decimal] = mapped_column(Quantity)
    role: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str | None] = mapped_column(String(500))

    __table_args__ = (
        CheckConstraint(f"hours > 0 AND hours <= {Quantity.scaled(24)}", name="hours_in_day"),
    )


# --- beneficiaries --------------------------------------------------------------------------


class Household(TimestampMixin, Base):
    __tablename__ = "household"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    head_id: Mapped[int | None] = mapped_column(
        ForeignKey(
            "beneficiary.id",
            ondelete="SET NULL",
            use_alter=True,
            name="fk_household_head_id_beneficiary",
        )
    )
    rayon_code: Mapped[str | None] = mapped_column(String(10), index=True)
    settlement: Mapped[str | None] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(String(500))
    archived: Mapped[bool] = mapped_column(Boolean, default=False)

    members: Mapped[list[Beneficiary]] = relationship(
        back_populates="household", foreign_keys="Beneficiary.household_id"
    )
    head: Mapped[Beneficiary | None] = relationship(foreign_keys=[head_id], post_update=True)


class Beneficiary(TimestampMixin, Base):
    """A person served. Name, phone, FIN and date of birth are personal data.

    A person who declines consent is registered ``is_anonymous``: no name, phone or ID, only
    what anonymous totals need (sex, age, disability, displacement, rayon). Erasure
    (``erased_at``) wipes the personal fields and keeps the row so past reports still add up.
    """

    __tablename__ = "beneficiary"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_no: Mapped[str] = mapped_column(String(30), unique=True)
    registered_on: Mapped[dt.date] = mapped_column(Date)
    household_id: Mapped[int | None] = mapped_column(
        ForeignKey("household.id", ondelete="SET NULL"), index=True
    )
    relation_to_head: Mapped[vocab.HouseholdRelation | None] = mapped_column(
        _code(vocab.HouseholdRelation)
    )
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str | None] = mapped_column(String(100))
    patronymic: Mapped[str | None] = mapped_column(String(100))
    sex: Mapped[vocab.Sex] = mapped_column(_code(vocab.Sex))
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date)
    estimated_age: Mapped[int | None] = mapped_column(SmallInteger)
    age_estimated_on: Mapped[dt.date | None] = mapped_column(Date)
    wg_seeing: Mapped[int | None] = mapped_column(SmallInteger)
    wg_hearing: Mapped[int | None] = mapped_column(SmallInteger)
    wg_walking: Mapped[int | None] = mapped_column(SmallInteger)
    wg_remembering: Mapped[int | None] = mapped_column(SmallInteger)
    wg_selfcare: Mapped[int | None] = mapped_column(SmallInteger)
    wg_communicating: Mapped[int | None] = mapped_column(SmallInteger)
    has_disability: Mapped[bool | None] = mapped_column(
        Boolean, comment="derived from the WG answers (any 3 or 4), stored for aggregation"
    )
    displacement_status: Mapped[vocab.DisplacementStatus] = mapped_column(
        _code(vocab.DisplacementStatus)
    )
    origin_rayon_code: Mapped[str | None] = mapped_column(String(10))
    rayon_code: Mapped[str | None] = mapped_column(String(10), index=True)
    settlement: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(30))
    national_id: Mapped[str | None] = mapped_column(String(20), comment="FİN, 7 characters")
    is_anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    erased_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    notes: Mapped[str | None] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text, default="")
    sort_key: Mapped[str] = mapped_column(
        String(400), default="", server_default="", comment="name in Azerbaijani alphabetical order"
    )

    household: Mapped[Household | None] = relationship(
        back_populates="members", foreign_keys=[household_id]
    )
    vulnerabilities: Mapped[list[BeneficiaryVulnerability]] = relationship(
        cascade="all, delete-orphan"
    )
    consents: Mapped[list[Consent]] = relationship(cascade="all, delete-orphan")

    __table_args__ = (
        Index("ix_beneficiary_name", "last_name", "first_name"),
        # Register windows: WHERE archived = ? ORDER BY <column>, id walks one of these.
        Index("ix_beneficiary_sort_key", "archived", "sort_key"),
        Index("ix_beneficiary_list_number", "archived", "registration_no"),
        Index("ix_beneficiary_list_registered", "archived", "registered_on"),
        Index("ix_beneficiary_national_id", "national_id"),
        Index("ix_beneficiary_phone", "phone"),
        Index("ix_beneficiary_registered_on", "registered_on"),
        Index("ix_beneficiary_archived", "archived", "id"),
        *(
            CheckConstraint(f"wg_{d} BETWEEN 1 AND 4", name=f"wg_{d}_range")
            for d in ("seeing", "hearing", "walking", "remembering", "selfcare", "communicating")
        ),
        CheckConstraint("estimated_age BETWEEN 0 AND 120", name="estimated_age_range"),
    )


class BeneficiaryVulnerability(Base):
    __tablename__ = "beneficiary_vulnerability"

    beneficiary_id: Mapped[int] = mapped_column(
        ForeignKey("beneficiary.id", ondelete="CASCADE"), primary_key=True
    )
    criterion: Mapped[vocab.Vulnerability] = mapped_column(
        _code(vocab.Vulnerability), primary_key=True
    )


class Consent(Base):
    """Consent for one purpose, as the Azerbaijani law on personal data requires it recorded."""

    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    beneficiary_id: Mapped[int] = mapped_column(
        ForeignKey("beneficiary.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[vocab.ConsentPurpose] = mapped_column(_code(vocab.ConsentPurpose))
    given: Mapped[bool] = mapped_column(Boolean)
    recorded_on: Mapped[dt.date] = mapped_column(Date)
    method: Mapped[vocab.ConsentMethod] = mapped_column(_code(vocab.ConsentMethod))
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    recorded_by_name: Mapped[str | None] = mapped_column(String(200))
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(String(500))


# --- projects, logframe, activities ---------------------------------------------------------


class Project(TimestampMixin, Base):
    __tablename__ = "project"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    donor_kind: Mapped[vocab.DonorKind] = mapped_column(_code(vocab.DonorKind))
    donor_name: Mapped[str] = mapped_column(String(200))
    donor_reference: Mapped[str | None] = mapped_column(String(100), comment="contract number")
    currency: Mapped[str] = mapped_column(String(3))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[vocab.ProjectStatus] = mapped_column(_code(vocab.ProjectStatus))
    go_sector: Mapped[str | None] = mapped_column(String(100), comment="IFRC GO sector")
    dac_sector_code: Mapped[str | None] = mapped_column(String(5), comment="IATI Sector (DAC 5)")
    description: Mapped[str | None] = mapped_column(Text)
    indirect_cost_rate: Mapped[Decimal | None] = mapped_column(Rate, comment="share, e.g. 0.07")
    contingency_rate: Mapped[Decimal | None] = mapped_column(Rate)
    reallocation_threshold: Mapped[Decimal | None] = mapped_column(Rate)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)

    locations: Mapped[list[ProjectLocation]] = relationship(cascade="all, delete-orphan")
    activities: Mapped[list[Activity]] = relationship(back_populates="project")
    results: Mapped[list[LogframeResult]] = relationship(cascade="all, delete-orphan")
    budget_lines: Mapped[list[BudgetLine]] = relationship(cascade="all, delete-orphan")

    __table_args__ = (CheckConstraint("end_date >= start_date", name="date_range"),)


class ProjectLocation(Base):
    __tablename__ = "project_location"

    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), primary_key=True
    )
    rayon_code: Mapped[str] = mapped_column(String(10), primary_key=True)


class LogframeResult(Base):
    """One row of the results chain: impact → outcome → output."""

    __tablename__ = "logframe_result"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("logframe_result.id", ondelete="CASCADE"), index=True
    )
    level: Mapped[vocab.ResultLevel] = mapped_column(_code(vocab.ResultLevel))
    code: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    assumptions: Mapped[str | None] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    indicators: Mapped[list[Indicator]] = relationship(cascade="all, delete-orphan")


class Indicator(Base):
    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(
        ForeignKey("logframe_result.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(50))
    baseline_value: Mapped[Decimal | None] = mapped_column(Quantity)
    baseline_year: Mapped[int | None] = mapped_column(SmallInteger)
    target_value: Mapped[Decimal | None] = mapped_column(Quantity)
    target_year: Mapped[int | None] = mapped_column(SmallInteger)
    disaggregate_sex: Mapped[bool] = mapped_column(Boolean, default=True)
    disaggregate_age: Mapped[bool] = mapped_column(Boolean, default=False)
    disaggregate_disability: Mapped[bool] = mapped_column(Boolean, default=False)
    means_of_verification: Mapped[str | None] = mapped_column(Text)
    method: Mapped[vocab.IndicatorMethod] = mapped_column(_code(vocab.IndicatorMethod))
    method_activity_type: Mapped[vocab.ActivityType | None] = mapped_column(
        _code(vocab.ActivityType), comment="for computed methods: count only this activity type"
    )
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    values: Mapped[list[IndicatorValue]] = relationship(cascade="all, delete-orphan")


class IndicatorValue(Base):
    """A value for a reporting period; ``sex`` NULL is the total, otherwise a disaggregate."""

    __tablename__ = "indicator_value"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), index=True
    )
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    sex: Mapped[vocab.Sex | None] = mapped_column(_code(vocab.Sex))
    value: Mapped[Decimal] = mapped_column(Quantity)
    is_computed: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str | None] = mapped_column(String(500))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)

    __table_args__ = (
        CheckConstraint("period_end >= period_start", name="period_range"),
        UniqueConstraint(
            "indicator_id", "period_start", "period_end", "sex", name="uq_indicator_value_period"
        ),
    )


class Activity(TimestampMixin, Base):
    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="RESTRICT"), index=True
    )
    output_id: Mapped[int | None] = mapped_column(
        ForeignKey("logframe_result.id", ondelete="SET NULL"), comment="the output it serves"
    )
    code: Mapped[str] = mapped_column(String(30), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    activity_type: Mapped[vocab.ActivityType] = mapped_column(_code(vocab.ActivityType))
    rayon_code: Mapped[str | None] = mapped_column(String(10), index=True)
    settlement: Mapped[str | None] = mapped_column(String(100))
    planned_start: Mapped[dt.date | None] = mapped_column(Date)
    planned_end: Mapped[dt.date | None] = mapped_column(Date)
    actual_start: Mapped[dt.date | None] = mapped_column(Date)
    actual_end: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[vocab.ActivityStatus] = mapped_column(_code(vocab.ActivityStatus))
    responsible: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)

    project: Mapped[Project] = relationship(back_populates="activities")


class ServiceDelivery(Base):
    """One person received one service in one activity on one day: the unit of "people reached"."""

    __tablename__ = "service_delivery"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="RESTRICT"))
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiary.id", ondelete="RESTRICT"))
    delivered_on: Mapped[dt.date] = mapped_column(Date)
    service_type: Mapped[vocab.ServiceType] = mapped_column(_code(vocab.ServiceType))
    quantity: Mapped[Decimal] = mapped_column(Quantity, default=Decimal("1"))
    unit: Mapped[str | None] = mapped_column(String(30))
    value: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str | None] = mapped_column(String(3))
    recorded_by: Mapped[str | None] = mapped_column(String(200))
    recipient_age: Mapped[int | None] = mapped_column(
        SmallInteger,
        comment="age on the day, kept when the record is erased",
    )

    __table_args__ = (
        Index("ix_service_delivery_activity", "activity_id", "delivered_on"),
        Index("ix_service_delivery_beneficiary", "beneficiary_id", "delivered_on"),
        Index("ix_service_delivery_date", "delivered_on", "beneficiary_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )


# --- money ----------------------------------------------------------------------------------


class BudgetLine(Base):
    """A line of a project's budget in the project currency.

    ``heading`` is the EU Annex III heading ("1"-"6") for EU grants, or the donor's own heading.
    ``base_total`` is the line's amount in the original budget or the last addendum: the base
    against which reallocations are measured.
    """

    __tablename__ = "budget_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    heading: Mapped[str] = mapped_column(String(20))
    heading_title: Mapped[str | None] = mapped_column(String(200))
    line_code: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(50))
    quantity: Mapped[Decimal] = mapped_column(Quantity)
    unit_cost: Mapped[Decimal] = mapped_column(Money)
    base_total: Mapped[Decimal | None] = mapped_column(Money)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (UniqueConstraint("project_id", "line_code", name="uq_budget_line_code"),)


class ExchangeRate(Base):
    """Monthly rate: 1 unit of ``from_currency`` = ``rate`` units of ``to_currency``."""

    __tablename__ = "exchange_rate"

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, comment="first day of the month")
    from_currency: Mapped[str] = mapped_column(String(3))
    to_currency: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal] = mapped_column(Rate)
    source: Mapped[str | None] = mapped_column(String(100), comment="e.g. InforEuro, CBAR")

    __table_args__ = (
        UniqueConstraint("month", "from_currency", "to_currency", name="uq_exchange_rate_month"),
        CheckConstraint("rate > 0", name="rate_positive"),
    )


class Expense(TimestampMixin, Base):
    """Money spent, in the currency paid, with the rate to the project currency stored on it."""

    __tablename__ = "expense"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("project.id", ondelete="RESTRICT"), index=True
    )
    budget_line_id: Mapped[int | None] = mapped_column(
        ForeignKey("budget_line.id", ondelete="RESTRICT"), index=True
    )
    spent_on: Mapped[dt.date] = mapped_column(Date, index=True)
    payee: Mapped[str] = mapped_column(String(200))
    receipt_no: Mapped[str | None] = mapped_column(String(50))
    description: Mapped[str] = mapped_column(String(500))
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    rate_to_project: Mapped[Decimal] = mapped_column(
        Rate, comment="1 unit of currency = rate units of the project currency"
    )
    over_budget_reason: Mapped[str | None] = mapped_column(String(500))

    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("rate_to_project > 0", name="rate_positive"),
    )


class Income(TimestampMixin, Base):
    __tablename__ = "income"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[vocab.IncomeKind] = mapped_column(_code(vocab.IncomeKind))
    received_on: Mapped[dt.date] = mapped_column(Date, index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    payer: Mapped[str] = mapped_column(String(200))
    reference: Mapped[str | None] = mapped_column(String(100))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id", ondelete="SET NULL"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    notes: Mapped[str | None] = mapped_column(String(500))

    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)
