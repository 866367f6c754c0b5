"""The main window: navigation on the left, pages on the right, the File menu and a status bar."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QWidget,
)

from cso_desktop import APP_NAME, __version__, i18n, paths
from cso_desktop import settings as user_settings
from cso_desktop.db import engine as db_engine
from cso_desktop.domain.errors import CsoError, ValidationError
from cso_desktop.i18n import N_, _
from cso_desktop.services import demo, files, organisation, registers
from cso_desktop.ui import messages, ops
from cso_desktop.ui.language import LanguageNotifier
from cso_desktop.ui.pages import dashboard
from cso_desktop.ui.pages.base import OpenFile, Page
from cso_desktop.ui.pages.budget import BudgetPage
from cso_desktop.ui.pages.dashboard import DashboardPage
from cso_desktop.ui.pages.registers import RegisterPage
from cso_desktop.ui.pages.reports import ReportsPage
from cso_desktop.ui.pages.settings_page import SettingsPage
from cso_desktop.ui.style import STYLE_SHEET
from cso_desktop.ui.widgets import register_table

log = logging.getLogger(__name__)

#: Beneficiaries in the workshop organisation: enough to feel real, quick to build.
WORKSHOP_BENEFICIARIES = 500
WORKSHOP_SEED = 1
FILE_SUFFIX = ".csodb"
STATUS_TIMEOUT_MS = 8000
DEFAULT_SIZE = QSize(1280, 800)


def open_organisation_file(path: Path) -> OpenFile:
    """Open (and if needed upgrade) ``path`` and read its profile. Runs off the GUI thread."""
    database = db_engine.open_database(path)
    try:
        with database.reading() as session:
            profile = organisation.get_profile(session)
    except BaseException:
        database.close()
        raise
    return OpenFile(path=path, database=database, profile=profile)


def create_organisation_file(path: Path, *, name: str, language: str) -> OpenFile:
    """Create a new, empty organisation file and open it. Runs off the GUI thread."""
    files.build_new_file(
        path,
        lambda session: organisation.create_organisation(session, name=name, language=language),
    )
    return open_organisation_file(path)


def create_workshop_file(path: Path, *, as_of: dt.date, language: str) -> OpenFile:
    """Build the workshop organisation at ``path`` and open it. Runs off the GUI thread."""
    files.build_new_file(
        path,
        lambda session: demo.populate(
            session,
            beneficiaries=WORKSHOP_BENEFICIARIES,
            seed=WORKSHOP_SEED,
            as_of=as_of,
            language=language,
        ),
    )
    return open_organisation_file(path)


def choose_start_file(explicit: Path | None, settings: user_settings.Settings) -> tuple[Path, bool]:
    """The file to open at start, and whether to create it (empty) when it is missing.

    An explicit ``--db`` wins; then the file opened last, if it is still there; then the
    default file, created on first start so that a new user lands in a working window.
    """
    if explicit is not None:
        return explicit, False
    if settings.last_database and Path(settings.last_database).exists():
        return Path(settings.last_database), False
    return paths.default_database_path(), True


def _with_suffix(path: Path) -> Path:
    return path if path.suffix else path.with_suffix(FILE_SUFFIX)


class MainWindow(QMainWindow):
    """The window of one organisation file.

    Attributes:
        pages: the pages by key, in navigation order.
        settings: the user's settings, saved when they change (unless ``persist`` is off).

    Signals:
        open_file_changed(object): another file is shown (an ``OpenFile``), or none (``None``).
        open_failed(str): opening or creating a file failed; carries the message shown.
        busy_changed(bool): a file operation started (``True``) or ended (``False``).
    """

    open_file_changed = Signal(object)
    open_failed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(
        self,
        *,
        settings: user_settings.Settings | None = None,
        persist: bool = True,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings if settings is not None else user_settings.load()
        # The smoke test must leave the user's recent files and window size alone.
        self._persist = persist
        self._open_file: OpenFile | None = None
        self._busy = 0
        self._busy_text = ""
        self.setObjectName("mainWindow")
        self.setStyleSheet(STYLE_SHEET + register_table.STYLE + dashboard.STYLE)

        self.pages: dict[str, Page] = {}
        self._build_pages()
        self._build_actions()
        self._build_menus()
        self._build_status_bar()

        self._language = LanguageNotifier(parent=self)
        self._language.language_changed.connect(self._on_language_language_changed)
        messages.set_status_sink(self.show_status_message)
        self.retranslate()
        self.show_page("dashboard")

    # --- construction -------------------------------------------------------------------------

    def _build_pages(self) -> None:
        self.dashboard = DashboardPage()
        self.settings_page = SettingsPage()
        self.budget_page = BudgetPage()
        self.reports_page = ReportsPage(settings=self.settings)
        page_list: list[Page] = [
            self.dashboard,
            RegisterPage(
                key="members", title=N_("Members"), registers=[registers.MEMBERS], editable=True
            ),
            RegisterPage(
                key="volunteers",
                title=N_("Volunteers"),
                registers=[registers.VOLUNTEERS],
                editable=True,
            ),
            RegisterPage(
                key="beneficiaries",
                title=N_("Beneficiaries"),
                registers=[registers.BENEFICIARIES],
                editable=True,
            ),
            RegisterPage(
                key="projects",
                title=N_("Projects & activities"),
                registers=[registers.PROJECTS, registers.ACTIVITIES],
                # An organisation runs a few projects and many activities.
                stretch=(1, 2),
                editable=True,
            ),
            self.budget_page,
            self.reports_page,
            self.settings_page,
        ]
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        for page in page_list:
            self.pages[page.key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(self.navigation)
            item.setData(Qt.ItemDataRole.UserRole, page.key)
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.navigation.currentRowChanged.connect(self._on_navigation_current_row_changed)
        self.dashboard.open_requested.connect(self._on_open_action_triggered)
        self.dashboard.new_requested.connect(self._on_new_action_triggered)
        self.dashboard.workshop_requested.connect(self._on_workshop_action_triggered)
        self.dashboard.register_requested.connect(self._on_dashboard_register_requested)
        self.settings_page.language_chosen.connect(self._on_settings_page_language_chosen)
        self.settings_page.profile_changed.connect(self._on_settings_page_profile_changed)
        for page in page_list:
            if isinstance(page, RegisterPage | BudgetPage):
                page.records_changed.connect(self._on_register_page_records_changed)

    def _build_actions(self) -> None:
        self.new_action = QAction(self)
        self.new_action.setShortcut(QKeySequence("Ctrl+N"))
        self.open_action = QAction(self)
        self.open_action.setShortcut(QKeySequence("Ctrl+O"))
        self.workshop_action = QAction(self)
        self.import_action = QAction(self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.setEnabled(False)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.about_action = QAction(self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.clear_recent_action = QAction(self)
        # Ctrl+F from anywhere in the window: the action belongs to the window, not to a page.
        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        self.find_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(self.find_action)
        self.find_action.triggered.connect(self._on_find_action_triggered)
        self.new_action.triggered.connect(self._on_new_action_triggered)
        self.open_action.triggered.connect(self._on_open_action_triggered)
        self.workshop_action.triggered.connect(self._on_workshop_action_triggered)
        self.import_action.triggered.connect(self._on_import_action_triggered)
        self.quit_action.triggered.connect(self._on_quit_action_triggered)
        self.about_action.triggered.connect(self._on_about_action_triggered)
        self.clear_recent_action.triggered.connect(self._on_clear_recent_action_triggered)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(self.new_action)
        self.file_menu.addAction(self.open_action)
        self.recent_menu = QMenu(self.file_menu)
        self.recent_menu.setToolTipsVisible(True)
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.workshop_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.import_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about_action)
        self.recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)
        self._rebuild_recent_menu()

    def _build_status_bar(self) -> None:
        self.file_status = QLabel(self)
        self.file_status.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.file_status)

    # --- state --------------------------------------------------------------------------------

    @property
    def open_file(self) -> OpenFile | None:
        return self._open_file

    @property
    def busy(self) -> bool:
        return self._busy > 0

    def page(self, key: str) -> Page:
        return self.pages[key]

    def current_page(self) -> Page:
        widget = self.stack.currentWidget()
        assert isinstance(widget, Page)
        return widget

    def show_page(self, key: str) -> Page:
        """Bring a page to the front and load its content if needed."""
        row = list(self.pages).index(key)
        if self.navigation.currentRow() != row:
            self.navigation.setCurrentRow(row)  # activates it through the slot
        else:
            self.current_page().activate()
        return self.pages[key]

    def show_register(self, register_key: str, *, filters: tuple[str, ...] = ()) -> RegisterPage:
        """Bring the register's page to the front showing only ``filters`` (search cleared)."""
        page = next(
            p
            for p in self.pages.values()
            if isinstance(p, RegisterPage) and any(t.register.key == register_key for t in p.tables)
        )
        self.show_page(page.key)
        table = page.table(register_key)
        table.show_only(filters)
        table.view.setFocus(Qt.FocusReason.OtherFocusReason)
        return page

    def show_status_message(self, text: str) -> None:
        self.statusBar().showMessage(text, STATUS_TIMEOUT_MS)

    def restore_geometry(self) -> bool:
        """Size and place the window as the user left it; ``False`` if it got the default."""
        saved = self.settings.window_geometry
        if saved and self.restoreGeometry(QByteArray.fromHex(saved.encode("ascii"))):
            return True
        self.resize(DEFAULT_SIZE)
        return False

    # --- opening files ------------------------------------------------------------------------

    def open_at_start(self, explicit: Path | None) -> None:
        """Open the file named on the command line, else the last one, else the default one."""
        target, create = choose_start_file(explicit, self.settings)
        if create and not target.exists():
            self.create_file(target, name=_("My organisation"))
        else:
            self.open_path(target)

    def open_path(self, path: Path) -> None:
        """Open an existing organisation file (off the GUI thread)."""
        path = Path(path)
        self._run_file_op(
            lambda: open_organisation_file(path),
            _("Opening {file}…").format(file=path.name),
        )

    def create_file(self, path: Path, *, name: str) -> None:
        """Create a new, empty organisation file and open it (off the GUI thread)."""
        language = i18n.current_language()
        self._run_file_op(
            lambda: create_organisation_file(path, name=name, language=language),
            _("Creating {file}…").format(file=path.name),
        )

    def open_workshop(self) -> None:
        """Open the workshop organisation, building it first if this computer has none."""
        path = paths.workshop_database_path()
        if path.exists():
            self.open_path(path)
            return
        language = i18n.current_language()
        as_of = dt.date.today()
        self._run_file_op(
            lambda: create_workshop_file(path, as_of=as_of, language=language),
            _("Creating the workshop organisation… This takes a few seconds."),
        )

    def close_file(self) -> None:
        """Show no file (the database is closed)."""
        self._set_open_file(None)

    def _run_file_op(self, work: Callable[[], OpenFile], busy_text: str) -> None:
        if self.busy:
            # One file at a time: a second click while a file opens would race the first.
            self.show_status_message(_("Please wait: another file is still being opened."))
            return
        self._begin_busy(busy_text)
        ops.Op(
            op=work,
            success=self._on_file_op_success,
            failure=self._on_file_op_failure,
            finished=self._end_busy,
            parent=self,
        ).run_in_background()

    def _on_file_op_success(self, open_file: OpenFile) -> None:
        self._set_open_file(open_file)
        if open_file.path is not None and self._persist:
            self.settings.add_recent(str(open_file.path))
            self._save_settings()
        backup = open_file.database.backup_path
        if backup is not None:
            messages.show_information(
                self,
                _(
                    "This file was made by an earlier version of CSO Desktop and has been "
                    "updated. A copy of it as it was is kept at:\n{path}"
                ).format(path=backup),
            )
        self.show_status_message(_("Opened {file}.").format(file=self._file_label(open_file)))

    def _on_file_op_failure(self, exc: Exception) -> None:
        if isinstance(exc, CsoError):
            log.warning("Opening or creating a file failed: %s", exc.log_message)
            text = exc.user_message
            messages.show_warning(self, text)
            self.open_failed.emit(text)
            return
        self.open_failed.emit(_("The file could not be opened."))
        sys.excepthook(type(exc), exc, exc.__traceback__)

    def _set_open_file(self, open_file: OpenFile | None) -> None:
        previous = self._open_file
        self._open_file = open_file
        for page in self.pages.values():
            page.set_open_file(open_file)
        self.current_page().activate()
        self._update_title()
        self._update_file_status()
        self.import_action.setEnabled(open_file is not None and not self.busy)
        if previous is not None and (
            open_file is None or previous.database is not open_file.database
        ):
            previous.database.close()
        self.open_file_changed.emit(open_file)

    def _begin_busy(self, text: str) -> None:
        self._busy += 1
        self._busy_text = text
        if self._busy == 1:
            for action in (
                self.new_action,
                self.open_action,
                self.workshop_action,
                self.import_action,
            ):
                action.setEnabled(False)
            self.recent_menu.setEnabled(False)
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self.busy_changed.emit(True)
        self.statusBar().showMessage(text)

    def _end_busy(self) -> None:
        self._busy = max(0, self._busy - 1)
        if self._busy == 0:
            for action in (self.new_action, self.open_action, self.workshop_action):
                action.setEnabled(True)
            self.import_action.setEnabled(self._open_file is not None)
            self.recent_menu.setEnabled(True)
            QApplication.restoreOverrideCursor()
            if self.statusBar().currentMessage() == self._busy_text:
                self.statusBar().clearMessage()
            self.busy_changed.emit(False)

    # --- questions (small methods so that tests can answer them) ------------------------------

    def _file_filters(self) -> str:
        return ";;".join((_("CSO Desktop organisation files (*.csodb)"), _("All files (*)")))

    def _start_folder(self) -> str:
        if self._open_file is not None and self._open_file.path is not None:
            return str(self._open_file.path.parent)
        return str(paths.data_dir())

    def ask_open_path(self) -> Path | None:
        """Ask which organisation file to open; ``None`` if the user cancelled."""
        chosen, _selected_filter = QFileDialog.getOpenFileName(
            self, _("Open an organisation file"), self._start_folder(), self._file_filters()
        )
        return Path(chosen) if chosen else None

    def ask_new_file_path(self) -> Path | None:
        """Ask where to create a new organisation file; ``None`` if the user cancelled."""
        start = str(Path(self._start_folder()) / f"organisation{FILE_SUFFIX}")
        chosen, _selected_filter = QFileDialog.getSaveFileName(
            self,
            _("New organisation file"),
            start,
            self._file_filters(),
            # Existing files are never overwritten; the refusal explains that itself.
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        return _with_suffix(Path(chosen)) if chosen else None

    def ask_organisation_name(self) -> str | None:
        """Ask for the new organisation's name; ``None`` if the user cancelled."""
        name, accepted = QInputDialog.getText(
            self,
            _("New organisation file"),
            _("The organisation's full name:"),
            QLineEdit.EchoMode.Normal,
            "",
        )
        return name if accepted else None

    # --- display ------------------------------------------------------------------------------

    def _file_label(self, open_file: OpenFile) -> str:
        return open_file.path.name if open_file.path else open_file.database.display_name

    def _update_title(self) -> None:
        if self._open_file is None:
            self.setWindowTitle(APP_NAME)
            return
        self.setWindowTitle(
            _("{organisation} — {file} — CSO Desktop").format(
                organisation=self._open_file.profile.name, file=self._file_label(self._open_file)
            )
        )

    def _update_file_status(self) -> None:
        if self._open_file is None:
            self.file_status.setText(_("No organisation file is open."))
        else:
            where = self._open_file.path or self._open_file.database.display_name
            self.file_status.setText(str(where))

    def retranslate(self) -> None:
        """Every label in the language just chosen; nothing typed or loaded is lost."""
        self.file_menu.setTitle(_("&File"))
        self.help_menu.setTitle(_("&Help"))
        self.new_action.setText(_("&New organisation file…"))
        self.new_action.setStatusTip(
            _("Create an empty organisation file for your own organisation")
        )
        self.open_action.setText(_("&Open…"))
        self.open_action.setStatusTip(_("Open an organisation file"))
        self.recent_menu.setTitle(_("Open &recent"))
        self.workshop_action.setText(_("Open the &workshop organisation"))
        self.workshop_action.setStatusTip(
            _("A practice organisation with invented people, projects and a budget, for training")
        )
        self.import_action.setText(_("&Import…"))
        self.import_action.setStatusTip(
            _("Bring a list in from a CSV or Excel file (KoboToolbox exports too)")
        )
        self.quit_action.setText(_("&Quit"))
        self.about_action.setText(_("&About CSO Desktop"))
        self.clear_recent_action.setText(_("&Clear the list"))
        self.find_action.setText(_("Search"))
        for row, page in enumerate(self.pages.values()):
            item = self.navigation.item(row)
            item.setText(page.title())
            page.retranslate()
        self._fit_navigation()
        self._rebuild_recent_menu()
        self._update_title()
        self._update_file_status()

    def _fit_navigation(self) -> None:
        metrics = self.navigation.fontMetrics()
        widest = max(
            metrics.horizontalAdvance(self.navigation.item(row).text())
            for row in range(self.navigation.count())
        )
        # Item padding (14 px each side) and the frame, plus room for a bold or larger font.
        self.navigation.setFixedWidth(max(180, widest + 28 + 24))

    def _rebuild_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        recent = self.settings.recent_databases
        if not recent:
            empty = menu.addAction(_("No recent files"))
            empty.setEnabled(False)
            return
        for number, name in enumerate(recent, start=1):
            path = Path(name)
            exists = path.exists()
            text = str(path) if exists else _("{path} (no longer there)").format(path=path)
            # Numbers 1-9 give keyboard users a quick way in; "&" in a path must stay literal.
            label = text.replace("&", "&&")
            action = menu.addAction(f"&{number} {label}" if number < 10 else label)
            action.setEnabled(exists)
            action.setData(str(path))
            if not exists:
                action.setToolTip(_("This file was moved or deleted."))
            action.triggered.connect(self._on_recent_action_triggered)
        menu.addSeparator()
        menu.addAction(self.clear_recent_action)

    def _save_settings(self) -> None:
        if not self._persist:
            return
        try:
            user_settings.save(self.settings)
        except OSError:
            log.exception("Could not save the settings")
            self.show_status_message(_("Your settings could not be saved; check the disk."))

    # --- events and slots ---------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.window_geometry = bytes(self.saveGeometry().toHex().data()).decode("ascii")
        self._save_settings()
        messages.set_status_sink(None)
        # An export of a big register takes a while: stop it rather than wait for it at exit.
        for page in self.pages.values():
            if isinstance(page, RegisterPage):
                for table in page.tables:
                    table.cancel_export()
        self._language.disconnect_from_i18n()
        if self._open_file is not None:
            self._open_file.database.close()
        super().closeEvent(event)

    @Slot(int)
    def _on_navigation_current_row_changed(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        self.current_page().activate()

    @Slot()
    def _on_find_action_triggered(self) -> None:
        page = self.current_page()
        if isinstance(page, RegisterPage):
            page.focus_search()

    @Slot(str, str)
    def _on_dashboard_register_requested(self, register_key: str, filter_key: str) -> None:
        self.show_register(register_key, filters=(filter_key,))

    @Slot(str)
    def _on_register_page_records_changed(self, register_key: str) -> None:
        # The counts, alerts and figures on the dashboard are out of date.
        self.dashboard.invalidate()
        if register_key == "projects":
            # A new or changed project: the project lists of the budget and reports pages.
            self.budget_page.invalidate()
            self.reports_page.invalidate()

    def import_list(self, kind: str | None = None) -> None:
        """Run the import wizard on the open file; the register imported into refreshes."""
        if self._open_file is None or self.busy:
            return
        # Imported here: the wizard and the importer load only when someone imports.
        from cso_desktop.ui.dialogs.import_wizard import REGISTER_OF_KIND, open_import_wizard

        if kind is None:
            page = self.current_page()
            kind = page.key if page.key in ("members", "volunteers", "beneficiaries") else None
        summary = open_import_wizard(self._open_file.database, kind=kind, parent=self)
        if summary is not None:
            self.refresh_register(REGISTER_OF_KIND[summary.kind])

    def refresh_register(self, register_key: str) -> None:
        """Rows of ``register_key`` were added or changed outside its page (an import)."""
        for page in self.pages.values():
            if isinstance(page, RegisterPage):
                for table in page.tables:
                    if table.register.key == register_key:
                        table.model.refresh()
        self.budget_page.invalidate()
        self.reports_page.invalidate()
        self._on_register_page_records_changed(register_key)

    @Slot()
    def _on_import_action_triggered(self) -> None:
        self.import_list()

    @Slot(str)
    def _on_language_language_changed(self, _code: str) -> None:
        self.retranslate()

    @Slot(object)
    def _on_settings_page_profile_changed(self, open_file: OpenFile) -> None:
        # The same database with a new profile: the title, the dashboard and every page follow.
        self._set_open_file(open_file)

    @Slot(str)
    def _on_settings_page_language_chosen(self, code: str) -> None:
        i18n.set_language(code)
        self.settings.language = code
        self._save_settings()

    @Slot()
    def _on_new_action_triggered(self) -> None:
        path = self.ask_new_file_path()
        if path is None:
            return
        name = self.ask_organisation_name()
        if name is None:
            return
        try:
            name = organisation.validate_name(name)
        except ValidationError as exc:
            messages.show_warning(self, exc.user_message)
            return
        self.create_file(path, name=name)

    @Slot()
    def _on_open_action_triggered(self) -> None:
        path = self.ask_open_path()
        if path is not None:
            self.open_path(path)

    @Slot()
    def _on_workshop_action_triggered(self) -> None:
        self.open_workshop()

    @Slot()
    def _on_recent_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction) and action.data():
            self.open_path(Path(str(action.data())))

    @Slot()
    def _on_recent_menu_about_to_show(self) -> None:
        self._rebuild_recent_menu()

    @Slot()
    def _on_clear_recent_action_triggered(self) -> None:
        self.settings.recent_databases = []
        self._save_settings()
        self._rebuild_recent_menu()

    @Slot()
    def _on_quit_action_triggered(self) -> None:
        self.close()

    @Slot()
    def _on_about_action_triggered(self) -> None:
        messages.show_about(
            self,
            _(
                "CSO Desktop {version}\n\n"
                "Members, volunteers, beneficiaries, activities and budget of a civil-society "
                "organisation, with reports for donors. It works without internet; your data "
                "stays in one file on this computer.\n\n"
                "Licence: GNU GPL, version 3 or later. Font: Noto Sans (SIL Open Font Licence)."
            ).format(version=__version__),
            title=_("About CSO Desktop"),
        )
