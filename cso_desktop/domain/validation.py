"""Field rules shared by the forms (checked as the user types) and the services (checked again on
save). Each rule returns the normalised value or raises :class:`ValidationError` with a translated
message that says what to type instead; :class:`Problems` collects them per field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from cso_desktop.domain import people, places
from cso_desktop.domain.errors import ValidationError
from cso_desktop.i18n import _

T = TypeVar("T")

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_NAME = 100


class FormErrors(ValidationError):
    """Several fields are wrong at once.

    Attributes:
        problems: field name → translated message, in form order.
    """

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(next(iter(problems.values())), field=next(iter(problems)))
        self.problems = dict(problems)

    @property
    def user_message(self) -> str:
        if len(self.problems) == 1:
            return next(iter(self.problems.values()))
        return _("Some fields need attention: {fields}").format(
            fields="; ".join(self.problems.values())
        )


class Problems:
    """Runs rules and keeps the first problem of each field."""

    def __init__(self) -> None:
        self.by_field: dict[str, str] = {}

    def check(self, field: str, rule: Callable[[], T]) -> T | None:
        try:
            return rule()
        except ValidationError as exc:
            self.by_field.setdefault(field, exc.user_message)
            return None

    def add(self, field: str, message: str) -> None:
        self.by_field.setdefault(field, message)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise FormErrors(self.by_field)


def person_names(
    problems: Problems, first: str | None, last: str | None, patronymic: str | None
) -> tuple[str | None, str | None, str | None]:
    """First and last name required, patronymic optional (fields ``first_name`` …)."""
    return (
        problems.check("first_name", lambda: required_text(first, field="first_name")),
        problems.check("last_name", lambda: required_text(last, field="last_name")),
        problems.check("patronymic", lambda: optional_text(patronymic, field="patronymic")),
    )


def person_record(
    problems: Problems,
    *,
    today: dt.date,
    number_field: str,
    number: str | None,
    first_name: str | None,
    last_name: str | None,
    patronymic: str | None,
    date_of_birth: dt.date | None,
    joined_on: dt.date | None,
    phone: str | None,
    email: str | None,
    rayon_code: str | None,
    notes: str | None,
) -> dict[str, object]:
    """The fields members and volunteers share, checked and cleaned, keyed by field name
    (so a draft takes them with ``dataclasses.replace(draft, **values)``)."""
    first, last, middle = person_names(problems, first_name, last_name, patronymic)
    return {
        "first_name": first,
        "last_name": last,
        "patronymic": middle,
        number_field: problems.check(
            number_field, lambda: optional_text(number, field=number_field, max_length=30)
        ),
        "date_of_birth": problems.check(
            "date_of_birth", lambda: past_date(date_of_birth, field="date_of_birth", today=today)
        ),
        "joined_on": problems.check(
            "joined_on",
            lambda: past_date(joined_on, field="joined_on", today=today, required=True),
        ),
        "phone": problems.check("phone", lambda: phone_number(phone)),
        "email": problems.check("email", lambda: email_address(email)),
        "rayon_code": problems.check("rayon_code", lambda: rayon(rayon_code)),
        "notes": problems.check(
            "notes", lambda: optional_text(notes, field="notes", max_length=2000)
        ),
    }


def clean(value: str | None) -> str | None:
    """Trim and collapse spaces; empty becomes ``None``."""
    if value is None:
        return None
    text = " ".join(value.split())
    return text or None


def required_text(value: str | None, *, field: str, max_length: int = MAX_NAME) -> str:
    text = clean(value)
    if text is None:
        raise ValidationError(_("This field is required."), field=field)
    return optional_text(text, field=field, max_length=max_length) or text


def optional_text(value: str | None, *, field: str, max_length: int = MAX_NAME) -> str | None:
    text = clean(value)
    if text is not None and len(text) > max_length:
        raise ValidationError(
            _("Too long: at most {limit} characters.").format(limit=max_length), field=field
        )
    return text


def past_date(
    value: dt.date | None, *, field: str, today: dt.date, required: bool = False
) -> dt.date | None:
    if value is None:
        if required:
            raise ValidationError(_("Enter a date."), field=field)
        return None
    if value > today:
        raise ValidationError(_("This date is in the future."), field=field)
    if value.year < 1900:
        raise ValidationError(_("This date is too far in the past."), field=field)
    return value


def date_order(start: dt.date | None, end: dt.date | None, *, field: str) -> None:
    if start is not None and end is not None and end < start:
        raise ValidationError(_("The end date is before the start date."), field=field)


def fin(value: str | None) -> str | None:
    """FİN (personal identification number): 7 letters and digits."""
    text = clean(value)
    if text is None:
        return None
    if not people.is_valid_fin(text):
        raise ValidationError(
            _("A FİN has exactly 7 letters and digits, for example 5ZK7P2H."), field="national_id"
        )
    return people.normalise_fin(text)


def phone(value: str | None, *, field: str = "phone") -> str | None:
    text = clean(value)
    if text is None:
        return None
    normalised = people.normalise_phone(text)
    if normalised is None:
        raise ValidationError(
            _("Enter an Azerbaijani phone number, for example 050 123 45 67 or +994 50 123 45 67."),
            field=field,
        )
    return normalised


def email(value: str | None) -> str | None:
    text = clean(value)
    if text is None:
        return None
    if not _EMAIL_RE.match(text) or len(text) > 200:
        raise ValidationError(_("Enter an e-mail address such as name@example.az."), field="email")
    return text


def wg_answer(value: int | None, *, field: str) -> int | None:
    if value is None:
        return None
    if value not in (1, 2, 3, 4):
        raise ValidationError(_("Choose one of the four answers."), field=field)
    return value


def estimated_age(value: int | None) -> int | None:
    if value is None:
        return None
    if not 0 <= value <= 120:
        raise ValidationError(_("Enter an age between 0 and 120."), field="estimated_age")
    return value


def rayon(value: str | None, *, field: str = "rayon_code") -> str | None:
    if not value:
        return None
    if places.by_code(value) is None:
        raise ValidationError(_("Choose a rayon from the list."), field=field)
    return value


def money(value: Decimal | str | int, *, field: str, allow_zero: bool = True) -> Decimal:
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # 150,50 as typed on Azerbaijani and Russian keyboards
    try:
        amount = Decimal(text)
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Enter an amount such as 150 or 150,50."), field=field) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError(_("Enter an amount of zero or more."), field=field)
    if amount == 0 and not allow_zero:
        raise ValidationError(_("Enter an amount greater than zero."), field=field)
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(_("Amounts have at most two decimals."), field=field)
    return amount.quantize(Decimal("0.01"))


#: The most hours one person can give in one day.
MAX_DAY_HOURS = Decimal("24")


def day_hours(value: Decimal | None, *, field: str = "hours") -> Decimal:
    """Hours a volunteer gave on one day: more than zero, at most 24."""
    if value is None or not value.is_finite() or not Decimal(0) < value <= MAX_DAY_HOURS:
        raise ValidationError(_("Enter between 0.5 and 24 hours for one day."), field=field)
    return value


# Names for the rules that ``person_record``'s parameters shadow.
phone_number = phone
email_address = email
