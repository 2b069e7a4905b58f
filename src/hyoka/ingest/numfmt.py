"""A number in an Excel cell, read as its number format shows it: ``0%`` shows 0.8 as ``80%``,
``0"件"`` shows 12 as ``12件``, ``#,##0`` shows 1234 as ``1,234``, ``#,##0;▲#,##0`` shows -5 as
``▲5``, ``#,##0,"千人"`` shows 12,000 as ``12千人``.

The formats a status list uses are a small part of Excel's language: digit placeholders
(``0 # ?``), a decimal point, a thousands separator, scaling by a thousand (a trailing comma),
percent, literal text (quoted, escaped with ``\\``, or the characters Excel shows as they are),
a second section for negative numbers, colours and locale tags.  Anything else (conditions,
scientific notation, fractions, text sections) is not guessed: the plain value is read and the
caller warns.  When the format shows fewer decimals than the cell holds, every digit is read
(``0.8567`` under ``0%`` reads ``85.67%``, not the ``86%`` shown) and the caller warns that the
sheet shows it rounded.

No library on the registry formats numbers the way Excel does and is kept up (openpyxl itself
only tells date formats apart), so this is the one place that does it.

>>> shown(0.8, "0%"), shown(12, '0"件"'), shown(1234, "#,##0"), shown(-5, "#,##0;▲#,##0")
(Shown(text='80%', rounded=None), Shown(text='12件', rounded=None), Shown(text='1,234', rounded=None), Shown(text='▲5', rounded=None))
>>> shown(0.8567, "0%")
Shown(text='85.67%', rounded='86%')
>>> shown(12000, '#,##0,"千人"'), shown(3, "General"), shown(1.5, "0.00E+00")
(Shown(text='12千人', rounded=None), None, None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = ["Shown", "is_plain_format", "shown"]

_PLAIN = {"general", "@", ""}
_PLACEHOLDER = set("0#?")
#: Tokens of a section: a quoted literal, an escaped character, padding and fill (skipped),
#: a bracketed tag, or one character.
_TOKEN = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]|.', re.S)
_COLOUR = re.compile(r"^\[(?:black|blue|cyan|green|magenta|red|white|yellow|color\s*\d+|色\d+|"
                     r"黒|青|水|緑|紫|赤|白|黄)\]$", re.I)  # fmt: skip
_LOCALE = re.compile(r"^\[\$([^-\]]*)(?:-[0-9A-Fa-f]+)?\]$")


@dataclass(frozen=True)
class Shown:
    """The text read for a number: ``rounded`` is what the sheet shows when it shows fewer
    digits than the cell holds (None when it shows them all)."""

    text: str
    rounded: str | None = None


@dataclass
class _Section:
    prefix: str
    suffix: str
    integer_zeros: int
    decimals: int  # digits after the point the format shows at most
    zero_decimals: int  # … and at least (0 placeholders; # and ? drop trailing zeros)
    grouping: bool
    scale: int  # powers of 1,000 the number is divided by
    percent: int  # how many % (each multiplies by 100)


def is_plain_format(number_format: str | None) -> bool:
    """General (or text): the number is read as it is."""
    return (number_format or "").strip().lower() in _PLAIN


def shown(value: int | float, number_format: str | None) -> Shown | None:
    """The text of ``value`` as ``number_format`` shows it, or None when the format is the
    plain one (General) or is not understood (the caller reads the plain value)."""
    if is_plain_format(number_format):
        return None
    fmt = (number_format or "").strip()
    sections = _split(fmt)
    try:
        # Excel keeps 15 significant digits: what lies beyond is binary noise (0.1 + 0.2)
        number = Decimal(format(value, ".15g")) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        return None
    if not number.is_finite() or (number and not -15 <= number.adjusted() <= 15):
        return None  # beyond the 15 digits Excel keeps
    sign = ""
    if number < 0 and len(sections) > 1:
        section, number = sections[1], -number  # the negative section writes its own sign
    elif number == 0 and len(sections) > 2:
        section = sections[2]
    else:
        section = sections[0]
        if number < 0:
            sign, number = "-", -number
    parsed = _parse(section)
    if parsed is None:
        return None
    number = number.scaleb(2 * parsed.percent - 3 * parsed.scale)
    exact = _digits(number, parsed, None)
    shown_text = _digits(number, parsed, parsed.decimals)
    text = f"{sign}{parsed.prefix}{exact}{parsed.suffix}"
    if exact == shown_text:
        return Shown(text)
    return Shown(text, f"{sign}{parsed.prefix}{shown_text}{parsed.suffix}")


def _split(fmt: str) -> list[str]:
    """The sections of a format (``;`` outside quotes)."""
    sections, current = [], ""
    for token in _TOKEN.findall(fmt):
        if token == ";":
            sections.append(current)
            current = ""
        else:
            current += token
    return [*sections, current]


def _parse(section: str) -> _Section | None:
    prefix, suffix, body = "", "", ""
    percent = 0
    for token in _TOKEN.findall(section):
        if token.startswith(("_", "*")):
            continue
        if token.startswith("["):
            if _COLOUR.match(token):
                continue
            m = _LOCALE.match(token)
            if m is None:
                return None  # a condition, an elapsed time …
            literal = m.group(1)
        elif token.startswith('"'):
            literal = token[1:-1]
        elif token.startswith("\\"):
            literal = token[1:]
        elif token in _PLACEHOLDER or (token in ".," and (body or token == ".")):
            if suffix:
                return None  # a second number (fractions, 0-0)
            body += token
            continue
        elif token in "Ee/@" or token.lower() in "ymdhs":
            return None  # scientific, fraction, text, a date
        elif token == "%":
            percent += 1
            literal = "%"
        else:
            literal = token
        if body:
            suffix += literal
        else:
            prefix += literal
    if not any(ch in _PLACEHOLDER for ch in body):
        return None
    scale = len(body) - len(body.rstrip(","))
    body = body.rstrip(",")
    integer, _, fraction = body.partition(".")
    return _Section(
        prefix=prefix,
        suffix=suffix,
        integer_zeros=integer.count("0"),
        decimals=sum(ch in _PLACEHOLDER for ch in fraction),
        zero_decimals=fraction.count("0"),
        grouping="," in integer,
        scale=scale,
        percent=percent,
    )


def _digits(number: Decimal, s: _Section, decimals: int | None) -> str:
    """``number`` (not negative) with ``decimals`` places (None: every digit it has), grouped
    and padded with zeros as the format says."""
    if decimals is None:
        exponent = number.normalize().as_tuple().exponent
        decimals = max(-exponent, 0) if isinstance(exponent, int) else 0
    quantum = Decimal(1).scaleb(-decimals)
    rounded = number.quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:{',' if s.grouping else ''}.{decimals}f}"
    integer, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    fraction += "0" * (s.zero_decimals - len(fraction))
    if integer == "0" and s.integer_zeros == 0:
        integer = ""
    digits = integer.replace(",", "")
    if len(digits) < s.integer_zeros:
        integer = "0" * (s.integer_zeros - len(digits)) + integer
    return integer + (f".{fraction}" if fraction else "") or "0"
