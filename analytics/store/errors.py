"""The one error the workspace raises, worded for the person using the app."""

from __future__ import annotations


class WorkspaceError(RuntimeError):
    """A workspace problem worded for the person using the app.

    `kind` is one of "locked", "permission", "corrupt", "other"; the app offers to move a
    corrupt file aside and restore the sample."""

    def __init__(self, message: str, kind: str = "other"):
        super().__init__(message)
        self.kind = kind
