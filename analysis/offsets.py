"""Offset maps: trace a span in a derived text back to the text it came from.

Every transformation of an article (Unicode normalization, whitespace
collapsing, removal of page furniture) is recorded as an :class:`OffsetMap`,
so evidence found in the clean text can be highlighted in the original.

A map is a sorted list of *pieces*. Piece ``k`` says that the derived text
from ``derived_starts[k]`` up to the next piece came from
``source[source_starts[k]:source_ends[k]]``. When a piece is as long as its
source, characters map one to one; otherwise (``"…"`` became ``"..."``, a run
of spaces became one space) the piece maps to its source as a whole.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass


@dataclass(frozen=True)
class OffsetMap:
    """Map from offsets in a derived text to offsets in its source text.

    Attributes
    ----------
    derived_starts, source_starts, source_ends : tuple of int
        One entry per piece, sorted by ``derived_starts``.
    derived_length : int
        Length of the derived text, which ends the last piece.
    """

    derived_starts: tuple[int, ...]
    source_starts: tuple[int, ...]
    source_ends: tuple[int, ...]
    derived_length: int

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """The map of a text to itself."""
        if length == 0:
            return cls((), (), (), 0)
        return cls((0,), (0,), (length,), length)

    def _piece_end(self, k: int) -> int:
        if k + 1 < len(self.derived_starts):
            return self.derived_starts[k + 1]
        return self.derived_length

    def _source_of(self, offset: int, *, is_end: bool) -> int:
        # An end offset belongs to the piece holding its last character.
        probe = offset - 1 if is_end else offset
        k = bisect.bisect_right(self.derived_starts, probe) - 1
        if k < 0:
            return self.source_starts[0] if self.source_starts else 0
        start, end = self.derived_starts[k], self._piece_end(k)
        source_start, source_end = self.source_starts[k], self.source_ends[k]
        if end - start == source_end - source_start:
            return source_start + (offset - start)
        return source_end if is_end else source_start

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map the derived span ``[start, end)`` to a span of the source text.

        Raises
        ------
        ValueError
            If the span is not inside the derived text.
        """
        if not 0 <= start <= end <= self.derived_length:
            raise ValueError(
                f"span ({start}, {end}) is outside the text of length {self.derived_length}"
            )
        if not self.derived_starts:
            return (0, 0)
        source_start = self._source_of(start, is_end=False)
        if end == start:
            return (source_start, source_start)
        return (source_start, max(source_start, self._source_of(end, is_end=True)))

    def then(self, later: OffsetMap) -> OffsetMap:
        """Compose: ``later`` maps a text derived from this map's derived text.

        The result maps ``later``'s derived text straight to this map's source.
        """
        builder = OffsetMapBuilder()
        for k, later_start in enumerate(later.derived_starts):
            later_end = later._piece_end(k)
            mid_start, mid_end = later.source_starts[k], later.source_ends[k]
            if later_end - later_start != mid_end - mid_start:
                source = self.to_source(mid_start, mid_end)
                builder.add(later_end - later_start, *source)
                continue
            # One-to-one piece: split it where this map's pieces split.
            position = mid_start
            while position < mid_end:
                j = bisect.bisect_right(self.derived_starts, position) - 1
                j_end = self._piece_end(j)
                chunk_end = min(mid_end, j_end)
                j_one_to_one = (j_end - self.derived_starts[j]
                                == self.source_ends[j] - self.source_starts[j])
                if j_one_to_one:
                    builder.add(chunk_end - position, *self.to_source(position, chunk_end))
                else:
                    builder.add(chunk_end - position, self.source_starts[j], self.source_ends[j])
                position = chunk_end
        return builder.build()

    def to_json(self) -> list[list[int]]:
        """A compact JSON-able form: ``[[derived_start, source_start, source_end], ...]``."""
        rows = [list(row) for row in zip(self.derived_starts, self.source_starts, self.source_ends, strict=True)]
        return [[self.derived_length, -1, -1], *rows]

    @classmethod
    def from_json(cls, rows: list[list[int]]) -> OffsetMap:
        """Inverse of :meth:`to_json`."""
        (derived_length, _, _), *pieces = rows
        if not pieces:
            return cls((), (), (), derived_length)
        derived, source_starts, source_ends = zip(*pieces, strict=True)
        return cls(tuple(derived), tuple(source_starts), tuple(source_ends), derived_length)


class OffsetMapBuilder:
    """Accumulates pieces while a derived text is written left to right."""

    def __init__(self) -> None:
        self._derived: list[int] = []
        self._source_starts: list[int] = []
        self._source_ends: list[int] = []
        self._length = 0

    def add(self, derived_length: int, source_start: int, source_end: int) -> None:
        """Record that the next ``derived_length`` characters came from the source span."""
        if derived_length <= 0:
            return
        if self._derived:
            # Merge with the previous piece when both map one to one and touch.
            last_length = self._length - self._derived[-1]
            last_one_to_one = last_length == self._source_ends[-1] - self._source_starts[-1]
            if (last_one_to_one and derived_length == source_end - source_start
                    and self._source_ends[-1] == source_start):
                self._source_ends[-1] = source_end
                self._length += derived_length
                return
        self._derived.append(self._length)
        self._source_starts.append(source_start)
        self._source_ends.append(source_end)
        self._length += derived_length

    def build(self) -> OffsetMap:
        return OffsetMap(tuple(self._derived), tuple(self._source_starts),
                         tuple(self._source_ends), self._length)
