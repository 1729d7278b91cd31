"""Commands of this stage land here."""

from __future__ import annotations
