"""The organisation profile: created with the file, shown in the title bar and on reports.

The profile is edited in Settings → Organisation (:func:`update_profile`); its name and logo head
every report, and its VÖEN (or the IATI organisation identifier entered instead) names the
organisation in IATI files (:func:`cso_desktop.reports.iati.organisation_identifier`).
"""

from __future__ import annotations

import enum
import re
import struct
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_desktop.db.models import Organisation, User
from cso_desktop.domain import validation
from cso_desktop.domain.errors import NotFoundError, ValidationError
from cso_desktop.domain.validation import FormErrors, Problems
from cso_desktop.domain.vocab import AuditAction, UserRole
from cso_desktop.i18n import LANGUAGES, _
from cso_desktop.reports import iati
from cso_desktop.services import audit
from cso_desktop.services.budget import currency_code

ENTITY = "organisation"
_CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
_TAX_ID_RE = re.compile(r"^[0-9]{10}$")
#: An IATI organisation identifier: registration agency (country code and register, such as
#: ``AZ-IVI`` or ``XM-DAC``), then the number in that register; no spaces and none of the
#: characters IATI forbids in identifiers (``/ & | ?``).
_IATI_ID_RE = re.compile(r"^[A-Z]{2}-[A-Za-z0-9_]+-[^\s/&|?]+$")
IATI_ID_MAX = 100

#: The largest logo accepted (1 MB): it is stored in the file and drawn on every report page.
LOGO_MAX_BYTES = 1024 * 1024
#: Accepted logo types: MIME type → the bytes such a file starts with.
LOGO_SIGNATURES: dict[str, bytes] = {
    "image/png": b"\x89PNG\r\n\x1a\n",
    "image/jpeg": b"\xff\xd8\xff",
}
#: The profile's columns that :func:`update_profile` writes, in form order.
PROFILE_COLUMNS = (
    "name",
    "legal_form",
    "registration_number",
    "tax_id",
    "iati_identifier",
    "address",
    "rayon_code",
    "phone",
    "email",
    "default_currency",
    "fiscal_year_start_month",
)
#: Text lengths of the profile's columns.
_LENGTHS = {
    "legal_form": 100,
    "registration_number": 50,
    "address": 500,
}


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
    iati_identifier: str | None = None
    iati_organisation_id: str | None = None


@dataclass(frozen=True)
class ProfileDraft:
    """The profile as typed in Settings → Organisation (text as typed; cleaned on save).

    ``iati_identifier`` is an override: empty means ``AZ-IVI-<VÖEN>``.
    """

    name: str
    legal_form: str | None = None
    registration_number: str | None = None
    tax_id: str | None = None
    iati_identifier: str | None = None
    address: str | None = None
    rayon_code: str | None = None
    phone: str | None = None
    email: str | None = None
    default_currency: str = "AZN"
    fiscal_year_start_month: int = 1


@dataclass(frozen=True)
class Logo:
    """The organisation's logo as stored: PNG or JPEG bytes and their MIME type.

    Attributes:
        width, height: the image's size in pixels, read from its header.
    """

    data: bytes
    mime: str
    width: int
    height: int


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


def validate_tax_id(value: str | None) -> str | None:
    """A VÖEN (tax identification number): exactly 10 digits; spaces are ignored."""
    text = "".join((value or "").split())
    if not text:
        return None
    if not _TAX_ID_RE.match(text):
        raise ValidationError(
            _("A VÖEN has exactly 10 digits, for example 1400123451."), field="tax_id"
        )
    return text


def validate_iati_identifier(value: str | None) -> str | None:
    """An IATI organisation identifier such as ``AZ-IVI-1400123451`` or ``XM-DAC-21018``."""
    text = (value or "").strip()
    if not text:
        return None
    if len(text) > IATI_ID_MAX or not _IATI_ID_RE.match(text):
        raise ValidationError(
            _(
                "An IATI organisation identifier looks like AZ-IVI-1400123451: the "
                "registration agency, a hyphen and the number, without spaces or / & | ?. "
                "Leave it empty to use the VÖEN."
            ),
            field="iati_identifier",
        )
    return text


def iati_identifier_from_tax_id(tax_id: str) -> str:
    """The IATI organisation identifier made from a VÖEN: ``AZ-IVI-<VÖEN>``."""
    return f"{iati.AZ_REGISTRATION_AGENCY}-{tax_id}"


def validate_fiscal_month(value: int) -> int:
    if not 1 <= value <= 12:
        raise ValidationError(_("Choose a month."), field="fiscal_year_start_month")
    return value


def validate_draft(draft: ProfileDraft) -> ProfileDraft:
    """The draft cleaned, or :class:`~cso_desktop.domain.validation.FormErrors` with a
    translated message per field."""
    problems = Problems()

    def text(field: str) -> str | None:
        return problems.check(
            field,
            lambda: validation.optional_text(
                getattr(draft, field), field=field, max_length=_LENGTHS[field]
            ),
        )

    cleaned = ProfileDraft(
        name=problems.check("name", lambda: validate_name(draft.name)) or "",
        legal_form=text("legal_form"),
        registration_number=text("registration_number"),
        tax_id=problems.check("tax_id", lambda: validate_tax_id(draft.tax_id)),
        iati_identifier=problems.check(
            "iati_identifier", lambda: validate_iati_identifier(draft.iati_identifier)
        ),
        address=text("address"),
        rayon_code=problems.check("rayon_code", lambda: validation.rayon(draft.rayon_code)),
        phone=problems.check("phone", lambda: validation.phone(draft.phone)),
        email=problems.check("email", lambda: validation.email(draft.email)),
        default_currency=problems.check(
            "default_currency",
            lambda: currency_code(draft.default_currency, field="default_currency"),
        )
        or "",
        fiscal_year_start_month=problems.check(
            "fiscal_year_start_month",
            lambda: validate_fiscal_month(draft.fiscal_year_start_month),
        )
        or 1,
    )
    problems.raise_if_any()
    return cleaned


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
    return _profile(_organisation(session))


