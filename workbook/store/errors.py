"""Errors of the store layer. Each message is one clear line for a person to read."""

from __future__ import annotations


class WorkbookError(Exception):
    """The workbook file cannot be used. ``str(error)`` is a sentence for the user."""


class NotAWorkbookError(WorkbookError):
    """The file exists but is not a Reconnect workbook (or is damaged)."""


class NewerWorkbookError(WorkbookError):
    """The workbook was written by a newer version of the app."""


class WorkbookLockedError(WorkbookError):
    """Another program holds the workbook locked for longer than we wait."""


class WorkbookLocationError(WorkbookError):
    """The workbook's folder or file cannot be created or written."""
