"""Import templates: one Excel workbook per kind, filled in by hand and imported back.

The first sheet is the one the importer reads. Its header row holds the **canonical column
names** (``first_name``, ``date_of_birth`` …), not titles in the language chosen. A filled
template therefore imports with no mapping at all, whoever opens it and whatever language their
app speaks: a template downloaded in Azerbaijani by one caseworker and filled in on a Russian
Excel by another still matches column for column, and a spelling change in a translation never
breaks the templates already out in the field. What a column means is given in the user's
language beside it: a comment on each header cell (its title, whether it is required, what it
holds) and the "Instructions" sheet, one row per column.

Coded columns (sex, displacement status, Washington Group answers, rayons, statuses, services,
currencies …) get a drop-down list of the values the importer accepts, in the chosen language.
Short lists are written into the validation itself; long ones (rayons) sit on a hidden "lists"
sheet and are referred to by a defined name, as Excel requires for lists over 255 characters.
Date columns are formatted as dates; phone, FİN and code columns as text, so Excel keeps a
leading zero or ``+`` as typed.

The workbook is written whole or not at all (:func:`cso_desktop.reports.files.atomic_write`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from cso_desktop.domain import people, places, vocab
from cso_desktop.domain.errors import ValidationError
from cso_desktop.i18n import N_, _, current_language, using_language
from cso_desktop.reports.files import atomic_write
from cso_desktop.services.budget import COMMON_CURRENCIES
from cso_desktop.services.export import DATE_FORMATS
from cso_desktop.services.importing.schema import KIND_TITLES, Field, FieldType, ImportKind, fields

#: Sheet names. The data sheet is first, so the importer reads it without being told.
LISTS_SHEET = "lists"
#: Excel's last row: validations and formats cover the whole column.
LAST_ROW = 1_048_576
#: Lists longer than this go to the "lists" sheet. Excel refuses a file whose inline list is over
#: 255 characters; staying well under it keeps translated labels safe too.
_INLINE_LIMIT = 100
TEXT_FORMAT = "@"
_REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_AUTHOR = "CSO Desktop"


#: What a value of each type may look like, for the instructions (untranslated).
ACCEPTED: dict[FieldType, str] = {
    FieldType.TEXT: "",
    FieldType.DATE: N_("a date: 31.12.2024, 2024-12-31, or a date cell of Excel"),
    FieldType.INTEGER: N_("a whole number"),
    FieldType.DECIMAL: N_("a number, with a decimal comma or point (2,5 or 2.5)"),
    FieldType.MONEY: N_("an amount, with a decimal comma or point (1250,50 or 1250.50)"),
    FieldType.SEX: N_(
        "female or male in Azerbaijani, Russian or English (qadın, kişi, Ж, М, f, m)"
    ),
    FieldType.YES_NO: N_("yes or no (bəli, xeyr, да, нет)"),
    FieldType.WG: N_(
        "1 = no difficulty, 2 = some difficulty, 3 = a lot of difficulty, 4 = cannot do at all"
    ),
    FieldType.CODE: N_("one of the values in the drop-down list, or its code"),
    FieldType.RAYON: N_(
        "the rayon or city in Azerbaijani, Russian or English (Bakı, Баку, Baku) or its "
        "ISO code (AZ-BA)"
    ),
    FieldType.PHONE: N_("an Azerbaijani number: 050 123 45 67, (012) 345 67 89, +994 50 123 45 67"),
    FieldType.NATIONAL_ID: N_("the FİN: 7 letters and digits, e.g. 5ABCD12"),
    FieldType.CURRENCY: N_("a currency code (ISO 4217): AZN, EUR, USD …"),
}


def write_template(kind: ImportKind | str, path: Path | str, *, language: str) -> Path:
    """Write the import template of ``kind`` to ``path`` (.xlsx), whole or not at all.

    Args:
        kind: what the template is for.
        path: the workbook to write; an existing file is replaced only once the new one is
            complete.
        language: the language of the titles, instructions and drop-down values.

    Returns:
        The path written.

    Raises:
        ValidationError: the file name does not end in ``.xlsx``.
        EnvironmentFailure: the folder is missing or read-only, or the disk is full.
    """
    kind = ImportKind(kind)
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValidationError(
            _("A template is an Excel workbook: choose a file name ending in .xlsx."),
            field="out",
        )
    with using_language(language) as code:
        workbook = _build(kind, code)
    with atomic_write(path) as handle:
        workbook.save(handle)
    return path


def template_file_name(kind: ImportKind | str, *, language: str) -> str:
    """A file name to offer when saving the template, e.g. ``beneficiaries-template-az.xlsx``."""
    return f"{ImportKind(kind).value}-template-{language}.xlsx"


# --- values -----------------------------------------------------------------------------------


def choices(item: Field) -> tuple[str, ...]:
    """The drop-down values of a coded column in the current language (empty: free text).

    Every value is one the importer reads back: translated labels of codes, rayon names,
    Washington Group answers as their number.
    """
    if item.type is FieldType.SEX:
        return tuple(vocab.label(sex) for sex in (vocab.Sex.FEMALE, vocab.Sex.MALE))
    if item.type is FieldType.WG:
        return tuple(str(answer.value) for answer in vocab.WgAnswer)
    if item.type is FieldType.YES_NO:
        return (_("Yes"), _("No"))
    if item.type is FieldType.RAYON:
        return rayon_choices()
    if item.type is FieldType.CURRENCY:
        return COMMON_CURRENCIES
    if item.type is FieldType.CODE and item.vocabulary is not None:
        return tuple(vocab.label(member) for member in item.vocabulary)
    return ()


def rayon_choices() -> tuple[str, ...]:
    """Every rayon and city once, by name, in Azerbaijani alphabetical order.

    A city that shares its name with its rayon (Şəki, Lənkəran, Yevlax…) is written with
    "şəhəri", as people write it and as the importer reads it; the plain name is the rayon.
    """
    rayons = places.rayons()
    counts = Counter(place.name() for place in rayons)
    names = []
    for place in rayons:
        name = place.name()
        if counts[name] > 1 and "(city)" in place.name_en:
            name = place.name_en if current_language() == "en" else f"{name} şəhəri"
        names.append(name)
    return tuple(sorted(names, key=lambda name: people.sort_key([name])))


def accepted_forms(item: Field) -> str:
    """What the importer accepts in a column, in the current language."""
    text = _(ACCEPTED[item.type]) if ACCEPTED[item.type] else ""
    if item.type is FieldType.CODE and item.vocabulary is not None:
        listed = ", ".join(f"{vocab.label(member)} ({member.value})" for member in item.vocabulary)
        text = _("one of: {values}").format(values=listed)
    return text


# --- the workbook -----------------------------------------------------------------------------


def _build(kind: ImportKind, language: str) -> Workbook:
    workbook = Workbook()
    workbook.properties.creator = _AUTHOR
    data = workbook.active
    assert data is not None  # a new workbook always has its first sheet
    data.title = _sheet_title(_(KIND_TITLES[kind]))
    columns = fields(kind)
    instructions = workbook.create_sheet(_sheet_title(_("Instructions")))
    lists = workbook.create_sheet(LISTS_SHEET)
    _fill_data_sheet(workbook, data, lists, columns, language)
    _fill_instructions(instructions, kind, columns)
    lists.sheet_state = "hidden"
    workbook.active = 0
    return workbook


def _sheet_title(text: str) -> str:
    for forbidden in "[]:*?/\\":
        text = text.replace(forbidden, " ")
    return text.strip(" '")[:31] or "Sheet1"


def _fill_data_sheet(
    workbook: Workbook,
    data: Worksheet,
    lists: Worksheet,
    columns: Sequence[Field],
    language: str,
) -> None:
    bold = Font(bold=True)
    list_column = 0
    for position, item in enumerate(columns, start=1):
        letter = get_column_letter(position)
        cell = data.cell(row=1, column=position, value=item.key)
        cell.font = bold
        cell.fill = _REQUIRED_FILL if item.required else _HEADER_FILL
        cell.comment = _header_comment(item)
        dimension = data.column_dimensions[letter]
        dimension.width = max(12, min(40, len(item.key) + 4))
        if item.type is FieldType.DATE:
            dimension.number_format = DATE_FORMATS.get(language, "yyyy-mm-dd")
            dimension.width = max(dimension.width, 13)
        elif item.type in (FieldType.PHONE, FieldType.NATIONAL_ID, FieldType.TEXT):
            dimension.number_format = TEXT_FORMAT
        values = choices(item)
        if not values:
            continue
        cells = f"{letter}2:{letter}{LAST_ROW}"
        inline = ",".join(values)
        if len(inline) <= _INLINE_LIMIT and not any(("," in v or '"' in v) for v in values):
            formula = f'"{inline}"'
        else:
            list_column += 1
            formula = _named_list(workbook, lists, list_column, item.key, values)
        validation = DataValidation(
            type="list",
            formula1=formula,
            allow_blank=True,
            showDropDown=False,  # sic: False shows the in-cell arrow (an inverted OOXML flag)
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle=_(item.title)[:32],
            error=_("Choose a value from the list, or leave the cell empty.")[:255],
            showInputMessage=True,
            promptTitle=_(item.title)[:32],
            prompt=accepted_forms(item)[:255],
        )
        validation.add(cells)
        data.add_data_validation(validation)
    data.freeze_panes = "A2"


def _named_list(
    workbook: Workbook, lists: Worksheet, column: int, key: str, values: Sequence[str]
) -> str:
    letter = get_column_letter(column)
    lists.cell(row=1, column=column, value=key).font = Font(bold=True)
    for row, value in enumerate(values, start=2):
        lists.cell(row=row, column=column, value=value).data_type = "s"
    name = f"list_{key}"
    reference = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
    workbook.defined_names[name] = DefinedName(name, attr_text=reference)
    return name


def _header_comment(item: Field) -> Comment:
    lines = [_(item.title)]
    lines.append(_("Required") if item.required else _("Optional"))
    if item.help:
        lines.append(_(item.help))
    if accepted_forms(item):
        lines.append(accepted_forms(item))
    comment = Comment("\n".join(lines), _AUTHOR)
    comment.width = 320
    comment.height = 160
    return comment


def _fill_instructions(sheet: Worksheet, kind: ImportKind, columns: Sequence[Field]) -> None:
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet["A1"] = _("How to fill in this template")
    sheet["A1"].font = Font(bold=True, size=13)
    notes = (
        _(
            "Type one row per record on the first sheet, “{sheet}”, under its header row. Keep "
            "the header row as it is: the column names tell the app what each column holds, so "
            "the file imports without any mapping."
        ).format(sheet=_sheet_title(_(KIND_TITLES[kind]))),
        _(
            "Columns marked “Required” must be filled in on every row. Leave a cell empty when "
            "the value is not known. Columns you do not need can be left empty or deleted."
        ),
        _(
            "The app checks the whole file before it writes anything and lists every problem "
            "with its row and column. A file with problems is imported only if you choose to "
            "import the valid rows alone."
        ),
    )
    row = 2
    for note in notes:
        sheet.cell(row=row, column=1, value=note).alignment = wrap
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        sheet.row_dimensions[row].height = 45
        row += 1
    row += 1
    headings = (_("Column"), _("Title"), _("Required"), _("What it holds"), _("Accepted values"))
    for position, heading in enumerate(headings, start=1):
        cell = sheet.cell(row=row, column=position, value=heading)
        cell.font = bold
        cell.fill = _HEADER_FILL
    header_row = row
    for item in columns:
        row += 1
        values = (
            item.key,
            _(item.title),
            _("Yes") if item.required else _("No"),
            _(item.help) if item.help else "",
            accepted_forms(item),
        )
        for position, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=position, value=value)
            cell.alignment = wrap
            cell.data_type = "s"
            if item.required and position == 1:
                cell.fill = _REQUIRED_FILL
    for letter, width in zip("ABCDE", (24, 28, 12, 50, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)


# --- documentation ----------------------------------------------------------------------------


def columns_markdown() -> str:
    """The README section listing every import kind's canonical columns (English)."""
    parts = []
    with using_language("en"):
        for kind in ImportKind:
            parts.append(f"#### `{kind.value}` — {KIND_TITLES[kind]}\n")
            parts.append("| column | required | what it holds | accepted values |")
            parts.append("|---|---|---|---|")
            for item in fields(kind):
                holds = f"{item.title}. {item.help}" if item.help else item.title
                parts.append(
                    f"| `{item.key}` | {'yes' if item.required else ''} | {holds} | "
                    f"{accepted_forms(item)} |"
                )
            parts.append("")
    return "\n".join(parts)
