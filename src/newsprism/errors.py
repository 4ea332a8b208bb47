"""The newsprism exception tree.

Every error a user can cause is a :class:`NewsprismError` with a short machine ``code``
(used as the disposition reason, e.g. ``skipped:empty``) and a message that says what to
do. The CLI turns these into one line on stderr; only the per-item boundary catches
anything broader.
"""

from __future__ import annotations

__all__ = [
    "NewsprismError",
    "UsageError",
    "InputError",
    "EmptyInput",
    "BinaryInput",
    "TooLarge",
    "DecodeError",
    "ExtractError",
    "FetchError",
    "BlockedURL",
    "RobotsDisallowed",
    "FeedError",
    "StoreError",
    "NotFound",
]


class NewsprismError(Exception):
    """Base class. ``code`` is a short stable identifier; ``status`` the disposition kind."""

    code = "error"
    status = "failed"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def reason(self) -> str:
        return f"{self.status}:{self.code}" if self.status == "skipped" else self.code

    def __str__(self) -> str:  # one line, always
        return " ".join(str(self.args[0]).split()) if self.args else self.code


class UsageError(NewsprismError):
    code = "usage"


class InputError(NewsprismError):
    code = "bad-input"


class EmptyInput(InputError):
    code = "empty"
    status = "skipped"


class BinaryInput(InputError):
    code = "binary"
    status = "skipped"


class TooLarge(InputError):
    code = "too-large"
    status = "skipped"


class DecodeError(InputError):
    code = "bad-encoding"


class ExtractError(InputError):
    code = "no-text"
    status = "skipped"


class FetchError(NewsprismError):
    code = "fetch"


class BlockedURL(FetchError):
    code = "blocked-address"
    status = "skipped"


class RobotsDisallowed(FetchError):
    code = "robots"
    status = "skipped"


class FeedError(InputError):
    code = "bad-feed"


class StoreError(NewsprismError):
    code = "store"


class NotFound(NewsprismError):
    code = "not-found"
