"""A report document with every kind of block, in Azerbaijani or Russian, for the renderers."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal

import pytest
from PIL import Image

from cso_desktop.reports.document import (
    BarChart,
    DateRange,
    Document,
    Heading,
    KeyFigure,
    KeyFigures,
    Labels,
    Money,
    PageBreak,
    Paragraph,
    PieChart,
    RowStyle,
    Series,
    SignatureBlock,
    Suppressed,
    Table,
    TableColumn,
    ValueKind,
)

ORGANISATION = "Gənclər Təşəbbüsü İctimai Birliyi"
LEDGER_ROWS = 200
#: Ledger amounts: row i (1-based) costs i × 10.05, so the total is known: 10.05 × 200 × 201 / 2.
LEDGER_TOTAL = Decimal("10.05") * LEDGER_ROWS * (LEDGER_ROWS + 1) / 2  # 202 005.00

TEXTS = {
    "az": {
        "title": "Donora irəliləyiş hesabatı",
        "subtitle": "Şəki və Qəbələ rayonlarında gənclərin məşğulluğu",
        "project": "Layihə",
        "donor": "Donor",
        "period": "Dövr",
        "reported": "Hesabat tarixi",
        "grant": "Qrantın məbləği",
        "summary": "Xülasə",
        "paragraph": (
            "Hesabat dövründə İctimai Birlik 412 nəfərə xidmət göstərib. Gənc qızların iştirakı "
            "əvvəlki ilə nisbətən artıb; ərazi üzrə fəaliyyətlər Şəki, Qəbələ və Oğuz "
            "rayonlarında keçirilib."
        ),
        "people": "Xidmət alan şəxslər",
        "hours": "Könüllü saatları",
        "spent": "Xərclənib",
        "used": "Büdcənin istifadəsi",
        "reach_title": "Fəaliyyət növü üzrə xidmət alan şəxslər",
        "activity": "Fəaliyyət növü",
        "women": "Qadınlar",
        "men": "Kişilər",
        "total": "Cəmi",
        "activities": (
            "Peşə təlimi",
            "Hüquqi məsləhət (ödənişsiz, fərdi və qrup şəklində)",
            "Psixososial dəstək",
            "İcma görüşləri",
        ),
        "budget_title": "Büdcə başlıqları üzrə maliyyə xülasəsi",
        "heading": "Başlıq / xərc sətri",
        "budget": "Büdcə",
        "share": "İstifadə",
        "lines": (
            ("1. İnsan resursları", RowStyle.HEADING),
            ("1.1 Layihə rəhbəri (ştat, aylıq əmək haqqı)", RowStyle.INDENTED),
            ("1.2 Mühasib", RowStyle.INDENTED),
            ("2. Səyahət", RowStyle.HEADING),
            ("2.1 Rayonlara ezamiyyətlər", RowStyle.INDENTED),
        ),
        "ledger_title": "Xərclər reyestri",
        "date": "Tarix",
        "payee": "Alan tərəf",
        "description": "Təsvir",
        "amount": "Məbləğ",
        "row_text": "Şəki filialı üçün dəftərxana ləvazimatı və çap xərcləri, qəbz №",
        "note": "Məbləğlər qrantın valyutasındadır.",
        "small": "5-dən az olan saylar <5 kimi göstərilir.",
        "chart": "Yaş qrupu və cins üzrə xidmət alan şəxslər",
        "pie": "Büdcə başlıqları üzrə xərclər",
        "roles": ("Sədr", "Baş mühasib"),
        "payees": ("Çağdaş Print MMC", "Ağ Şəhər Kargo", "İlkin Əliyev"),
    },
    "ru": {
        "title": "Отчёт донору о ходе проекта",
        "subtitle": "Занятость молодёжи в Шекинском и Габалинском районах",
        "project": "Проект",
        "donor": "Донор",
        "period": "Период",
        "reported": "Дата отчёта",
        "grant": "Сумма гранта",
        "summary": "Резюме",
        "paragraph": (
            "За отчётный период объединение оказало услуги 412 людям. Участие девушек выросло "
            "по сравнению с прошлым годом."
        ),
        "people": "Охвачено людей",
        "hours": "Часы волонтёров",
        "spent": "Израсходовано",
        "used": "Использование бюджета",
        "reach_title": "Охваченные люди по видам деятельности",
        "activity": "Вид деятельности",
        "women": "Женщины",
        "men": "Мужчины",
        "total": "Итого",
        "activities": (
            "Профессиональное обучение",
            "Юридическая консультация (бесплатная, индивидуальная и групповая)",
            "Психосоциальная поддержка",
            "Встречи с общиной",
        ),
        "budget_title": "Финансовая сводка по статьям бюджета",
        "heading": "Статья / строка",
        "budget": "Бюджет",
        "share": "Использовано",
        "lines": (
            ("1. Человеческие ресурсы", RowStyle.HEADING),
            ("1.1 Руководитель проекта (штат, ежемесячная зарплата)", RowStyle.INDENTED),
            ("1.2 Бухгалтер", RowStyle.INDENTED),
            ("2. Поездки", RowStyle.HEADING),
            ("2.1 Командировки в районы", RowStyle.INDENTED),
        ),
        "ledger_title": "Реестр расходов",
        "date": "Дата",
        "payee": "Получатель",
        "description": "Описание",
        "amount": "Сумма",
        "row_text": "Канцелярские товары и печать для Шекинского филиала, квитанция №",
        "note": "Суммы указаны в валюте гранта.",
        "small": "Числа меньше 5 показаны как <5.",
        "chart": "Охваченные люди по возрасту и полу",
        "pie": "Расходы по статьям бюджета",
        "roles": ("Председатель", "Главный бухгалтер"),
        "payees": ("ООО «Чагдаш Принт»", "Ağ Şəhər Kargo", "Ильгин Алиев"),
    },
}

#: Per activity: women, men (the second activity's men are below the threshold: suppressed).
REACH = ((120, 95), (31, 3), (64, 40), (18, 22))
#: People reached by age band: women, men (no count below the threshold, so none is hidden).
AGE_BANDS = {"0–17": (61, 40), "18–29": (112, 70), "30–59": (48, 41), "60+": (12, 9)}
#: Budget lines (the heading rows carry their subtotals): budget, spent.
BUDGET = (
    (Decimal("30000.00"), Decimal("14250.50")),
    (Decimal("24000.00"), Decimal("11500.00")),
    (Decimal("6000.00"), Decimal("2750.50")),
    (Decimal("4000.00"), Decimal("1234.50")),
    (Decimal("4000.00"), Decimal("1234.50")),
)
BUDGET_TOTAL = Decimal("34000.00")
SPENT_TOTAL = Decimal("15485.00")


def logo_png() -> bytes:
    image = Image.new("RGB", (120, 60), (0, 114, 178))
    for x in range(60, 120):
        for y in range(60):
            image.putpixel((x, y), (230, 159, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def build_document(language: str = "az", *, ledger_rows: int = LEDGER_ROWS) -> Document:
    t = TEXTS[language]
    start = dt.date(2026, 1, 1)
    reach_rows = tuple(
        (name, women, Suppressed("<5") if men < 5 else men)
        for name, (women, men) in zip(t["activities"], REACH, strict=True)
    )
    budget_rows = tuple(
        (name, budget, spent, (spent / budget).quantize(Decimal("0.0001")))
        for (name, _style), (budget, spent) in zip(t["lines"], BUDGET, strict=True)
    )
    ledger = tuple(
        (
            start + dt.timedelta(days=i % 180),
            t["payees"][i % 3],
            f"{t['row_text']} {1000 + i}",
            Decimal("10.05") * i,
        )
        for i in range(1, ledger_rows + 1)
    )
    ledger_total = sum((row[3] for row in ledger), Decimal(0))
    return Document(
        title=t["title"],
        subtitle=t["subtitle"],
        organisation_name=ORGANISATION,
        language=language,
        logo=logo_png(),
        meta=(
            (t["project"], "GYE-2026-01"),
            (t["donor"], "Avropa İttifaqı / Европейский союз"),
            (t["period"], DateRange(start, dt.date(2026, 6, 30))),
            (t["reported"], dt.date(2026, 7, 15)),
            (t["grant"], Money(Decimal("34000.00"), "EUR")),
        ),
        public=True,
        small_count_note=t["small"],
        labels=Labels(
            page={"az": "Səhifə {page} / {pages}", "ru": "Страница {page} из {pages}"}[language],
            summary=t["summary"],
            name={"az": "Ad, soyad", "ru": "Ф. И. О."}[language],
            signature={"az": "İmza", "ru": "Подпись"}[language],
            date={"az": "Tarix", "ru": "Дата"}[language],
        ),
        blocks=(
            Heading(t["summary"]),
            Paragraph(t["paragraph"]),
            KeyFigures(
                (
                    KeyFigure(t["people"], 412),
                    KeyFigure(t["hours"], Decimal("1234.5"), ValueKind.DECIMAL, places=1),
                    KeyFigure(t["spent"], SPENT_TOTAL, ValueKind.MONEY, currency="EUR"),
                    KeyFigure(t["used"], Decimal("0.4554"), ValueKind.PERCENT),
                )
            ),
            Table(
                title=t["reach_title"],
                columns=(
                    TableColumn(t["activity"]),
                    TableColumn(t["women"], ValueKind.INTEGER),
                    TableColumn(t["men"], ValueKind.INTEGER),
                ),
                rows=reach_rows,
                total_row=(t["total"], 233, 160),
            ),
            BarChart(
                title=t["chart"],
                categories=tuple(AGE_BANDS),
                series=(
                    Series(t["women"], tuple(w for w, _m in AGE_BANDS.values())),
                    Series(t["men"], tuple(m for _w, m in AGE_BANDS.values())),
                ),
            ),
            Heading(t["budget_title"], level=2),
            Table(
                title=t["budget_title"],
                columns=(
                    TableColumn(t["heading"]),
                    TableColumn(t["budget"], ValueKind.MONEY, currency="EUR"),
                    TableColumn(t["spent"], ValueKind.MONEY, currency="EUR"),
                    TableColumn(t["share"], ValueKind.PERCENT),
                ),
                rows=budget_rows,
                row_styles=tuple(style for _name, style in t["lines"]),
                total_row=(t["total"], BUDGET_TOTAL, SPENT_TOTAL, Decimal("0.4554")),
                note=t["note"],
            ),
            PieChart(
                title=t["pie"],
                slices=((t["lines"][0][0], BUDGET[0][1]), (t["lines"][3][0], BUDGET[3][1])),
                value_kind=ValueKind.MONEY,
                currency="EUR",
            ),
            PageBreak(),
            Table(
                title=t["ledger_title"],
                columns=(
                    TableColumn(t["date"], ValueKind.DATE),
                    TableColumn(t["payee"]),
                    TableColumn(t["description"]),
                    TableColumn(t["amount"], ValueKind.MONEY, currency="EUR"),
                ),
                rows=ledger,
                total_row=(None, t["total"], None, ledger_total),
            ),
            SignatureBlock(t["roles"]),
        ),
    )


@pytest.fixture
def sample_document() -> Callable[..., Document]:
    return build_document
