"""An EU project with answers known by hand, for the progress and financial reports.

Project "EU-7" (EUR, 1 Oct 2025 – 31 Dec 2027, 5 % contingency, 7 % indirect costs), reported on
for the first half of 2026 (``START``–``END``, as of ``END``).

People (age on their first service in the period):

====  ===  ============================  ==========  =======================  ============
who   sex  services in the period         age         disability, displacement band (fine)
====  ===  ============================  ==========  =======================  ============
P1    F    A1 on 9 Mar, A2 on 15 Apr      17 (born    yes, IDP                 13–17
                                          10 Mar 2008:
                                          the day before
                                          the 18th birthday)
P2    M    A1 on 10 Mar                   18 (same    no, none                 18–29
                                          birthday: on it)
P3    F    A1 on 9 and 10 Mar             35          not asked, returnee      30–39
P4    F    A2 on 15 Apr                   66          yes, refugee             60–69
P5    M    A2 on 15 Apr (and on 20 Dec    40          no, none                 40–49
           2025, before the period)
P6    F    A1 on 5 Jul 2026 only (after the period: not reached in it)
====  ===  ============================  ==========  =======================  ============

So in the period: 5 people (F 3, M 2; A1 3 and A2 3: 6 by activity, 5 unique), 7 services,
3 sessions (A1 on two days, A2 on one), 2 with disabilities, 2 displaced (IDP, refugee).

Volunteers: 10 h (March) and 2 h (April) by one, 5.5 h (April) by another on the project; 7 h
on no activity do not count: 17.5 hours by 2 volunteers.

Budget (EUR): 1.1 12 × 1 000.00 = 12 000.00; 3.1 2 × 850.00 = 1 700.00; 5.1 100 × 3.15 = 315.00;
subtotal 14 015.00, contingency 5 % 700.75, total direct 14 715.75, indirect 7 % 1 030.10, total
eligible 15 745.85.

Expenses in the period, each converted and rounded to the cent (``EXPENSES``): 3 743.21 of direct
costs (26.37 not booked on a line); indirect 7 % = 262.02; 4 005.23 in all. One expense before
the period (1 000.00 EUR on 1.1, Dec 2025) and one after it (400.00 EUR, Jul 2026) are left out.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from pypdf import PdfReader
from sqlalchemy import select

from cso_desktop.db import models as m
from cso_desktop.domain import vocab

D = dt.date
START = D(2026, 1, 1)
END = D(2026, 6, 30)
ORGANISATION = "Şəki Gənclər İctimai Birliyi"

BUDGET_TOTAL = Decimal("15745.85")
DIRECT_IN_PERIOD = Decimal("3743.21")
INDIRECT_IN_PERIOD = Decimal("262.02")
SPENT_IN_PERIOD = Decimal("4005.23")
UNALLOCATED_IN_PERIOD = Decimal("26.37")
#: (line, date, amount, currency, rate, converted) of the period's expenses, by date.
EXPENSES = (
    ("1.1", D(2026, 1, 31), "1889.00", "AZN", "0.53256644", "1006.02"),
    ("1.1", D(2026, 2, 28), "1889.00", "AZN", "0.53033517", "1001.80"),
    ("3.1", D(2026, 3, 15), "1661.05", "USD", "0.89690830", "1489.81"),
    ("5.1", D(2026, 3, 20), "210.00", "AZN", "0.52759312", "110.79"),
    ("5.1", D(2026, 3, 25), "15.00", "AZN", "0.52759312", "7.91"),
    ("5.1", D(2026, 4, 10), "95.50", "EUR", "1", "95.50"),
    (None, D(2026, 5, 5), "50.00", "AZN", "0.52742616", "26.37"),
    # 10.01 × 0.5 = 5.005: rounded half up to 5.01, as budget.convert does.
    ("5.1", D(2026, 6, 10), "10.01", "AZN", "0.5", "5.01"),
)
PAYEES = ("Aysel Bağırova", "Aysel Bağırova", "Kontakt Home MMC", "Çap Evi MMC", "Çap Evi MMC")


class ProgressWorld:
    """The dataset, built in ``session`` (flushed, not committed)."""

    def __init__(self, session) -> None:
        self.session = session
        self.organisation = session.scalars(select(m.Organisation)).one()
        self.organisation.name = ORGANISATION
        self.project = self.add(
            m.Project(
                code="EU-7",
                title="Şəki və Qəbələdə gənclərin məşğulluğu",
                donor_kind=vocab.DonorKind.EU,
                donor_name="Avropa İttifaqı",
                donor_reference="NDICI/2025/777-001",
                currency="EUR",
                start_date=D(2025, 10, 1),
                end_date=D(2027, 12, 31),
                status=vocab.ProjectStatus.IMPLEMENTATION,
                indirect_cost_rate=Decimal("0.07"),
                contingency_rate=Decimal("0.05"),
            )
        )
        self._logframe()
        self._activities()
        self._people()
        self._volunteers()
        self._budget()

    def add(self, row):
        self.session.add(row)
        self.session.flush()
        return row

    # --- logframe

    def _result(self, level, code, title, parent=None, order=0):
        return self.add(
            m.LogframeResult(
                project_id=self.project.id,
                parent_id=parent.id if parent else None,
                level=level,
                code=code,
                title=title,
                sort_order=order,
            )
        )

    def _indicator(self, result, code, title, unit, method, **extra):
        return self.add(
            m.Indicator(
                result_id=result.id,
                code=code,
                title=title,
                unit=unit,
                method=method,
                means_of_verification=extra.pop("verification", "Sorğu"),
                **extra,
            )
        )

    def _value(self, indicator, start, end, total, by_sex=(), source="Monitorinq sorğusu"):
        for sex, value in ((None, total), *by_sex):
            self.add(
                m.IndicatorValue(
                    indicator_id=indicator.id,
                    period_start=start,
                    period_end=end,
                    sex=sex,
                    value=Decimal(value),
                    source=source,
                )
            )

    def _logframe(self) -> None:
        impact = self._result(vocab.ResultLevel.IMPACT, "OO", "Gənclərin rifahı yaxşılaşır")
        outcome = self._result(vocab.ResultLevel.OUTCOME, "SO1", "Gənclər işə düzəlir", impact)
        self.output = self._result(vocab.ResultLevel.OUTPUT, "Op1", "Gənclər öyrənir", outcome)
        # By hand, no value for exactly the period: the latest one recorded within it.
        self.poverty = self._indicator(
            impact,
            "OO.1",
            "Yoxsul ailələrin payı",
            "%",
            vocab.IndicatorMethod.MANUAL,
            baseline_value=Decimal("46"),
            baseline_year=2025,
            target_value=Decimal("35"),
            target_year=2027,
            disaggregate_sex=False,
        )
        self._value(self.poverty, D(2026, 1, 1), D(2026, 3, 31), "44")
        self._value(self.poverty, D(2026, 4, 1), D(2026, 6, 30), "41.5")
        self._value(self.poverty, D(2025, 10, 1), D(2025, 12, 31), "45")  # before the period
        # By hand, recorded for exactly the period, split by sex.
        self.employed = self._indicator(
            outcome,
            "SO1.1",
            "İşə düzələn gənclər",
            "nəfər",
            vocab.IndicatorMethod.MANUAL,
            baseline_value=Decimal("0"),
            target_value=Decimal("40"),
            disaggregate_sex=True,
        )
        self._value(
            self.employed,
            START,
            END,
            "30",
            ((vocab.Sex.FEMALE, "18"), (vocab.Sex.MALE, "12")),
        )
        # Computed now: people reached by the training activities, split by sex.
        self.trained = self._indicator(
            self.output,
            "Op1.1",
            "Təlim keçmiş gənclər",
            "nəfər",
            vocab.IndicatorMethod.PEOPLE_REACHED,
            method_activity_type=vocab.ActivityType.TRAINING,
            baseline_value=Decimal("0"),
            baseline_year=2025,
            target_value=Decimal("60"),
            target_year=2027,
            disaggregate_sex=True,
        )
        # Computable, but a value is recorded for the period: the recorded one is shown.
        self.sessions = self._indicator(
            self.output,
            "Op1.2",
            "Təlim sessiyaları",
            "sessiya",
            vocab.IndicatorMethod.SESSIONS_HELD,
            target_value=Decimal("20"),
            disaggregate_sex=False,
            sort_order=1,
        )
        self._value(self.sessions, START, END, "99", source="Təlim jurnalı")
        self.hours_indicator = self._indicator(
            self.output,
            "Op1.3",
            "Könüllü saatları",
            "saat",
            vocab.IndicatorMethod.VOLUNTEER_HOURS,
            target_value=Decimal("100"),
            disaggregate_sex=False,
            sort_order=2,
        )

    # --- activities and people

    def _activities(self) -> None:
        def activity(code, title, kind, rayon, start, end, status):
            return self.add(
                m.Activity(
                    project_id=self.project.id,
                    output_id=self.output.id,
                    code=code,
                    title=title,
                    activity_type=kind,
                    rayon_code=rayon,
                    planned_start=start,
                    planned_end=end,
                    status=status,
                )
            )

        self.training = activity(
            "A1",
            "Peşə təlimi",
            vocab.ActivityType.TRAINING,
            "AZ-SAK",
            D(2026, 2, 1),
            D(2026, 5, 31),
            vocab.ActivityStatus.COMPLETED,
        )
        self.distribution = activity(
            "A2",
            "Alət dəstlərinin paylanması",
            vocab.ActivityType.DISTRIBUTION,
            "AZ-QAB",
            D(2026, 3, 1),
            D(2026, 9, 30),
            vocab.ActivityStatus.ONGOING,
        )
        activity(
            "A3",
            "Yekun konfrans",
            vocab.ActivityType.AWARENESS,
            "AZ-SAK",
            D(2026, 10, 1),
            D(2026, 10, 2),
            vocab.ActivityStatus.PLANNED,
        )

    def _person(self, number, sex, born, disability, displacement):
        return self.add(
            m.Beneficiary(
                registration_no=f"B{number:04d}",
                registered_on=D(2025, 10, 1),
                first_name="Ad",
                last_name="Soyad",
                sex=sex,
                date_of_birth=born,
                has_disability=disability,
                displacement_status=displacement,
            )
        )

    def _serve(self, person, activity, on):
        self.add(
            m.ServiceDelivery(
                activity_id=activity.id,
                beneficiary_id=person.id,
                delivered_on=on,
                service_type=vocab.ServiceType.TRAINING_SESSION,
            )
        )

    def _people(self) -> None:
        s, st = vocab.Sex, vocab.DisplacementStatus
        p1 = self._person(1, s.FEMALE, D(2008, 3, 10), True, st.IDP)
        p2 = self._person(2, s.MALE, D(2008, 3, 10), False, st.NONE)
        p3 = self._person(3, s.FEMALE, D(1990, 6, 1), None, st.RETURNEE)
        p4 = self._person(4, s.FEMALE, D(1960, 1, 15), True, st.REFUGEE)
        p5 = self._person(5, s.MALE, D(1985, 12, 31), False, st.NONE)
        p6 = self._person(6, s.FEMALE, D(2000, 1, 1), False, st.NONE)
        a1, a2 = self.training, self.distribution
        self._serve(p1, a1, D(2026, 3, 9))  # the day before the 18th birthday: 17
        self._serve(p1, a2, D(2026, 4, 15))
        self._serve(p2, a1, D(2026, 3, 10))  # on the 18th birthday: 18
        self._serve(p3, a1, D(2026, 3, 9))
        self._serve(p3, a1, D(2026, 3, 10))
        self._serve(p4, a2, D(2026, 4, 15))
        self._serve(p5, a2, D(2025, 12, 20))  # before the period
        self._serve(p5, a2, D(2026, 4, 15))
        self._serve(p6, a1, D(2026, 7, 5))  # after the period

    def _volunteers(self) -> None:
        def volunteer(number, sex):
            return self.add(
                m.Volunteer(
                    volunteer_no=f"V{number}",
                    first_name="Könüllü",
                    last_name="Şahin",
                    sex=sex,
                    joined_on=D(2025, 1, 1),
                    status=vocab.VolunteerStatus.ACTIVE,
                )
            )

        v1 = volunteer(1, vocab.Sex.FEMALE)
        v2 = volunteer(2, vocab.Sex.MALE)
        v3 = volunteer(3, vocab.Sex.MALE)
        for who, activity, day, hours in (
            (v1, self.training, D(2026, 3, 9), "10"),
            (v1, self.distribution, D(2026, 4, 16), "2"),
            (v2, self.distribution, D(2026, 4, 15), "5.5"),
            (v3, None, D(2026, 4, 15), "7"),  # not on the project
        ):
            self.add(
                m.VolunteerHours(
                    volunteer_id=who.id,
                    activity_id=activity.id if activity else None,
                    worked_on=day,
                    hours=Decimal(hours),
                )
            )

    # --- money

    def _budget(self) -> None:
        self.lines = {}
        for order, (heading, code, text, unit, quantity, cost) in enumerate(
            (
                ("1", "1.1", "Layihə meneceri", "ay", "12", "1000.00"),
                ("3", "3.1", "Noutbuk", "ədəd", "2", "850.00"),
                ("5", "5.1", "Çap xərcləri", "səhifə", "100", "3.15"),
            )
        ):
            self.lines[code] = self.add(
                m.BudgetLine(
                    project_id=self.project.id,
                    heading=heading,
                    heading_title=vocab.EU_BUDGET_HEADINGS[heading],
                    line_code=code,
                    description=text,
                    unit=unit,
                    quantity=Decimal(quantity),
                    unit_cost=Decimal(cost),
                    sort_order=order,
                )
            )
        self.expense("1.1", D(2025, 12, 10), "1000.00", "EUR", "1", "Aysel Bağırova")  # before
        for number, (line, day, amount, currency, rate, _converted) in enumerate(EXPENSES):
            payee = PAYEES[number] if number < len(PAYEES) else "Azərişıq ASC"
            self.expense(line, day, amount, currency, rate, payee, receipt=f"Q-{number + 1:03d}")
        self.expense("3.1", D(2026, 7, 2), "400.00", "EUR", "1", "Kontakt Home MMC")  # after
        # The monthly rate table: January and March agree with the expenses, February does not.
        for month, currency, rate in (
            (D(2026, 1, 1), "AZN", "0.53256644"),
            (D(2026, 2, 1), "AZN", "0.53000000"),
            (D(2026, 3, 1), "USD", "0.89690830"),
        ):
            self.add(
                m.ExchangeRate(
                    month=month,
                    from_currency=currency,
                    to_currency="EUR",
                    rate=Decimal(rate),
                    source="InforEuro",
                )
            )

    def expense(self, line, day, amount, currency, rate, payee, *, receipt=None):
        return self.add(
            m.Expense(
                project_id=self.project.id,
                budget_line_id=self.lines[line].id if line else None,
                spent_on=day,
                payee=payee,
                receipt_no=receipt,
                description="Xərc",
                amount=Decimal(amount),
                currency=currency,
                rate_to_project=Decimal(rate),
            )
        )


def pdf_text(path) -> str:
    """The PDF's text on one line, with no-break spaces as plain spaces."""
    pages = [(page.extract_text() or "") for page in PdfReader(path).pages]
    return re.sub(r"\s+", " ", " ".join(pages).replace("\xa0", " ").replace("\u202f", " "))


def xlsx_exact(value: object) -> Decimal:
    """An Excel number as the decimal that was written (doubles' shortest repr)."""
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def table_sheet(book, table):
    """The sheet that holds ``table`` (its title is in A1)."""
    sheets = [sheet for sheet in book.worksheets if sheet["A1"].value == table.title]
    assert len(sheets) == 1, table.title
    return sheets[0]


def sheet_rows(sheet, table):
    """The body rows and the total row of a table sheet, as values (header on row 2)."""
    body = [
        [cell.value for cell in row]
        for row in sheet.iter_rows(min_row=3, max_row=2 + len(table.rows))
    ]
    total = None
    if table.total_row is not None:
        total = [cell.value for cell in sheet[3 + len(table.rows)]]
    return body, total
