"""Creating an organisation file, reading its profile and editing it (logo included)."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from sqlalchemy import select

from cso_desktop import i18n
from cso_desktop.db import engine as db_engine
from cso_desktop.db import models as m
from cso_desktop.domain import errors
from cso_desktop.domain.validation import FormErrors
from cso_desktop.reports import iati
from cso_desktop.services import files, organisation, summary


def test_profile_round_trips_azerbaijani_letters(db: db_engine.Database) -> None:
    with db.reading() as session:
        profile = organisation.get_profile(session)
    assert profile.name == "Gənclər Birliyi İctimai Birliyi"
    assert profile.default_currency == "AZN"


def test_new_file_has_an_administrator_and_an_audit_entry(db: db_engine.Database) -> None:
    with db.reading() as session:
        assert session.scalars(select(m.User.role)).all() == ["admin"]
        assert session.scalars(select(m.AuditEntry.entity)).all() == ["organisation"]


@pytest.mark.parametrize(
    ("name", "currency", "field"),
    [("   ", "AZN", "name"), ("x" * 301, "AZN", "name"), ("Birlik", "manat", "currency")],
)
def test_bad_input_is_refused_with_a_message_and_no_file(
    tmp_path: Path, name: str, currency: str, field: str
) -> None:
    target = tmp_path / "org.csodb"
    with pytest.raises(errors.ValidationError) as info:
        files.build_new_file(
            target, lambda s: organisation.create_organisation(s, name=name, currency=currency)
        )
    assert info.value.field == field
    assert info.value.user_message
    assert list(tmp_path.iterdir()) == []


def test_messages_come_in_the_users_language(tmp_path: Path) -> None:
    i18n.set_language("ru")
    with pytest.raises(errors.ValidationError) as info:
        files.build_new_file(
            tmp_path / "x.csodb", lambda s: organisation.create_organisation(s, name=" ")
        )
    i18n.set_language("en")
    english = "Enter the organisation's name."
    assert (
        info.value.user_message != english
        or not (Path(__file__).parents[3] / "translations" / "ru").exists()
    )


def test_a_file_cannot_hold_two_organisations(db: db_engine.Database) -> None:
    with pytest.raises(errors.ValidationError), db.transaction() as session:
        organisation.create_organisation(session, name="İkinci")


def test_check_counts_every_register(db: db_engine.Database) -> None:
    assert db.path is not None
    db.close()
    report = summary.check_file(db.path)
    assert report.organisation_name == "Gənclər Birliyi İctimai Birliyi"
    assert report.needs_upgrade is False
    assert set(report.counts) == {key for key, *_ in summary.COUNTED}
    assert all(value == 0 for value in report.counts.values())


# --- editing the profile ------------------------------------------------------------------------


def _image(kind: str, size: tuple[int, int] = (60, 20)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 40)).save(buffer, format=kind)
    return buffer.getvalue()


FULL_DRAFT = organisation.ProfileDraft(
    name="  Şəki Gənclər   Mərkəzi İctimai Birliyi ",
    legal_form="İctimai birlik",
    registration_number="1234-Q",
    tax_id="1400 123 451",
    address="Şəki şəhəri, M. Ə. Rəsulzadə küçəsi 12",
    rayon_code="AZ-SA",
    phone="050 123 45 67",
    email="info@seki-genc.az",
    default_currency="eur",
    fiscal_year_start_month=4,
)


def test_the_profile_is_saved_cleaned_with_one_audit_entry(db: db_engine.Database) -> None:
    with db.transaction() as session:
        saved = organisation.update_profile(session, FULL_DRAFT, user_name="admin")
    assert saved.name == "Şəki Gənclər Mərkəzi İctimai Birliyi"
    with db.reading() as session:
        profile = organisation.get_profile(session)
        entries = session.execute(
            select(m.AuditEntry.user_name, m.AuditEntry.detail).where(
                m.AuditEntry.action == "update"
            )
        ).all()
        row = session.scalars(select(m.Organisation)).one()
        assert iati.organisation_identifier(row) == "AZ-IVI-1400123451"
    assert profile == saved
    assert (profile.legal_form, profile.registration_number) == ("İctimai birlik", "1234-Q")
    assert profile.tax_id == "1400123451"
    assert profile.address == "Şəki şəhəri, M. Ə. Rəsulzadə küçəsi 12"
    assert (profile.rayon_code, profile.phone) == ("AZ-SA", "+994501234567")
    assert (profile.email, profile.default_currency) == ("info@seki-genc.az", "EUR")
    assert profile.fiscal_year_start_month == 4
    assert profile.iati_identifier is None
    assert profile.iati_organisation_id == "AZ-IVI-1400123451"
    assert len(entries) == 1
    assert entries[0].user_name == "admin"
    assert entries[0].detail == {
        "fields": [
            "name",
            "legal_form",
            "registration_number",
            "tax_id",
            "address",
            "rayon_code",
            "phone",
            "email",
            "default_currency",
            "fiscal_year_start_month",
        ]
    }
    # Saving the same values again changes nothing and records nothing.
    with db.transaction() as session:
        organisation.update_profile(session, FULL_DRAFT)
    with db.reading() as session:
        assert (
            len(
                session.scalars(
                    select(m.AuditEntry.id).where(m.AuditEntry.action == "update")
                ).all()
            )
            == 1
        )


def test_an_iati_identifier_entered_overrides_the_one_from_the_voen(
    db: db_engine.Database,
) -> None:
    draft = dataclasses.replace(FULL_DRAFT, iati_identifier=" AZ-IVI-9900000001 ")
    with db.transaction() as session:
        profile = organisation.update_profile(session, draft)
    assert profile.iati_identifier == "AZ-IVI-9900000001"
    assert profile.iati_organisation_id == "AZ-IVI-9900000001"
    with db.reading() as session:
        row = session.scalars(select(m.Organisation)).one()
        assert iati.organisation_identifier(row) == "AZ-IVI-9900000001"
    # Without a VÖEN or an identifier the IATI file cannot name the organisation.
    with db.transaction() as session:
        profile = organisation.update_profile(
            session, dataclasses.replace(draft, tax_id="", iati_identifier="")
        )
    assert profile.tax_id is None
    assert profile.iati_organisation_id is None


def test_every_wrong_field_is_named_and_nothing_is_saved(db: db_engine.Database) -> None:
    bad = organisation.ProfileDraft(
        name="  ",
        tax_id="14001234",
        iati_identifier="AZ IVI 1400123451",
        rayon_code="AZ-XX",
        phone="123",
        email="info@",
        default_currency="manat",
        fiscal_year_start_month=13,
        address="x" * 501,
    )
    with pytest.raises(FormErrors) as raised, db.transaction() as session:
        organisation.update_profile(session, bad, logo=b"GIF89a not a logo")
    problems = raised.value.problems
    assert set(problems) == {
        "name",
        "tax_id",
        "iati_identifier",
        "address",
        "rayon_code",
        "phone",
        "email",
        "default_currency",
        "fiscal_year_start_month",
        "logo",
    }
    assert "10" in problems["tax_id"]
    assert "AZ-IVI-" in problems["iati_identifier"]
    with db.reading() as session:
        assert organisation.get_profile(session).name == "Gənclər Birliyi İctimai Birliyi"
        assert organisation.get_profile(session).tax_id is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("1400123451", "1400123451"), (" 1400 123451 ", "1400123451"), ("", None), (None, None)],
)
def test_a_voen_has_ten_digits(typed: str | None, expected: str | None) -> None:
    assert organisation.validate_tax_id(typed) == expected


@pytest.mark.parametrize("typed", ["140012345", "14001234512", "14001234AB", "١٤٠٠١٢٣٤٥١"])
def test_a_voen_that_is_not_ten_digits_is_refused(typed: str) -> None:
    with pytest.raises(errors.ValidationError) as raised:
        organisation.validate_tax_id(typed)
    assert raised.value.field == "tax_id"


@pytest.mark.parametrize(("kind", "mime"), [("PNG", "image/png"), ("JPEG", "image/jpeg")])
def test_a_logo_is_stored_read_back_and_removed(
    db: db_engine.Database, kind: str, mime: str
) -> None:
    data = _image(kind, (120, 40))
    with db.transaction() as session:
        profile = organisation.update_profile(session, FULL_DRAFT, logo=data)
    assert profile.has_logo
    with db.reading() as session:
        logo = organisation.get_logo(session)
        row = session.scalars(select(m.Organisation)).one()
        assert (row.logo, row.logo_mime) == (data, mime)
    assert logo is not None
    assert (logo.mime, logo.width, logo.height, logo.data) == (mime, 120, 40, data)
    # Saving other fields keeps the logo; None removes it.
    with db.transaction() as session:
        organisation.update_profile(session, dataclasses.replace(FULL_DRAFT, legal_form="Fond"))
    with db.reading() as session:
        assert organisation.get_logo(session) == logo
    with db.transaction() as session:
        assert not organisation.update_profile(session, FULL_DRAFT, logo=None).has_logo
    with db.reading() as session:
        assert organisation.get_logo(session) is None
        details = session.scalars(select(m.AuditEntry.detail)).all()
    assert {"fields": ["legal_form"]} in details
    assert {"fields": ["legal_form", "logo"]} in details


def test_a_logo_over_one_megabyte_or_not_png_or_jpeg_is_refused(db: db_engine.Database) -> None:
    with db.transaction() as session:
        organisation.update_profile(session, FULL_DRAFT, logo=_image("PNG"))
    big = _image("PNG")
    big += b"\0" * (organisation.LOGO_MAX_BYTES + 1 - len(big))
    for data, words in (
        (big, "1 MB"),
        (_image("GIF"), "PNG"),
        (b"\x89PNG\r\n\x1a\n truncated", "PNG"),
        (b"\xff\xd8\xff\xe0 truncated", "JPEG"),
    ):
        with pytest.raises(FormErrors) as raised, db.transaction() as session:
            organisation.update_profile(session, FULL_DRAFT, logo=data)
        assert words in raised.value.problems["logo"]
    with db.reading() as session:
        stored = organisation.get_logo(session)
    assert stored is not None
    assert stored.data == _image("PNG")


def test_a_logo_file_is_read_and_checked(tmp_path: Path) -> None:
    good = tmp_path / "loqo.jpg"
    good.write_bytes(_image("JPEG", (30, 10)))
    assert organisation.read_logo_file(good).mime == "image/jpeg"
    huge = tmp_path / "huge.png"
    with huge.open("wb") as handle:
        handle.truncate(50 * organisation.LOGO_MAX_BYTES)
    for path, words in ((huge, "51200 KB"), (tmp_path / "gone.png", "could not be read")):
        with pytest.raises(errors.ValidationError) as raised:
            organisation.read_logo_file(path)
        assert raised.value.field == "logo"
        assert words in raised.value.user_message
