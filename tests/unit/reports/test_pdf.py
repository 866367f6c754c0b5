"""The PDF renderer: fonts, header and footer, repeated table headers, Babel formatting, charts,
landscape tables, and files written whole or not at all."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from cso_desktop.domain.errors import EnvironmentFailure
from cso_desktop.reports.document import (
    BarChart,
    Document,
    Paragraph,
    PieChart,
    Series,
    Table,
    TableColumn,
    ValueKind,
)
from cso_desktop.reports.pdf import render_pdf

from .conftest import ORGANISATION, TEXTS

Build = Callable[..., Document]


def _pages(path: Path) -> list[str]:
    # Babel separates thousands with a no-break space in Russian; compare with plain spaces.
    return [(page.extract_text() or "").replace("\xa0", " ") for page in PdfReader(path).pages]


def _single_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_azerbaijani_pdf_reads_back(tmp_path: Path, sample_document: Build) -> None:
    path = render_pdf(sample_document("az"), tmp_path / "hesabat.pdf")

    pages = _pages(path)
    count = len(pages)
    assert count >= 3
    for number, text in enumerate(pages, start=1):
        assert ORGANISATION in text  # the header, with ə, ş, ü and İ intact
        assert f"Səhifə {number} / {count}" in text
    first = _single_line(pages[0])
    t = TEXTS["az"]
    assert t["title"] in first
    assert "1 yanvar 2026 – 30 iyun 2026" in first  # the period
    assert "15 iyul 2026" in first  # the reporting date
    assert "34.000,00 €" in first  # money on the cover
    assert "15.485,00 €" in first  # key figure
    assert "1.234,5" in first  # hours, one place
    assert "45,5%" in first
    assert "<5" in first  # the suppressed count, and the note saying why
    assert t["small"] in first
    # The chart's labels are text too, in Noto Sans.
    assert "18–29" in first
    assert "112" in first
    whole = _single_line(" ".join(pages))
    assert "202.005,00" in whole  # the ledger's total
    assert "34.000,00" in whole  # the budget's total
    assert "02.01.2026" in whole  # ledger dates, numeric
    assert t["roles"][1] in pages[-1]


def test_table_header_repeats_on_every_page(tmp_path: Path, sample_document: Build) -> None:
    path = render_pdf(sample_document("az"), tmp_path / "hesabat.pdf")

    pages = _pages(path)
    ledger_pages = [text for text in pages if "qəbz №" in text]
    assert len(ledger_pages) >= 3  # 200 rows do not fit on one page
    for text in ledger_pages:
        assert "Alan tərəf" in text
        assert "Məbləğ" in text
        assert "(EUR)" in text
    # Every row is there once.
    numbers = re.findall(r"qəbz № (\d+)", " ".join(ledger_pages))
    assert sorted(map(int, numbers)) == list(range(1001, 1201))


def test_russian_pdf_uses_russian_formats(tmp_path: Path, sample_document: Build) -> None:
    path = render_pdf(sample_document("ru"), tmp_path / "отчёт.pdf")

    pages = _pages(path)
    assert f"Страница 1 из {len(pages)}" in pages[0]
    whole = _single_line(" ".join(pages))
    assert "Отчёт донору о ходе проекта" in whole
    assert "1 января 2026 г. – 30 июня 2026 г." in whole
    assert "202 005,00" in whole
    assert "15 485,00 €" in whole
    assert "45,5 %" in whole or "45,5%" in whole


def test_locale_can_differ_from_the_texts(tmp_path: Path, sample_document: Build) -> None:
    path = render_pdf(sample_document("az"), tmp_path / "en.pdf", locale="en")

    whole = _single_line(" ".join(_pages(path)))
    assert "202,005.00" in whole
    assert "15 July 2026" in whole


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_only_embedded_noto_sans(tmp_path: Path, sample_document: Build) -> None:
    path = render_pdf(sample_document("az"), tmp_path / "hesabat.pdf")

    result = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True, timeout=60
    )
    fonts = result.stdout.splitlines()[2:]
    names = {line.split()[0].split("+")[-1] for line in fonts}
    assert names == {"NotoSans-Regular", "NotoSans-Bold"}
    for line in fonts:
        embedded = line.split()[-5]
        assert embedded == "yes", line


def test_a_wide_table_gets_a_landscape_page(tmp_path: Path) -> None:
    bands = [f"{low}–{low + 4}" for low in range(0, 80, 5)]
    columns = (
        TableColumn("Rayon"),
        *(TableColumn(f"Qadınlar {band}", ValueKind.INTEGER) for band in bands),
    )
    rows = tuple(
        (name, *(1000 + i for i in range(len(bands))))
        for name in ("Şəki", "Qəbələ", "Oğuz", "İsmayıllı")
    )
    document = Document(
        title="İştirakçılar",
        organisation_name=ORGANISATION,
        language="az",
        blocks=(
            Paragraph("Əvvəl"),
            Table(title="Yaş qrupları üzrə", columns=columns, rows=rows),
            Paragraph("Sonra"),
        ),
    )

    path = render_pdf(document, tmp_path / "wide.pdf")

    reader = PdfReader(path)
    shapes = [
        ("landscape" if page.mediabox.width > page.mediabox.height else "portrait")
        for page in reader.pages
    ]
    assert shapes == ["portrait", "landscape", "portrait"]
    wide = (reader.pages[1].extract_text() or "").replace("\xa0", " ")
    assert "Yaş qrupları üzrə" in wide
    assert "Qadınlar 75–79" in _single_line(wide)
    assert "1.015" in wide  # the last column is on the page, not cut off
    assert "Sonra" in (reader.pages[2].extract_text() or "")


def test_a_cell_longer_than_a_page_splits(tmp_path: Path) -> None:
    long_text = " ".join(["Uzun təsvir cümləsi, ödənişin əsaslandırılması."] * 400)
    document = Document(
        title="Xərclər",
        organisation_name=ORGANISATION,
        language="az",
        blocks=(
            Table(
                title="Xərclər",
                columns=(TableColumn("Təsvir"), TableColumn("Məbləğ", ValueKind.MONEY, "AZN")),
                rows=((long_text, Decimal("12.50")), ("Qısa", Decimal("1.00"))),
                total_row=("Cəmi", Decimal("13.50")),
            ),
        ),
    )

    path = render_pdf(document, tmp_path / "long.pdf")

    pages = _pages(path)
    assert len(pages) >= 2
    assert "13,50" in pages[-1]


def test_a_failed_render_leaves_no_file(tmp_path: Path, sample_document: Build) -> None:
    target = tmp_path / "hesabat.pdf"
    target.write_bytes(b"earlier report")
    # A translation that lost its placeholder fails while the last page is written.
    document = sample_document("az")
    broken = dataclasses.replace(
        document, labels=dataclasses.replace(document.labels, page="Səhifə {səhifə}")
    )

    with pytest.raises(KeyError):
        render_pdf(broken, target)

    assert target.read_bytes() == b"earlier report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hesabat.pdf"]


def test_an_unwritable_target_is_an_environment_failure(
    tmp_path: Path, sample_document: Build
) -> None:
    target = tmp_path / "a folder.pdf"
    target.mkdir()

    with pytest.raises(EnvironmentFailure) as caught:
        render_pdf(sample_document("az"), target)

    assert caught.value.path == str(target)
    assert target.is_dir()
    assert [p.name for p in tmp_path.iterdir()] == ["a folder.pdf"]


def test_an_unreadable_logo_is_left_out(
    tmp_path: Path, sample_document: Build, caplog: pytest.LogCaptureFixture
) -> None:
    document = dataclasses.replace(sample_document("az"), logo=b"not an image")

    path = render_pdf(document, tmp_path / "hesabat.pdf")

    assert ORGANISATION in _pages(path)[0]
    assert "logo" in caplog.text


def test_charts_of_every_shape(tmp_path: Path) -> None:
    activities = (
        "Peşə təlimi",
        "Hüquqi məsləhət (ödənişsiz, fərdi və qrup şəklində)",
        "Psixososial dəstək",
        "İcma görüşləri",
        "Könüllülərin ilk yardım təlimi",
        "Ev təsərrüfatlarına ərzaq yardımı",
    )
    women, men = (120, 31, 64, 18, 7, 44), (95, 12, 40, 22, 9, 30)
    document = Document(
        title="Qrafiklər",
        organisation_name=ORGANISATION,
        language="az",
        blocks=(
            # Long names: horizontal bars.
            BarChart(
                title="Fəaliyyət növü üzrə",
                categories=activities,
                series=(Series("Qadınlar", women), Series("Kişilər", men)),
            ),
            BarChart(
                title="Yığılmış",
                categories=activities,
                series=(Series("Qadınlar", women), Series("Kişilər", men)),
                stacked=True,
            ),
            BarChart(
                title="Xərclənib",
                categories=("Səyahət",),
                series=(Series("AZN", (Decimal("1234.50"),)),),
                value_kind=ValueKind.MONEY,
                currency="AZN",
            ),
            PieChart(title="Paylar", slices=(("Bir", 5), ("Sıfır", 0), ("Üç", 3))),
        ),
    )

    path = render_pdf(document, tmp_path / "charts.pdf")

    whole = _single_line(" ".join(_pages(path)))
    assert "Psixososial dəstək" in whole
    assert "Qadınlar" in whole
    assert "1.234,50 ₼" in whole  # a bar labelled with its exact amount
    assert "Bir: 5 (62,5%)" in whole
    assert "Sıfır: 0 (0,0%)" in whole
