"""The membership report on data built here, with arrears counted by hand; the same arrears as
the register and the dashboard; its PDF and workbook read back."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from cso_desktop import i18n
from cso_desktop.db import engine as db_engine
from cso_desktop.db import models as m
from cso_desktop.domain import vocab
from cso_desktop.domain.errors import ValidationError
from cso_desktop.reports.document import Document, KeyFigures, Table
from cso_desktop.reports.membership import build_membership_report
from cso_desktop.reports.pdf import render_pdf
from cso_desktop.reports.xlsx import render_xlsx
from cso_desktop.services import members, registers

D = dt.date
START, END, AS_OF = D(2026, 1, 1), D(2026, 12, 31), D(2026, 6, 30)
ORGANISATION = "Gənclər Təşəbbüsü İctimai Birliyi"
FULL = "Həqiqi üzv"
STUDENT = "Tələbə üzv"


class World:
    """Two categories: full members (1 200 AZN a year) and students (100 AZN a year).

    * m1, full, joined 2024, active: paid 2024 in full, 600 for 2025, 2026 in full (in
      February 2026): owes 600;
    * m2, full, joined January 2026, active: paid nothing: owes 1 200;
    * m3, student, 2020 to 30 June 2025 (left): paid 100 for 2025, in March 2026: owes 500
      for 2020–2024; not a member in 2026;
    * m4, student, joined 2025, suspended: paid 2025, and 2026 twice (200): owes nothing;
      paying more does not lower anyone else's arrears;
    * m5, no category, joined February 2026: owes nothing;
    * m6, full, archived: left out everywhere.
    """

    def __init__(self, session) -> None:
        self.session = session
        session.scalars(select(m.Organisation)).one().name = ORGANISATION
        full = self.add(m.MemberCategory(name=FULL, annual_fee=Decimal("1200.00")))
        student = self.add(m.MemberCategory(name=STUDENT, annual_fee=Decimal("100.00")))
        m1 = self.member(1, full, D(2024, 5, 1))
        self.member(2, full, D(2026, 1, 10))
        m3 = self.member(
            3, student, D(2020, 1, 1), status=vocab.MemberStatus.LEFT, left_on=D(2025, 6, 30)
        )
        m4 = self.member(4, student, D(2025, 1, 1), status=vocab.MemberStatus.SUSPENDED)
        self.member(5, None, D(2026, 2, 1))
        m6 = self.member(6, full, D(2020, 1, 1), archived=True)
        self.pay(m1, 2024, "1200", D(2024, 5, 1))
        self.pay(m1, 2025, "600", D(2025, 3, 1))
        self.pay(m1, 2026, "1200", D(2026, 2, 1))
        self.pay(m3, 2025, "100", D(2026, 3, 1))
        self.pay(m4, 2025, "100", D(2025, 2, 1))
        self.pay(m4, 2026, "100", D(2026, 1, 15))
        self.pay(m4, 2026, "100", D(2026, 4, 1))
        self.pay(m6, 2026, "1200", D(2026, 1, 5))

    def add(self, row):
        self.session.add(row)
        self.session.flush()
        return row

    def member(self, number, category, joined, **extra):
        return self.add(
            m.Member(
                membership_no=f"M-{number}",
                first_name="Leyla",
                last_name="Həsənova",
                sex=vocab.Sex.FEMALE,
                category_id=category.id if category else None,
                status=extra.pop("status", vocab.MemberStatus.ACTIVE),
                joined_on=joined,
                **extra,
            )
        )

    def pay(self, member, year, amount, on):
        self.add(
            m.MembershipFeePayment(
                member_id=member.id, period_year=year, amount=Decimal(amount), paid_on=on
            )
        )


@pytest.fixture
def world(db: db_engine.Database) -> World:
    with db.transaction() as session:
        return World(session)


def build(db, *, language="en", **dates) -> Document:
    period = {"start": START, "end": END, "as_of": AS_OF, **dates}
    with db.reading() as session, i18n.using_language(language):
        return build_membership_report(session, **period)


def rows(document: Document, title: str) -> dict[str, tuple]:
    (table,) = [t for t in document.tables() if t.title == title]
    assert isinstance(table, Table)
    return {row[0]: row[1:] for row in table.all_rows()}


def key_figures(document: Document) -> dict[str, object]:
    return {
        item.label: item.value
        for block in document.blocks
        if isinstance(block, KeyFigures)
        for item in block.items
    }


def money(*values: str) -> tuple[Decimal, ...]:
    return tuple(Decimal(v) for v in values)


def test_members_by_status_and_category(db, world) -> None:
    document = build(db)

    figures = key_figures(document)
    assert figures["Members in the period"] == 4  # m1, m2, m4, m5 (m3 left in 2025)
    assert figures["Joined in the period"] == 2  # m2, m5
    assert figures["Left in the period"] == 0
    assert figures["Members owing fees"] == 3  # m1, m2, m3
    # Active, suspended, left, deceased, total.
    assert rows(document, "Members by status and category") == {
        FULL: (2, 0, 0, 0, 2),
        STUDENT: (0, 1, 0, 0, 1),
        "No category": (1, 0, 0, 0, 1),
        "Total": (3, 1, 0, 0, 4),
    }


def test_fees_for_the_period(db, world) -> None:
    document = build(db)

    # Annual fee, members, due, paid for 2026, received in the period.
    assert rows(document, "Fees for 2026 by category") == {
        FULL: (Decimal("1200.00"), 2, *money("2400.00", "1200.00", "1200.00")),
        STUDENT: (Decimal("100.00"), 1, *money("100.00", "200.00", "300.00")),
        "No category": (Decimal("0.00"), 1, *money("0.00", "0.00", "0.00")),
        "Total": (None, 4, *money("2500.00", "1400.00", "1500.00")),
    }
    assert key_figures(document)["Fees received in the period"] == Decimal("1500.00")


def test_arrears_are_the_registers_and_the_dashboards(db, world) -> None:
    document = build(db)

    # Due to date, paid to date, members owing, arrears.
    assert rows(document, "Fees to date and arrears by category") == {
        FULL: (*money("4800.00", "3000.00"), 2, Decimal("1800.00")),
        # 800 due, 400 paid, yet 500 in arrears: m4's extra 100 does not pay m3's fees.
        STUDENT: (*money("800.00", "400.00"), 1, Decimal("500.00")),
        "No category": (*money("0.00", "0.00"), 0, Decimal("0.00")),
        "Total": (*money("5600.00", "3400.00"), 3, Decimal("2300.00")),
    }
    with db.reading() as session:
        assert members.total_arrears(session, as_of=AS_OF) == Decimal("2300.00")
        owing = registers.MEMBERS.count(session, filters=["owes_fees"], as_of=AS_OF)
    assert owing == 3
    (label,) = [k for k in key_figures(document) if k.startswith("Arrears on ")]
    assert "2026" in label
    assert key_figures(document)[label] == Decimal("2300.00")


def test_no_members_in_the_period_says_what_to_do(db, world) -> None:
    with pytest.raises(ValidationError) as raised:
        build(db, start=D(2010, 1, 1), end=D(2010, 12, 31), as_of=D(2010, 12, 31))
    assert "Add the members on the Members page" in raised.value.user_message
    with pytest.raises(ValidationError, match="ends before it starts"):
        build(db, start=END, end=START)


def _pdf_text(path: Path) -> str:
    text = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


@pytest.mark.parametrize(
    ("language", "arrears", "due"), [("az", "2.300,00", "5.600,00"), ("ru", "2 300,00", "5 600,00")]
)
def test_pdf_and_workbook_read_back(db, world, tmp_path, language, arrears, due) -> None:
    document = build(db, language=language)

    text = _pdf_text(render_pdf(document, tmp_path / "members.pdf"))
    assert ORGANISATION in text
    assert FULL in text and STUDENT in text
    assert arrears in text
    assert due in text

    book = load_workbook(render_xlsx(document, tmp_path / "members.xlsx"))
    sheets = {sheet["A1"].value: sheet for sheet in book.worksheets}
    total = _body(sheets[document.tables()[-1].title])[-1]
    assert total[1:] == (5600, 3400, 3, 2300)  # numbers, not text


def _body(sheet) -> list[tuple]:
    found = []
    for row in sheet.iter_rows(min_row=3, values_only=True):
        if row[0] is None:
            break
        found.append(row)
    return found


def test_on_the_workshop_file_the_arrears_are_the_dashboards(demo_file: Path) -> None:
    database = db_engine.open_readonly(demo_file)
    try:
        with database.reading() as session:
            owed = members.total_arrears(session, as_of=AS_OF)
            owing = registers.MEMBERS.count(session, filters=["owes_fees"], as_of=AS_OF)
            document = build_membership_report(session, start=START, end=END, as_of=AS_OF)
    finally:
        database.close()
    total = rows(document, "Fees to date and arrears by category")["Total"]
    assert owed > 0
    assert total[-2:] == (owing, owed)
