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

from hyoka.core.i18n import gettext_noop, tr

__all__ = ["MAX_BYTES", "UnreadableFile", "decode_text", "unreadable"]

#: The largest text file read (the FY2019 list is 26 kB; a list a hundred times as long fits).
MAX_BYTES = 5 * 1024 * 1024
#: What other kinds of file begin with, and what to do instead.
_SIGNATURES = (
    (b"%PDF", gettext_noop("テキストではなくPDFファイルです。名前の末尾を .pdf にしてください")),
    (b"\x89PNG", gettext_noop("テキストではなくPNG画像です")),
    (b"\xff\xd8\xff", gettext_noop("テキストではなくJPEG画像です")),
    (b"GIF8", gettext_noop("テキストではなくGIF画像です")),
    (
        b"PK\x03\x04",
        gettext_noop(
            "テキストではなくzip形式のファイル（.xlsxのブック？）です。ブックは名前の末尾を .xlsx にしてください"
        ),
    ),
    (
        b"\xd0\xcf\x11\xe0",
        gettext_noop("テキストではなく古い.xls形式のブック（または他のOfficeファイル）です"),
    ),
    (b"\x1f\x8b", gettext_noop("テキストではなくgzip形式のファイルです")),
)


class UnreadableFile(Exception):
    """The document cannot be read at all; ``str()`` is a one-line reason naming the file."""


def unreadable(source: str, message: str, **params: object) -> UnreadableFile:
    """The refusal of ``source``: ``message`` (a Japanese msgid) in the run's language."""
    return UnreadableFile(f"{source}: {tr(message, **params)}")


_CONTROL_OK = {"\t", "\n", "\r", "\f"}


def decode_text(data: bytes, source: str) -> tuple[str, str]:
    """Return ``(text, encoding)``; :class:`UnreadableFile` when it is empty, binary or of
    an unknown encoding.

    >>> decode_text(b"", "x.txt")
    Traceback (most recent call last):
    ...
    hyoka.ingest.decoding.UnreadableFile: x.txt: ファイルが空です
    """
    if not data.strip():
        raise unreadable(source, "ファイルが空です")
    if len(data) > MAX_BYTES:
        raise unreadable(
            source,
            "一覧としては大きすぎます（%(size)s MB）。テキストは%(limit)s MBまでです",
            size=f"{len(data) / 2**20:.1f}",
            limit=MAX_BYTES // 2**20,
        )
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            raise unreadable(
                source, "%(what)s。テキストとして保存した一覧を読みます", what=tr(what)
            )
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
                raise unreadable(
                    source,
                    "BOMでは%(enc)sとされていますが、%(at)sバイト目のバイト列 %(bytes)s は"
                    "%(enc)sではありません",
                    enc=enc.upper(),
                    at=at,
                    bytes=data[at : at + 4].hex(" "),
                ) from None
    if b"\x00" in data:
        _no_bom_utf16(data, source)
        at = data.index(b"\x00")
        raise unreadable(
            source,
            "テキストではなくバイナリファイルです（%(at)sバイト目にNULバイト）。"
            "UTF-8またはShift_JISのテキストとして保存した一覧を読みます",
            at=at,
        )
    try:
        return _checked(data, "utf-8", source), "utf-8"
    except UnicodeDecodeError as utf8_error:
        if utf8_error.reason == "unexpected end of data":
            raise unreadable(
                source,
                "ファイルが途中で切れています。文字の途中で終わっています"
                "（%(size)sバイト中%(at)sバイト目）。ファイル全体を渡してください",
                at=utf8_error.start,
                size=len(data),
            ) from None
        try:
            return _checked(data, "cp932", source), "cp932"
        except UnicodeDecodeError:
            other = ""
            if _decodes(data, "euc_jp"):
                other = tr("（EUC-JPのようです。EUC-JPは読めないので、UTF-8で保存してください）")
            raise unreadable(
                source,
                "UTF-8でもShift_JIS（CP932）でもないテキストです%(other)s"
                "（%(at)sバイト目の 0x%(byte)s はUTF-8ではありません）",
                other=other,
                at=utf8_error.start,
                byte=f"{data[utf8_error.start]:02x}",
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
            raise unreadable(
                source,
                "BOMのないUTF-16（%(order)s）で、読み方が決まりません。UTF-8で保存してください"
                "（またはBOM付きのUnicodeテキスト）",
                order=enc[-2:].upper(),
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
            raise unreadable(
                source,
                "文字化けしています。UTF-8のテキストを%(enc)sとして読んで保存し直したものです"
                "（先頭「%(sample)s」）。元のファイルを保存してください",
                enc=enc,
                sample=sample,
            )


def _checked(data: bytes, encoding: str, source: str) -> str:
    if encoding.startswith("utf-16") and len(data) % 2:
        raise unreadable(
            source,
            "ファイルが途中で切れています。UTF-16なのにバイト数（%(size)s）が奇数です。"
            "ファイル全体を渡してください",
            size=len(data) + 2,
        )
    text = data.decode(encoding)
    if encoding == "utf-8":
        _mojibake(text, source)
    controls = sum(1 for ch in text if ch < " " and ch not in _CONTROL_OK)
    if controls > max(2, len(text) // 100):
        raise unreadable(
            source,
            "バイナリファイルのようです（%(length)s文字中に制御文字が%(controls)s個）。"
            "テキストとして保存した一覧を読みます",
            controls=controls,
            length=len(text),
        )
    return text
