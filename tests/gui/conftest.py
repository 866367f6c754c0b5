"""GUI fixtures: a sample organisation file, the app's fonts and translators, and no blocking.

Operations run synchronously and dialogs are recorded instead of shown, so no test waits for a
click or a thread. The workshop (demo) file is ``demo_file`` from ``tests/conftest.py``; the
sample file here is smaller and has known names for search tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Protocol

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from PySide6.QtWidgets import QApplication, QWidget

from cso_desktop.db import models as m
from cso_desktop.domain import people
from cso_desktop.services import files, organisation
from cso_desktop.ui import fonts, messages, ops
from cso_desktop.ui.language import QtTranslations
from cso_desktop.ui.mainwindow import MainWindow

SAMPLE_NAME = "Gənclər Birliyi İctimai Birliyi"
SAMPLE_BENEFICIARIES = 450  # more than one window of rows (200)

LAST_NAMES = [
    ("Əliyev", "Əliyeva"),
    ("Məmmədov", "Məmmədova"),
    ("Hüseynov", "Hüseynova"),
    ("Şükürov", "Şükürova"),
    ("Quliyev", "Quliyeva"),
    ("İsmayılov", "İsmayılova"),
    ("Həsənov", "Həsənova"),
    ("Cəfərov", "Cəfərova"),
    ("Иванов", "Иванова"),
    ("Bağırov", "Bağırova"),
]
FIRST_NAMES_F = ["Aynur", "Günel", "Səbinə", "Leyla", "Nərmin", "Ülkər", "Наталья"]
FIRST_NAMES_M = ["Rəşad", "Elçin", "Tural", "Orxan", "İlkin", "Ağa", "Сергей"]
RAYONS = ["AZ-BA", "AZ-GA", "AZ-SA", "AZ-LA", "AZ-MI"]


def build_sample(path: Path, *, beneficiaries: int = SAMPLE_BENEFICIARIES) -> Path:
    """A small organisation with rows in every register, names in both alphabets."""

    def fill(session: Session) -> None:
        organisation.create_organisation(session, name=SAMPLE_NAME, language="az")
        category = m.MemberCategory(name="Tam üzv", annual_fee=Decimal("20.00"))
        session.add(category)
        session.flush()
        for index in range(30):
            female = index % 2 == 0
            last = LAST_NAMES[index % len(LAST_NAMES)][1 if female else 0]
            first = (FIRST_NAMES_F if female else FIRST_NAMES_M)[index % 7]
            number = f"M-{index + 1:04d}"
            session.add(
                m.Member(
                    membership_no=number,
                    first_name=first,
                    last_name=last,
                    sex="female" if female else "male",
                    status="active",
                    category_id=category.id,
                    joined_on=dt.date(2020, 1, 1) + dt.timedelta(days=37 * index),
                    phone=f"+99450555{index:04d}",
                    search_text=people.search_key([first, last, number]),
                )
            )
        for index in range(25):
            female = index % 3 != 0
            last = LAST_NAMES[(index + 3) % len(LAST_NAMES)][1 if female else 0]
            first = (FIRST_NAMES_F if female else FIRST_NAMES_M)[index % 7]
            number = f"V-{index + 1:04d}"
            session.add(
                m.Volunteer(
                    volunteer_no=number,
                    first_name=first,
                    last_name=last,
                    sex="female" if female else "male",
                    rayon_code=RAYONS[index % len(RAYONS)],
                    joined_on=dt.date(2022, 3, 1) + dt.timedelta(days=11 * index),
                    status="active",
                    search_text=people.search_key([first, last, number]),
                )
            )
        for index in range(beneficiaries):
            female = index % 2 == 1
            last = LAST_NAMES[index % len(LAST_NAMES)][1 if female else 0]
            first = (FIRST_NAMES_F if female else FIRST_NAMES_M)[(index // 2) % 7]
            number = f"B-{index + 1:06d}"
            session.add(
                m.Beneficiary(
                    registration_no=number,
                    registered_on=dt.date(2025, 1, 1) + dt.timedelta(days=index % 365),
                    first_name=first,
                    last_name=last,
                    sex="female" if female else "male",
                    date_of_birth=dt.date(1950 + index % 60, 1 + index % 12, 1 + index % 28),
                    displacement_status=("idp", "host", "none", "returnee")[index % 4],
                    has_disability=index % 9 == 0,
                    rayon_code=RAYONS[index % len(RAYONS)],
                    search_text=people.search_key([first, last, number]),
                )
            )
        projects = []
        for code, title, donor, currency in (
            ("DEMO-EU", "Gənclərin məşğulluğu", "Avropa İttifaqı", "EUR"),
            ("DEMO-IFRC", "İcma sağlamlığı", "IFRC", "CHF"),
            ("DEMO-OWN", "Üzvlərin təşəbbüsləri", "Öz vəsaitimiz", "AZN"),
        ):
            project = m.Project(
                code=code,
                title=title,
                donor_kind="other",
                donor_name=donor,
                currency=currency,
                start_date=dt.date(2025, 1, 1),
                end_date=dt.date(2026, 12, 31),
                status="implementation",
            )
            session.add(project)
            projects.append(project)
        session.flush()
        for index in range(12):
            project = projects[index % 3]
            session.add(
                m.Activity(
                    project_id=project.id,
                    code=f"{project.code}-A{index + 1:02d}",
                    title=f"Təlim {index + 1}: ilk yardım",
                    activity_type="training",
                    rayon_code=RAYONS[index % len(RAYONS)],
                    status="completed",
                    planned_start=dt.date(2025, 2, 1) + dt.timedelta(days=20 * index),
                )
            )
        lines = []
        for index in range(9):
            project = projects[index % 3]
            line = m.BudgetLine(
                project_id=project.id,
                heading=str(1 + index % 6),
                line_code=f"{1 + index % 6}.{index + 1}",
                description=f"Xərc maddəsi {index + 1}",
                unit="ay",
                quantity=Decimal("12"),
                unit_cost=Decimal("1234.50") + index,
            )
            session.add(line)
            lines.append(line)
        session.flush()
        for index in range(20):
            line = lines[index % len(lines)]
            project = projects[(index % len(lines)) % 3]
            session.add(
                m.Expense(
                    project_id=project.id,
                    budget_line_id=line.id,
                    spent_on=dt.date(2025, 3, 1) + dt.timedelta(days=9 * index),
                    payee="Şəki Ticarət MMC",
                    description="Dəftərxana ləvazimatı",
                    receipt_no=f"Q-{index + 1:03d}",
                    amount=Decimal("150.25") + index,
                    currency=project.currency,
                    rate_to_project=Decimal("1"),
                )
            )
        for index, kind in enumerate(("donation", "grant_tranche", "donation")):
            session.add(
                m.Income(
                    kind=kind,
                    received_on=dt.date(2025, 5, 1) + dt.timedelta(days=30 * index),
                    amount=Decimal("100.00") * (index + 1),
                    currency="AZN",
                    payer="Şəki Ticarət MMC",
                    project_id=projects[index].id if kind == "grant_tranche" else None,
                )
            )

    files.build_new_file(path, fill)
    return path


@pytest.fixture(scope="session")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample organisation, built once; tests must only read it."""
    return build_sample(tmp_path_factory.mktemp("sample") / "sample.csodb")


