"""The error hierarchy.

Every error the user may see derives from :class:`CsoError`. Its ``user_message`` is already
translated into the current language and says what to do next; ``str(error)`` stays in English
for the log. The environment failing (a locked or read-only file, a full disk) is kept apart from
a problem with the data file itself and from our own bugs, as qutebrowser's ``KnownError`` and
``BugError`` do.
"""

from __future__ import annotations

from cso_desktop.i18n import _


class CsoError(Exception):
    """Root of every expected failure.

    Attributes:
        log_message: English text for the log.
    """

    def __init__(self, log_message: str) -> None:
        super().__init__(log_message)
        self.log_message = log_message

    @property
    def user_message(self) -> str:
        """Translated, one-line text for the user."""
        return _("Something went wrong: {detail}").format(detail=self.log_message)


class DatabaseFileError(CsoError):
    """A data file that cannot be opened as an organisation file. The file is left untouched."""

    def __init__(self, log_message: str, *, path: str) -> None:
        super().__init__(log_message)
        self.path = path


class NotADatabaseError(DatabaseFileError):
    @property
    def user_message(self) -> str:
        return _(
            "“{path}” is not a CSO Desktop data file. The file was not changed. "
            "Choose another file, or create a new organisation file."
        ).format(path=self.path)


class EmptyFileError(DatabaseFileError):
    @property
    def user_message(self) -> str:
        return _(
            "“{path}” is empty, so it holds no organisation data. The file was not changed. "
            "Choose another file or restore a backup."
        ).format(path=self.path)


class CorruptDatabaseError(DatabaseFileError):
    @property
    def user_message(self) -> str:
        return _(
            "“{path}” is damaged (it may have been cut short by a copy or a power cut). "
            "The file was not changed. Restore the latest backup, or ask for help."
        ).format(path=self.path)


class ForeignDatabaseError(DatabaseFileError):
    """A valid SQLite file that another program wrote."""

    @property
    def user_message(self) -> str:
        return _(
            "“{path}” is a database of another program, not a CSO Desktop organisation file. "
            "The file was not changed."
        ).format(path=self.path)


class NewerSchemaError(DatabaseFileError):
    """The file was written by a newer version of the app."""

    @property
    def user_message(self) -> str:
        return _(
            "“{path}” was saved by a newer version of CSO Desktop. The file was not changed. "
            "Install the latest version of the app to open it."
        ).format(path=self.path)


class DatabaseMissingError(DatabaseFileError):
    @property
    def user_message(self) -> str:
        return _("“{path}” does not exist. Check the name and the folder.").format(path=self.path)


class FileExistsRefusedError(DatabaseFileError):
    @property
    def user_message(self) -> str:
        return _("“{path}” already exists and was not overwritten. Choose a new file name.").format(
            path=self.path
        )


class EnvironmentFailure(CsoError):
    """The computer refused: a locked, read-only or missing folder, a full disk."""

    def __init__(self, log_message: str, *, path: str = "") -> None:
        super().__init__(log_message)
        self.path = path

    @property
    def user_message(self) -> str:
        return _(
            "The computer could not write “{path}” ({detail}). Check that the disk is not full, "
            "that the folder is writable and that no other program holds the file, then try again."
        ).format(path=self.path, detail=self.log_message)


class DatabaseBusyError(EnvironmentFailure):
    @property
    def user_message(self) -> str:
        return _(
            "“{path}” is busy: another window or program is writing to it. "
            "Wait a moment and try again."
        ).format(path=self.path)


class ValidationError(CsoError):
    """Input that breaks a rule. ``field`` names the input it belongs to, if any."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self._message = message

    @property
    def user_message(self) -> str:
        # The message is built translated by the rule that raised it.
        return self._message


class NotFoundError(CsoError):
    @property
    def user_message(self) -> str:
        return _("The record was not found; it may have been deleted in another window.")
