"""The organisation profile: created with the file, shown in the title bar and on reports."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_desktop.db.models import Organisation, User
from cso_desktop.domain.errors import NotFoundError, ValidationError
from cso_desktop.domain.vocab import AuditAction, UserRole
from cso_desktop.i18n import LANGUAGES, _
from cso_desktop.services import audit

_CURRENCY_RE = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class OrganisationProfile:
    name: str
    short_name: str | None
    legal_form: str | None
    registration_number: str | None
    tax_id: str | None
    address: str | None
    rayon_code: str | None
    phone: str | None
    email: str | None
    default_currency: str
    fiscal_year_start_month: int
    language: str
    is_demo: bool
    has_logo: bool


def validate_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Enter the organisation's name."), field="name")
    if len(name) > 300:
        raise ValidationError(_("The name is too long (300 characters at most)."), field="name")
    return name


def validate_currency(currency: str) -> str:
    code = currency.strip().upper()
    if not _CURRENCY_RE.match(code):
        raise ValidationError(
            _(
                "“{value}” is not a currency code. Use three letters, such as AZN, EUR or USD."
            ).format(value=currency),
            field="currency",
        )
    return code


def create_organisation(
    session: Session,
    *,
    name: str,
    currency: str = "AZN",
    language: str = "az",
    is_demo: bool = False,
) -> OrganisationProfile:
    """Fill a new, empty file with its organisation and a first administrator account."""
    if session.scalar(select(Organisation.id).limit(1)) is not None:
        raise ValidationError(_("This file already belongs to an organisation."))
    if language not in LANGUAGES:
        raise ValidationError(
            _("Unknown language “{value}”. Use az, ru or en.").format(value=language),
            field="language",
        )
    organisation = Organisation(
        name=validate_name(name),
        default_currency=validate_currency(currency),
        language=language,
        is_demo=is_demo,
        fiscal_year_start_month=1,
    )
    session.add(organisation)
    session.add(User(username="admin", full_name=_("Administrator"), role=UserRole.ADMIN))
    session.flush()
    audit.record(session, AuditAction.CREATE, "organisation", organisation.id)
    return _profile(organisation)


def get_profile(session: Session) -> OrganisationProfile:
    organisation = session.scalar(select(Organisation).order_by(Organisation.id).limit(1))
    if organisation is None:
        raise NotFoundError("organisation row missing")
    return _profile(organisation)


def _profile(o: Organisation) -> OrganisationProfile:
    return OrganisationProfile(
        name=o.name,
        short_name=o.short_name,
        legal_form=o.legal_form,
        registration_number=o.registration_number,
        tax_id=o.tax_id,
        address=o.address,
        rayon_code=o.rayon_code,
        phone=o.phone,
        email=o.email,
        default_currency=o.default_currency,
        fiscal_year_start_month=o.fiscal_year_start_month,
        language=o.language,
        is_demo=o.is_demo,
        has_logo=o.logo is not None,
    )
