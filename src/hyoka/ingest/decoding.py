"""Turn the bytes of a text document into text: UTF-8 (with or without BOM), UTF-16 with BOM
(Excel's "Unicode text"), or CP932/Shift_JIS — and refuse what is not text, with the reason:
another kind of file (PDF, image, workbook), a file cut short in the middle of a character,
UTF-16 without its byte-order mark, EUC-JP, mojibake, or a file too large to be a status list.

>>> decode_text("連携".encode("cp932"), "a.txt")
('連携', 'cp932')
>>> decode_text(b"\\xef\\xbb\\xbf" + "連携".encode(), "a.txt")
('連携', 'utf-8-sig')
"""

from __future__ import annotations

import codecs

__all__ = ["MAX_BYTES", "UnreadableFile", "decode_text"]

#: The largest text file read (the FY2019 list is 26 kB; a list a hundred times as long fits).
MAX_BYTES = 5 * 1024 * 1024
#: What other kinds of file begin with, and what to do instead.
_SIGNATURES = (
    (b"%PDF", "a PDF file, not text; extract its text (tab-separated) first"),
    (b"\x89PNG", "a PNG image, not text"),
    (b"\xff\xd8\xff", "a JPEG image, not text"),
    (b"GIF8", "a GIF image, not text"),
    (
        b"PK\x03\x04",
        "a zip archive (an .xlsx workbook?), not text; give a workbook the .xlsx suffix",
    ),
    (b"\xd0\xcf\x11\xe0", "an old .xls workbook (or another Office file), not text"),
    (b"\x1f\x8b", "a gzip archive, not text"),
)


class UnreadableFile(Exception):
    """The document cannot be read at all; ``str()`` is a one-line reason naming the file."""


_CONTROL_OK = {"\t", "\n", "\r", "\f"}


def decode_text(data: bytes, source: str) -> tuple[str, str]:
    """Return ``(text, encoding)``; :class:`UnreadableFile` when it is empty, binary or of
    an unknown encoding.

    >>> decode_text(b"", "x.txt")
    Traceback (most recent call last):
    ...
    hyoka.ingest.decoding.UnreadableFile: x.txt: the file is empty
    """
    if not data.strip():
        raise UnreadableFile(f"{source}: the file is empty")
    if len(data) > MAX_BYTES:
        raise UnreadableFile(
            f"{source}: too large for a status list ({len(data) / 2**20:.1f} MB); "
            f"expected at most {MAX_BYTES // 2**20} MB of text"
        )
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            raise UnreadableFile(f"{source}: {what}; expected a status list saved as text")
    boms = (
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
    )
    for bom, enc, name in boms:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom) :], enc, source), name
            except UnicodeDecodeError as exc:
                at = exc.start + len(bom)
                raise UnreadableFile(
                    f"{source}: marked as {enc.upper()} by its byte-order mark, but bytes "
                    f"{data[at : at + 4].hex(' ')} at offset {at} are not {enc.upper()}"
                ) from None
    if b"\x00" in data:
        _no_bom_utf16(data, source)
        at = data.index(b"\x00")
        raise UnreadableFile(
            f"{source}: a binary file, not text (NUL byte at offset {at}); "
            "expected a status list saved as text (UTF-8 or Shift_JIS)"
        )
    try:
        return _checked(data, "utf-8", source), "utf-8"
    except UnicodeDecodeError as utf8_error:
        if utf8_error.reason == "unexpected end of data":
            raise UnreadableFile(
                f"{source}: the file is cut short — it ends in the middle of a character (offset "
                f"{utf8_error.start} of {len(data)} bytes); expected the whole file"
            ) from None
        try:
            return _checked(data, "cp932", source), "cp932"
        except UnicodeDecodeError:
            other = " (it looks like EUC-JP, which is not read: save it as UTF-8)"
            if not _decodes(data, "euc_jp"):
                other = ""
            raise UnreadableFile(
                f"{source}: neither UTF-8 nor Shift_JIS (CP932) text{other} "
                f"(byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start} is not UTF-8)"
            ) from None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _no_bom_utf16(data: bytes, source: str) -> None:
    """Refuse UTF-16 saved without its byte-order mark, saying so (not just "binary")."""
    even, odd = data[0::2].count(0), data[1::2].count(0)
    for enc, nuls, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nuls > 10 * others and _decodes(data[: len(data) & ~1], enc):
            raise UnreadableFile(
                f"{source}: UTF-16 without a byte-order mark ({enc[-2:].upper()}), which is "
                "ambiguous; save it as UTF-8 (or as Unicode text with the BOM)"
            )


def _mojibake(text: str, source: str) -> None:
    """UTF-8 text once read as Latin-1 (or Windows-1252) and saved again: ``ã\x81\x95``…"""
    if not any("\u00c0" <= ch <= "\u00ff" for ch in text[:4000]):
        return
    for enc in ("latin-1", "cp1252"):
        try:
            fixed = text.encode(enc).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != text:
            sample = text.strip()[:12]
            raise UnreadableFile(
                f"{source}: mojibake — UTF-8 text that was read as {enc} and saved again "
                f"(it begins 「{sample}」); save the original file"
            )


def _checked(data: bytes, encoding: str, source: str) -> str:
    if encoding.startswith("utf-16") and len(data) % 2:
        raise UnreadableFile(
            f"{source}: the file is cut short — UTF-16 text of an odd number of bytes "
            f"({len(data) + 2}); expected the whole file"
        )
    text = data.decode(encoding)
    if encoding == "utf-8":
        _mojibake(text, source)
    controls = sum(1 for ch in text if ch < " " and ch not in _CONTROL_OK)
    if controls > max(2, len(text) // 100):
        raise UnreadableFile(
            f"{source}: looks binary ({controls} control characters in {len(text)}); "
            "expected a status list saved as text"
        )
    return text