@pytest.fixture
def empty_file(tmp_path: Path) -> Path:
    path = tmp_path / "empty.csodb"
    files.build_new_file(path, lambda s: organisation.create_organisation(s, name="Boş Birlik"))
    return path


@pytest.fixture(autouse=True)
def _synchronous_ops() -> Iterator[None]:
    ops.set_synchronous(True)
    yield
    ops.set_synchronous(False)


class ShownMessages(list[messages.Message]):
    """Messages the user would have seen, in order."""

    def texts(self) -> list[str]:
        return [message.text for message in self]


@pytest.fixture(autouse=True)
def shown_messages() -> Iterator[ShownMessages]:
    """Dialogs are recorded, never shown; questions are answered "no"."""
    shown = ShownMessages()

    def record(message: messages.Message, _parent: QWidget | None) -> bool:
        shown.append(message)
        return False

    messages.set_dialogs_enabled(True)
    messages.set_presenter(record)
    yield shown
    messages.set_presenter(None)
    messages.set_status_sink(None)


@pytest.fixture
def ui_app(qapp: QApplication) -> Iterator[QApplication]:
    """The QApplication with the bundled fonts and Qt's translator following the language."""
    fonts.install(qapp)
    translations = QtTranslations(app=qapp)
    yield qapp
    translations.uninstall()
    translations.deleteLater()


class WindowFactory(Protocol):
    def __call__(self, path: Path | None = None, *, size: tuple[int, int] = ...) -> MainWindow: ...


@pytest.fixture
def make_window(ui_app: QApplication, qtbot: QtBot) -> WindowFactory:
    """Builds main windows (closed at the end of the test), optionally opened on a file."""

    def make(path: Path | None = None, *, size: tuple[int, int] = (1280, 800)) -> MainWindow:
        window = MainWindow()
        qtbot.addWidget(window)
        window.resize(*size)
        if path is not None:
            window.open_path(path)
        return window

    return make