class _Keep(enum.Enum):
    KEEP = "keep"


#: ``update_profile(logo=KEEP_LOGO)``: leave the stored logo as it is.
KEEP_LOGO = _Keep.KEEP


def update_profile(
    session: Session,
    draft: ProfileDraft,
    *,
    logo: bytes | _Keep | None = KEEP_LOGO,
    user_name: str | None = None,
) -> OrganisationProfile:
    """Save the profile typed in Settings and, unless ``logo`` is :data:`KEEP_LOGO`, the new
    logo (PNG or JPEG bytes) or its removal (``None``). The caller owns the transaction.

    Raises:
        FormErrors: a translated message per field that is wrong (``logo`` included); nothing
            is changed.
    """
    problems: dict[str, str] = {}
    try:
        cleaned = validate_draft(draft)
    except FormErrors as exc:
        problems.update(exc.problems)
    new_logo: Logo | None = None
    if isinstance(logo, bytes):
        try:
            new_logo = check_logo(logo)
        except ValidationError as exc:
            problems.setdefault("logo", exc.user_message)
    if problems:
        raise FormErrors(problems)
    organisation = _organisation(session)
    changed = []
    for field in PROFILE_COLUMNS:
        value = getattr(cleaned, field)
        if getattr(organisation, field) != value:
            setattr(organisation, field, value)
            changed.append(field)
    if logo is not KEEP_LOGO and organisation.logo != (new_logo.data if new_logo else None):
        organisation.logo = new_logo.data if new_logo else None
        organisation.logo_mime = new_logo.mime if new_logo else None
        changed.append("logo")
    if changed:
        session.flush()
        # Field names only: the audit trail never carries contact details.
        audit.record(
            session,
            AuditAction.UPDATE,
            ENTITY,
            organisation.id,
            user_name=user_name,
            detail={"fields": changed},
        )
    return _profile(organisation)


def check_logo(data: bytes) -> Logo:
    """A logo file's bytes checked: PNG or JPEG, 1 MB at most, with a readable size.

    Raises:
        ValidationError: (field ``logo``) what is wrong and what to choose instead.
    """
    if len(data) > LOGO_MAX_BYTES:
        raise _logo_too_large(len(data))
    mime = next((t for t, start in LOGO_SIGNATURES.items() if data.startswith(start)), None)
    size = _image_size(data, mime) if mime else None
    if mime is None or size is None:
        raise ValidationError(
            _("This file is not a PNG or JPEG image. Choose a logo saved as PNG or JPEG."),
            field="logo",
        )
    return Logo(data=data, mime=mime, width=size[0], height=size[1])


def read_logo_file(path: Path) -> Logo:
    """The image at ``path`` checked as a logo (a file far too large is not read at all).

    Raises:
        ValidationError: (field ``logo``) the file cannot be read or used as a logo.
    """
    try:
        size = path.stat().st_size
        if size > LOGO_MAX_BYTES:
            raise _logo_too_large(size)
        data = path.read_bytes()
    except OSError:
        raise ValidationError(
            _("The file could not be read. Check that it still exists and try again."),
            field="logo",
        ) from None
    return check_logo(data)


def _logo_too_large(size: int) -> ValidationError:
    return ValidationError(
        _(
            "The logo is too large ({size} KB). Choose a PNG or JPEG image of 1 MB at most; "
            "a logo of 600 × 200 pixels is plenty for reports."
        ).format(size=size // 1024),
        field="logo",
    )


def get_logo(session: Session) -> Logo | None:
    """The stored logo, ``None`` when there is none (or it cannot be read any more)."""
    organisation = _organisation(session)
    if not organisation.logo:
        return None
    try:
        return check_logo(organisation.logo)
    except ValidationError:
        return None


def _image_size(data: bytes, mime: str) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR chunk or a JPEG's first frame header."""
    if mime == "image/png":
        if len(data) < 24 or data[12:16] != b"IHDR":
            return None
        width, height = struct.unpack(">II", data[16:24])
        return (width, height) if width and height else None
    # JPEG: walk the segments up to a start-of-frame marker.
    position = 2
    while position + 9 < len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            position += 2
            continue
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return (width, height) if width and height else None
        position += 2 + length
    return None


def _organisation(session: Session) -> Organisation:
    organisation = session.scalar(select(Organisation).order_by(Organisation.id).limit(1))
    if organisation is None:
        raise NotFoundError("organisation row missing")
    return organisation


def _iati_id(o: Organisation) -> str | None:
    try:
        return iati.organisation_identifier(o)
    except ValidationError:
        return None


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
        iati_identifier=o.iati_identifier,
        iati_organisation_id=_iati_id(o),
    )
