"""Shared reading of tab- and comma-separated files (segments and glossaries).

TSV fields are never quoted (a field may start with a straight quote, as '"1310" specific
deployment' does); CSV follows RFC 4180. Both are read as a stream, line by line, and every
error names the file and the line.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Collection, Iterator
from pathlib import Path

from .. import langtags
from ..errors import InputError, UsageError
from ..fileio import decode_as, read_head, sniff_encoding

csv.field_size_limit(16 * 1024 * 1024)


def read_rows(path: str | Path, *, delimiter: str, encoding: str | None = None
              ) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, fields) for every non-blank row."""
    found = sniff_encoding(read_head(path, 4), override=encoding)
    enc = found.stream_codec
    try:
        codecs.lookup(enc)
    except LookupError:
        raise InputError(f"unknown encoding {enc!r}", path=path) from None
    line_no = 0
    try:
        with open(path, encoding=enc, newline="") as handle:
            if delimiter == "\t":
                for line_no, line in enumerate(handle, start=1):
                    line = line.rstrip("\r\n")
                    if line.strip():
                        yield line_no, line.split("\t")
            else:
                reader = csv.reader(handle, delimiter=delimiter, strict=True)
                line_no = 1
                for fields in reader:
                    if any(f.strip() for f in fields):
                        yield line_no, fields
                    line_no = reader.line_num + 1
    except UnicodeDecodeError:
        # The decoder reads ahead in blocks, so find the bad byte's line in the raw bytes.
        decode_as(Path(path).read_bytes()[found.bom:], path, found.name)
        raise InputError(f"not valid {enc} text", path=path) from None
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", path=path, line=line_no) from None


def is_language_name(name: str) -> bool:
    """Whether a column name is a tag of a known language (zh, en-US, zh_Hant), not a word."""
    try:
        langtags.check_known(name.strip())
    except UsageError:
        return False
    return True


def language_columns(header: list[str], skip: Collection[str] = ()) -> list[int]:
    """The columns named by a language tag, left to right (names in ``skip``, lower-case, are
    other columns)."""
    return [i for i, name in enumerate(header)
            if name.strip().lower() not in skip and is_language_name(name)]


def language_column(header: list[str], lang: str, skip: Collection[str] = ()) -> int | None:
    """The column of ``lang``: the one named by the same tag (zh-CN for zh_CN), else the first
    one in the same language (zh-TW for zh); names in ``skip`` (lower-case) are other columns.
    None when no column is in that language."""
    want = langtags.normalize(lang)
    names = [name.strip() for name in header]
    for i, name in enumerate(names):
        if langtags.is_valid(name) and langtags.normalize(name) == want:
            return i
    for i, name in enumerate(names):
        if (name.lower() not in skip and langtags.is_valid(name)
                and langtags.primary(name) == langtags.primary(want)):
            return i
    return None


def tsv_line(fields: list[str], unit: str | None = None) -> str:
    """One TSV row. TSV is never quoted, so a tab or line break in a field cannot be written."""
    for value in fields:
        if "\t" in value or "\n" in value or "\r" in value:
            raise InputError(f"a tab or line break in {value[:40]!r} cannot be written to TSV; "
                             "use CSV, TMX or PO", unit=unit)
    return "\t".join(fields) + "\n"


def csv_line(fields: list[str]) -> str:
    """One RFC 4180 row (quoted where needed, CRLF)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(fields)
    return buffer.getvalue()
