"""Following the interface language: a Qt signal for ``i18n`` listeners, and Qt's own strings.

``i18n.set_language()`` calls plain Python listeners. :class:`LanguageNotifier` turns that into a
Qt signal and unregisters itself when its widget is gone, so a closed window is never called.
:class:`QtTranslations` keeps Qt's own translator (standard dialog buttons such as Cancel and
Yes/No) in the chosen language: Qt's ``qtbase_ru.qm`` ships with PySide6, Azerbaijani comes
from ``resources/qm/qtbase_az.qm`` because Qt has none.
"""

from __future__ import annotations

import logging
import weakref
from pathlib import Path

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QObject,
    QTranslator,
    Signal,
    Slot,
)

from cso_desktop import i18n, paths

log = logging.getLogger(__name__)


class LanguageNotifier(QObject):
    """Emits a signal whenever the interface language changes.

    Signals:
        language_changed(str): the new language code (az, ru or en).
    """

    language_changed = Signal(str)

    def __init__(self, *, parent: QObject | None = None) -> None:
        super().__init__(parent)
        ref = weakref.ref(self)

        def listener(code: str) -> None:
            notifier = ref()
            if notifier is None or not shiboken6.isValid(notifier):
                i18n.remove_language_listener(listener)
                return
            notifier.language_changed.emit(code)

        self._listener = listener
        i18n.add_language_listener(listener)
        # A plain function (not a method of self): it is still callable while the object dies.
        self.destroyed.connect(lambda *_args: i18n.remove_language_listener(listener))

    def disconnect_from_i18n(self) -> None:
        i18n.remove_language_listener(self._listener)


def qt_locale(language: str) -> QLocale:
    """The Qt locale matching the Babel locale used for ``language``."""
    return QLocale(i18n.LOCALES.get(language, i18n.LOCALES[i18n.DEFAULT_LANGUAGE]))


def azerbaijani_qm_path() -> Path:
    return paths.resources_dir() / "qm" / "qtbase_az.qm"


class QtTranslations(QObject):
    """Keeps Qt's own translator in the interface language.

    Attributes:
        loaded_language: the language whose Qt translation is installed, or ``None``.
    """

    def __init__(self, *, app: QCoreApplication, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._translator: QTranslator | None = None
        self.loaded_language: str | None = None
        self._notifier = LanguageNotifier(parent=self)
        self._notifier.language_changed.connect(self._on_notifier_language_changed)
        self.apply(i18n.current_language())

    def apply(self, language: str) -> bool:
        """Install Qt's translation for ``language``; ``False`` if there is none to install."""
        QLocale.setDefault(qt_locale(language))
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
            self.loaded_language = None
        if language == "en":
            return True
        translator = QTranslator(self)
        if language == "az":
            path = azerbaijani_qm_path()
            ok = path.exists() and translator.load(str(path))
            if not ok:
                log.info("No Azerbaijani Qt translation at %s; Qt's buttons stay in English", path)
        else:
            directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            ok = translator.load(QLocale(language), "qtbase", "_", directory)
            if not ok:
                log.info("No Qt translation for %s in %s", language, directory)
        if not ok:
            return False
        self._app.installTranslator(translator)
        self._translator = translator
        self.loaded_language = language
        return True

    def uninstall(self) -> None:
        self._notifier.disconnect_from_i18n()
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
            self.loaded_language = None

    @Slot(str)
    def _on_notifier_language_changed(self, language: str) -> None:
        self.apply(language)
