"""The one exception tree of storyline.

    StorylineError            base; ``code`` and a message that says what to do
    ├── InputError            a file or record could not be read (the run goes on)
    ├── StoreError            the database is missing, locked or from a newer version
    └── EvaluationError       annotated data is missing or in an unexpected format

Every message starts with a stable code (``E1xx`` input, ``E2xx`` store, ``E3xx`` evaluation)
so users can search for it in ``docs/errors.md``.
"""

from __future__ import annotations


class StorylineError(Exception):
    code = "E000"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        if code is not None:
            self.code = code
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class InputError(StorylineError):
    code = "E100"


class StoreError(StorylineError):
    code = "E200"


class EvaluationError(StorylineError):
    code = "E300"
