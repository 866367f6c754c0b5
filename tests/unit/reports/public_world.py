"""A small organisation for the public files (IATI, GO 3W, HXL), with answers known by hand.

One EU project "P-1" in EUR (1 Jan 2026 – 30 Jun 2027) in Şəki and Qəbələ, a logframe output
with one people-reached indicator, one budget line of 10 000 EUR (7 % indirect: 10 700 EUR in
all), two expenses, a grant tranche, and three people reached by one training in Şəki: two women
(30 and 65 years old) and one man (20).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from cso_desktop.db import models as m
from cso_desktop.domain import vocab

D = dt.date
VOEN = "1234567891"
AS_OF = D(2026, 6, 30)


class World:
    def __init__(self, session) -> None:
        self.session = session
        self.organisation = session.scalars(select(m.Organisation)).one()
        self.organisation.tax_id = VOEN
        self.project = self.add(
            m.Project(
                code="P-1",
                title="Şəkidə gənclərin məşğulluğu",
                description="Gənc qadınlar və kişilər üçün peşə təlimi.",
                donor_kind=vocab.DonorKind.EU,
                donor_name="Avropa İttifaqı",
                currency="EUR",
                start_date=D(2026, 1, 1),
                end_date=D(2027, 6, 30),
                status=vocab.ProjectStatus.IMPLEMENTATION,
                go_sector="Livelihoods and basic needs",
                dac_sector_code="11330",
                indirect_cost_rate=Decimal("0.07"),
            )
        )
        for code in ("AZ-SAK", "AZ-QAB"):
            self.add(m.ProjectLocation(project_id=self.project.id, rayon_code=code))
        self.output = self.add(
            m.LogframeResult(
                project_id=self.project.id,
                level=vocab.ResultLevel.OUTPUT,
                code="Op1",
                title="Gənclər peşə bacarıqlarına yiyələnir",
            )
        )
        self.indicator = self.add(
            m.Indicator(
                result_id=self.output.id,
                code="Op1.1",
                title="Təlim keçmiş gənclərin sayı",
                unit="nəfər",
                baseline_value=Decimal("0"),
                baseline_year=2025,
                target_value=Decimal("40"),
                target_year=2027,
                disaggregate_sex=True,
                method=vocab.IndicatorMethod.PEOPLE_REACHED,
                method_activity_type=vocab.ActivityType.TRAINING,
            )
        )
        self.line = self.add(
            m.BudgetLine(
                project_id=self.project.id,
                heading="3",
                line_code="3.1",
                description="Təlim materialları",
                unit="dəst",
                quantity=Decimal("100"),
                unit_cost=Decimal("100.00"),
            )
        )
        self.training = self.add(
            m.Activity(
                project_id=self.project.id,
                output_id=self.output.id,
                code="A-1",
                title="Peşə təlimi",
                activity_type=vocab.ActivityType.TRAINING,
                rayon_code="AZ-SAK",
                status=vocab.ActivityStatus.ONGOING,
                planned_start=D(2026, 2, 1),
                actual_start=D(2026, 2, 2),
            )
        )
        self._numbers = 0

    def add(self, row):
        self.session.add(row)
        self.session.flush()
        return row

    def person(self, sex, born, *, disability=None):
        self._numbers += 1
        return self.add(
            m.Beneficiary(
                registration_no=f"B{self._numbers:04d}",
                registered_on=D(2026, 1, 1),
                first_name="Aygün",
                last_name="Məmmədova",
                sex=sex,
                date_of_birth=born,
                has_disability=disability,
                displacement_status=vocab.DisplacementStatus.NONE,
            )
        )

    def serve(self, person, on=None, activity=None):
        self.add(
            m.ServiceDelivery(
                activity_id=(activity or self.training).id,
                beneficiary_id=person.id,
                delivered_on=on or D(2026, 3, 2),
                service_type=vocab.ServiceType.TRAINING_SESSION,
            )
        )

    def three_people(self):
        """Two women (30 and 65 on the day) and a man (20), one of the women with a disability."""
        self.serve(self.person(vocab.Sex.FEMALE, D(1996, 1, 1), disability=True))
        self.serve(self.person(vocab.Sex.FEMALE, D(1961, 1, 1)))
        self.serve(self.person(vocab.Sex.MALE, D(2006, 1, 1)))

    def money(self):
        """A grant tranche and two expenses (one in AZN at a stored rate) in two months."""
        self.add(
            m.Income(
                kind=vocab.IncomeKind.GRANT_TRANCHE,
                received_on=D(2026, 1, 20),
                amount=Decimal("5000.00"),
                currency="EUR",
                payer="Avropa İttifaqının Nümayəndəliyi",
                reference="1-ci ödəniş",
                project_id=self.project.id,
            )
        )
        self.add(
            m.Income(
                kind=vocab.IncomeKind.DONATION,
                received_on=D(2026, 2, 3),
                amount=Decimal("100.00"),
                currency="AZN",
                payer="Rəşad Quliyev",
                project_id=self.project.id,
            )
        )
        for day, amount, currency, rate, payee in (
            (D(2026, 2, 10), Decimal("1000.00"), "EUR", Decimal("1"), "Kitab Evi MMC"),
            (D(2026, 3, 5), Decimal("200.00"), "AZN", Decimal("0.5"), "Elvin Həsənov"),
            (D(2026, 7, 5), Decimal("300.00"), "EUR", Decimal("1"), "Gələcək xərc"),
        ):
            self.add(
                m.Expense(
                    project_id=self.project.id,
                    budget_line_id=self.line.id,
                    spent_on=day,
                    payee=payee,
                    description="Təlim materialları",
                    amount=amount,
                    currency=currency,
                    rate_to_project=rate,
                )
            )

    def values(self, first: tuple[int, int, int], second: tuple[int, int, int]):
        """Recorded values of the indicator: (total, women, men) in two half-years."""
        for (start, end), counts in (
            ((D(2025, 12, 1), D(2026, 2, 28)), first),
            ((D(2026, 3, 1), D(2026, 5, 31)), second),
        ):
            for sex, value in zip((None, vocab.Sex.FEMALE, vocab.Sex.MALE), counts, strict=True):
                self.add(
                    m.IndicatorValue(
                        indicator_id=self.indicator.id,
                        period_start=start,
                        period_end=end,
                        sex=sex,
                        value=Decimal(value),
                    )
                )
