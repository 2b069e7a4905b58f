"""Turn the bytes of a text document into text: UTF-8 (with or without BOM), UTF-16 with BOM
(Excel's "Unicode text"), or CP932/Shift_JIS — and refuse what is not text, with the reason.

>>> decode_text("連携".encode("cp932"), "a.txt")
('連携', 'cp932')
>>> decode_text(b"\\xef\\xbb\\xbf" + "連携".encode(), "a.txt")
('連携', 'utf-8-sig')
"""

from __future__ import annotations

import codecs

__all__ = ["UnreadableFile", "decode_text"]


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
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[3:], "utf-8", source), "utf-8-sig"
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _checked(data[2:], enc, source), "utf-16"
    if b"\x00" in data:
        at = data.index(b"\x00")
        raise UnreadableFile(
            f"{source}: a binary file, not text (NUL byte at offset {at}); "
            "expected a status list saved as text (UTF-8 or Shift_JIS)"
        )
    try:
        return _checked(data, "utf-8", source), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return _checked(data, "cp932", source), "cp932"
        except UnicodeDecodeError:
            raise UnreadableFile(
                f"{source}: neither UTF-8 nor Shift_JIS (CP932) text "
                f"(byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start} is not UTF-8)"
            ) from None


def _checked(data: bytes, encoding: str, source: str) -> str:
    text = data.decode(encoding)
    controls = sum(1 for ch in text if ch < " " and ch not in _CONTROL_OK)
    if controls > max(2, len(text) // 100):
        raise UnreadableFile(
            f"{source}: looks binary ({controls} control characters in {len(text)}); "
            "expected a status list saved as text"
        )
    return text
