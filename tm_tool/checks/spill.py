"""Findings on disk: what a check run found, held in a temporary file instead of memory.

A million-segment TM can have half a million findings; held as objects and sorted, they cost
a gigabyte. Here each finding is one line of a temporary file, encoded once (as the JSON
report writes it) by whichever process found it, and the report is written from the file.

A line is ``FLAG KEY \\t JSON``: FLAG ``A`` (active) or ``S`` (suppressed), KEY the finding's
place in the report's order (file, unit in natural order) as JSON, JSON the finding's
:meth:`Finding.as_dict`. Lines are appended in chunks, one chunk per check per batch. A check
whose chunks come in report order (the unit checks of a TM, read in id order) is read back as
written; the others (consistency groups, files whose unit names are not in file order) are
sorted at the end by their keys alone, an index of a few dozen bytes per finding, and read
back by offset.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from json.encoder import c_make_encoder, encode_basestring

from .base import Finding, unit_place

ACTIVE, SUPPRESSED = b"A", b"S"
_ENCODER = json.JSONEncoder(ensure_ascii=False)  # as report/json_report.py writes a finding
# The same encoder's C half, called directly: JSONEncoder.encode checks its argument's type
# and builds the encoder again on every call (~25 % of its time for a finding).
_C_ENCODE = (c_make_encoder(None, None, encode_basestring, None, ": ", ", ", False, False,
                            True) if c_make_encoder is not None else None)
_NOT_DIGITS = re.compile(r"\D+")

Key = tuple[str, int, str]


def natural(name: str) -> tuple[int, str]:
    """Sort key putting unit 9 before unit 10 (names are DB ids, tuids, line numbers…)."""
    digits = name if name.isdigit() else _NOT_DIGITS.sub("", name)
    return (int(digits) if digits and len(digits) < 18 else 0, name)


def sort_key(finding: Finding) -> Key:
    return (finding.file or "", *natural(finding.unit))


def encode_finding(finding: Finding) -> str:
    """``_ENCODER.encode(finding.as_dict())``, the same text, faster."""
    if _C_ENCODE is None:
        return _ENCODER.encode(finding.as_dict())
    return "".join(_C_ENCODE(finding.as_dict(), 0))


def encode_key(key: Key) -> str:
    """``_ENCODER.encode(key)``: a key is (file, number, name), two strings and an int."""
    file, number, name = key
    if type(file) is str and type(number) is int and type(name) is str:
        return f"[{encode_basestring(file)}, {number!r}, {encode_basestring(name)}]"
    return _ENCODER.encode(key)


@dataclass
class Batch:
    """Findings of one batch, encoded: what a worker sends back. ``lines`` by check, with the
    first and last key of each check's lines and whether they are in order; ``affected``: the
    places of the units the active findings are about."""

    units: int = 0
    lines: dict[str, list[bytes]] = field(default_factory=dict)
    bounds: dict[str, list] = field(default_factory=dict)  # check -> [first, last, in order]
    affected: list[str] = field(default_factory=list)
    # (id, source key hash, target key hash) of each unit read from a TM, flat, when the
    # consistency checks want them (pool.run_task): an array of 8-byte numbers
    keys: array | None = None

    def add(self, finding: Finding) -> None:
        key = sort_key(finding)
        flag = SUPPRESSED if finding.suppressed else ACTIVE
        self.lines.setdefault(finding.check, []).append(
            flag + f"{encode_key(key)}\t{encode_finding(finding)}".encode())
        bound = self.bounds.get(finding.check)
        if bound is None:
            self.bounds[finding.check] = [key, key, True]
        else:
            if key < bound[1]:
                bound[2] = False
            bound[1] = key
        if not finding.suppressed:
            if finding.related:
                self.affected.extend(finding.related)
            else:
                self.affected.append(unit_place(finding.file, finding.line, finding.unit))

    def extend(self, findings: Iterable[Finding]) -> Batch:
        for finding in findings:
            self.add(finding)
        return self


@dataclass
class _Check:
    chunks: list[tuple[int, int]] = field(default_factory=list)  # (offset, size) in the file
    last: Key | None = None
    in_order: bool = True
    active: int = 0
    suppressed: int = 0


class AffectedUnits:
    """The distinct units findings are about, counted without a set of strings where the
    places are DB ids (a bit per id instead; "012" is not "12", so it stays a string)."""

    def __init__(self) -> None:
        self._bits = bytearray()
        self._ids = 0
        self._other: set[str] = set()

    def add_all(self, places: Iterable[str]) -> None:
        bits = self._bits
        for place in places:
            if place.isdigit() and len(place) < 10 and (place[0] != "0" or place == "0"):
                number = int(place)
                byte, bit = number >> 3, 1 << (number & 7)
                if byte >= len(bits):
                    bits.extend(bytes(byte - len(bits) + 1 + len(bits) // 2))
                if not bits[byte] & bit:
                    bits[byte] |= bit
                    self._ids += 1
            else:
                self._other.add(place)

    def __len__(self) -> int:
        return self._ids + len(self._other)


class FindingSpill:
    """The findings of one run, in a temporary file (deleted when closed or collected)."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the report)
        self._size = 0
        self.checks: dict[str, _Check] = {}
        self.affected = AffectedUnits()
        self.units = 0

    def add(self, batch: Batch) -> None:
        self.units += batch.units
        self.affected.add_all(batch.affected)
        for check, lines in batch.lines.items():
            state = self.checks.setdefault(check, _Check())
            first, last, in_order = batch.bounds[check]
            if not in_order or (state.last is not None and first < state.last):
                state.in_order = False
            state.last = last
            data = b"\n".join(lines) + b"\n"
            self._file.seek(self._size)  # (reading may have moved it)
            self._file.write(data)
            state.chunks.append((self._size, len(data)))
            self._size += len(data)
            suppressed = sum(1 for line in lines if line[:1] == SUPPRESSED)
            state.suppressed += suppressed
            state.active += len(lines) - suppressed

    def count(self, check: str, *, suppressed: bool = False) -> int:
        """Findings of ``check``: the active ones, or with ``suppressed`` all of them."""
        state = self.checks.get(check)
        if state is None:
            return 0
        return state.active + (state.suppressed if suppressed else 0)

    def lines(self, check: str) -> Iterator[bytes]:
        """The lines of ``check`` in report order, read a chunk (or a line) at a time: never
        the whole file, nor a map of it (mapped pages would count as this process's memory)."""
        state = self.checks.get(check)
        if state is None or not state.chunks:
            return
        self._file.flush()
        if state.in_order:
            for offset, size in state.chunks:
                yield from self._read(offset, size - 1).split(b"\n")
            return
        index = []
        for offset, size in state.chunks:
            at = offset
            for line in self._read(offset, size - 1).split(b"\n"):
                tab = line.index(b"\t")
                index.append((tuple(json.loads(line[1:tab])), at, len(line)))
                at += len(line) + 1
        index.sort(key=lambda entry: entry[0])  # stable: production order among equals
        for _, at, size in index:
            yield self._read(at, size)

    def _read(self, offset: int, size: int) -> bytes:
        # (one pread: a seek and a read of the buffered file refilled its buffer each time,
        # and the findings read by offset are read one line at a time)
        return os.pread(self._file.fileno(), size, offset)

    def close(self) -> None:
        self._file.close()


def split(line: bytes) -> tuple[bool, bytes]:
    """(suppressed, the finding's JSON) of a spilled line."""
    return line[:1] == SUPPRESSED, line[line.index(b"\t") + 1:]


def decode(data: bytes) -> Finding:
    values = json.loads(data)
    if values["span"] is not None:
        values["span"] = tuple(values["span"])
    return Finding(**values)
