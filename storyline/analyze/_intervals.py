"""Interval lookups in logarithmic time, for analyzers that ask "is this offset inside one of
these spans?" once per token: a linear scan there is quadratic on a long article."""

from __future__ import annotations

import bisect
from collections.abc import Iterable


class Intervals:
    """Half-open ``[start, end)`` spans; overlapping and nested spans are allowed."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.ends = [e for _, e in ordered]
        self.reach: list[int] = []  # the furthest end among spans[0..i]
        furthest = -1
        for end in self.ends:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def _candidates(self, before: int, after: int) -> Iterable[int]:
        """Indices of spans starting before ``before`` whose end may pass ``after``."""
        j = bisect.bisect_left(self.starts, before) - 1
        while j >= 0 and self.reach[j] > after:
            yield j
            j -= 1

    def covers(self, char: int) -> bool:
        return any(self.ends[j] > char for j in self._candidates(char + 1, char))

    def overlap(self, start: int, end: int) -> int:
        """Summed overlap of the spans with ``[start, end)``."""
        return sum(
            max(0, min(end, self.ends[j]) - max(start, self.starts[j])) for j in self._candidates(end, start)
        )
