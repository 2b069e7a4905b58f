"""The fast path of the value grammar: the common forms read by one regular expression.

Most value texts take one of a few forms: a count (``12社/年度``, ``約79,600人``,
``29.8万人 (2023年度)``, ``100名以上 (集計中)``, ``▲2,805人 (2017年)``), a compound
(``5,559/250``), a year or deadline (``2019年度まで``, ``令和元年度（予定）``), a state
(``常時 (毎年度)``), a relative target (``現状値からの増加 (2023年度)``) or ``-``.  For
those, :func:`fast` builds with one match and one tuple the very :class:`~hyoka.core.values.Value`
the full grammar (:func:`hyoka.core.values.explain_full`) builds — the same fields, the
same ``Decimal`` (digits and exponent).  Both take their words from :mod:`hyoka.core.words`;
the fast path names the fields it sets (:data:`QUANTITY_FIELDS`) and takes every other one's
default from :class:`~hyoka.core.valuetype.Value` itself, so a field added to ``Value`` is
never shifted into the wrong place (a keyword call would cost a microsecond a value, a
third of the core's time per value).  Anything else, and anything the expressions are
not sure of, it leaves to the grammar by returning ``None``.

``tests/core/test_values_fast.py`` checks that both agree on every value of the bundled
list, of the synthetic lists and on generated texts of the grammar's forms.

>>> from hyoka.core.values import explain_full
>>> fast("29.8万人 (2023年度)") == explain_full("29.8万人 (2023年度)")
True
>>> fast("27兆9千億円") == explain_full("27兆9千億円")  # two scale words
True
>>> fast("27兆9千億5百万円") is None  # three: left to the grammar
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from hyoka.core.periods import ERAS
from hyoka.core.valuetype import Value, normalise, value_tail
from hyoka.core.words import (
    BOUND_WORDS,
    PLACEHOLDERS,
    QUALIFIER_WORDS,
    REFERENCE_WORDS,
    RELATIVE_DIRECTION,
    STATE_WORDS,
    YEAR_RELATION,
    Bound,
)

__all__ = ["FAST_UNITS", "QUANTITY_FIELDS", "YEAR_FIELDS", "fast"]

#: The eras written out in full that the fast path reads, and the western year of their 元年.
_ERA_START = {e.name: e.start.year for e in ERAS if e.name in ("令和", "平成", "昭和")}
_QWORDS = "|".join(w for w, _ in QUALIFIER_WORDS)  # longer words before the words they contain
_QCODE = dict(QUALIFIER_WORDS)
#: Where each qualifier word stands in QUALIFIER_WORDS: the grammar finds them in that order.
_QRANK = {w: i for i, (w, _) in enumerate(QUALIFIER_WORDS)}
#: A lookahead on the first character before a list of words, so that a text without them
#: skips the list in one test instead of trying every word.
_QFIRST = "(?=[" + "".join(sorted({w[0] for w, _ in QUALIFIER_WORDS})) + "])"


def _first(words: Iterable[str]) -> str:
    """A lookahead on the first characters of ``words``: a text starting otherwise skips
    them in one test instead of trying every word."""
    return "(?=[" + "".join(sorted({w[0] for w in words})) + "])"


#: Counters the fast path reads: none ends with a bound or a qualifier word, none starts
#: with 年 (``2019年`` is a year), all are left as they are by NFKC.
FAST_UNITS = (
    "人|名|回|件|社|校|団体|箇所|か所|ヵ所|ヶ所|市町村|大学|組|%|円|t|施設|世帯"
    "|事業所|事業者|事業|店舗|企業|台|本|冊|部|戸|時間|人日|人泊|日|泊|km|ha|kW|kg"
)
_BOUNDS = "(?=[以超未])(?:以上|超|以下|以内|未満)"
_YREL = "(?=[末ま以か中内])(?:末まで|までに|まで|以降|から|末|中|内)"
#: The number as numerals.read_number reads it (atomic: no other split is tried).
_NUMBER = r"(?>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_INTEGER = r"(?>\d{1,3}(?:,\d{3})+|\d+)(?![.\d])"
#: One parenthesised note: a year (2023年度, 2023年度まで) or one qualifier (集計中, 毎年度), in
#: ASCII or full-width parentheses (（予定）: NFKC, which the grammar applies first, makes them
#: ASCII and changes nothing else a match can hold), so such a text is not normalised first.
_NOTE = (
    rf"(?: ?[(（](?:(?P<ny>[1-9]\d{{3}})(?P<nys>年度|年)(?P<nyr>{_YREL})?"
    rf"|{_QFIRST}(?P<nq>{_QWORDS}))[)）])?"
)
#: Quantities: 12社/年度, 約79,600人, 各1回以上/年度, ▲2,805人, 29.8万人, 10件程度, 100人/日.
_QUANTITY = re.compile(
    rf"(?:{_QFIRST}(?P<qp>{_QWORDS}))?(?P<each>各)?(?P<neg>[▲△])?(?P<num>{_NUMBER})"
    rf"(?P<scale>[千万億兆])?(?P<unit>{FAST_UNITS})?(?P<bound>{_BOUNDS})?"
    rf"(?:{_QFIRST}(?P<qs>{_QWORDS})|/(?:1(?=[年日月週]))?(?P<per>年度|年|日|月|週|回)"
    rf"(?P<pb>{_BOUNDS})?)?" + _NOTE,
    re.ASCII,  # \d is 0-9 only: a text with full-width digits is normalised first
)
#: Two scale words (27兆9千億円, 3億5千万円, 5万3千人): integers only, the second figure not 0,
#: then the same unit, bound, qualifier, cadence and note as a quantity.
_TWO_SCALES = re.compile(
    rf"(?:{_QFIRST}(?P<qp>{_QWORDS}))?(?P<each>各)?(?P<neg>[▲△])?(?P<num>{_INTEGER})"
    rf"(?P<big>[万億兆])(?P<num2>(?>[1-9]\d{{0,3}}))(?P<small>千)?(?P<big2>[万億])?"
    rf"(?P<unit>{FAST_UNITS})?(?P<bound>{_BOUNDS})?"
    rf"(?:{_QFIRST}(?P<qs>{_QWORDS})|/(?:1(?=[年日月週]))?(?P<per>年度|年|日|月|週|回)"
    rf"(?P<pb>{_BOUNDS})?)?" + _NOTE,
    re.ASCII,
)
#: Compounds (5,559/250), years and deadlines (2019年度まで, 令和元年度), states (常時) and
#: relative targets (現状値からの増加).
_OTHER = re.compile(
    rf"(?:(?P<c1>{_INTEGER})/(?P<c2>{_INTEGER})"
    rf"|(?:(?P<y>[1-9]\d{{3}})|(?P<era>{'|'.join(_ERA_START)})(?P<ey>元|[1-9]\d?))(?P<ys>年度|年)"
    rf"(?P<yr>{_YREL})?"
    rf"|{_first(STATE_WORDS)}(?P<state>{'|'.join(STATE_WORDS)})"
    rf"|{_first(REFERENCE_WORDS)}(?P<ref>{'|'.join(REFERENCE_WORDS)})(?:から|より|比)?の?"
    rf"(?:(?P<dir>{'|'.join(RELATIVE_DIRECTION)})|を?(?P<keep>維持)))" + _NOTE,
    re.ASCII,
)
_BASIS_OF = {"年度": "fiscal", "年": "calendar"}
_SCALE_OF = {
    "千": Decimal(1000),
    "万": Decimal(10) ** 4,
    "億": Decimal(10) ** 8,
    "兆": Decimal(10) ** 12,
}
_BOUND_CODE: dict[str | None, Bound | None] = {None: None, **dict(BOUND_WORDS)}
_ZERO = Decimal(0)
#: Up to this many characters an integer is exact as Decimal(int(…)); longer ones take the
#: grammar's own Decimal operations, which round to the context's 28 digits.
_EXACT_DIGITS = 20
_PLACEHOLDER_VALUES = {p: Value(p, "none") for p in PLACEHOLDERS}
#: The fields a quantity read here sets, named, in Value's order; the rest are their defaults.
QUANTITY_FIELDS = (
    "text",
    "kind",
    "number",
    "unit",
    "scale",
    "per",
    "each",
    "bound",
    "qualifiers",
    "year",
    "year_basis",
    "year_relation",
)
_QUANTITY_TAIL = value_tail(*QUANTITY_FIELDS)
#: The fields a year or a deadline read here sets: a quantity's and the era; the figure's own
#: fields (number to bound) keep their defaults.
YEAR_FIELDS = (*QUANTITY_FIELDS, "era")
_YEAR_TAIL = value_tail(*YEAR_FIELDS)
#: A compound's part: a number alone.
_PART_TAIL = value_tail("text", "kind", "number")
#: A state's: a year's with no era, and the state.
_STATE_TAIL = value_tail(*YEAR_FIELDS, "state", "ongoing")
_NO_FIGURE = tuple(Value._field_defaults[f] for f in QUANTITY_FIELDS[2:8])
_NO_ERA = Value._field_defaults["era"]
_quantity = _QUANTITY.fullmatch
_two_scales = _TWO_SCALES.fullmatch
_BIG = {"万": 10**4, "億": 10**8, "兆": 10**12}
_other = _OTHER.fullmatch
_new = tuple.__new__


def fast(text: str) -> Value | None:
    """The Value of a text of a common form, or None to leave it to the grammar.

    >>> fast("12社/年度").number, fast("5,559人/250") is None
    (Decimal('12'), True)
    """
    none = _PLACEHOLDER_VALUES.get(text)
    if none is not None:
        return none
    m = _quantity(text)
    if m is not None:
        # the commonest form, inlined: _quantity_value reads the same groups alike
        (qp, each, neg, num, scale, unit, bound, qs, per, pb, ny, nys, nyr, nq) = m.groups()
        assert num is not None
        if unit is None and scale is None and _year_like(num):
            return None  # 2019: a year or a count? the grammar refuses to guess
        quals: tuple[str, ...]
        if qp is None and qs is None:
            quals = () if nq is None else (_QCODE[nq],)
        else:
            quals = _qualifiers(nq, qp, qs)
        if scale is None and len(num) <= _EXACT_DIGITS and "." not in num:
            n = Decimal(-int(num.replace(",", "")) if neg else int(num.replace(",", "")))
        else:
            n = _read_number(num, scale, neg)
        if ny is None:
            year = basis = relation = None
        else:
            assert nys is not None
            year, basis, relation = int(ny), _BASIS_OF[nys], YEAR_RELATION.get(nyr or "", "at")
        # QUANTITY_FIELDS, then every other field's default written out (one tuple, not two
        # concatenated: the commonest value, 40 ns less); _check_literal proves them at import
        return _new(
            Value,
            (
                text,
                "quantity",
                n,
                unit,
                scale,
                per,
                each is not None,
                _BOUND_CODE[bound if bound is not None else pb],
                quals,
                year,
                basis,
                relation,
                None,
                None,
                None,
                None,
                (),
                None,
                None,
                (),
                None,
                None,
                (),
                (),
                None,
            ),
        )
    m = _other(text)
    if m is not None:
        return _other_value(text, m.groups())
    if "万" in text or "億" in text or "兆" in text:
        m = _two_scales(text)
        if m is not None:
            return _two_scales_value(text, m.groups())
    norm = normalise(text)  # full-width digits and brackets, stray spaces
    if norm == text:
        return None
    m = _quantity(norm)
    if m is not None:
        return _quantity_value(text, m.groups())
    m = _other(norm)
    return None if m is None else _other_value(text, m.groups())


def _qualifiers(nq: str | None, qp: str | None, qs: str | None) -> tuple[str, ...]:
    """The qualifiers of a note, a word before and a word after the value, as the grammar
    orders them: the note's first, then the words in the order of QUALIFIER_WORDS."""
    quals: tuple[str, ...] = () if nq is None else (_QCODE[nq],)
    if qs is not None and qp is not None and _QRANK[qs] < _QRANK[qp]:
        qp, qs = qs, qp
    for w in (qp, qs):
        if w is not None and _QCODE[w] not in quals:
            quals += (_QCODE[w],)
    return quals


def _quantity_value(text: str, g: tuple[str | None, ...]) -> Value | None:
    (qp, each, neg, num, scale, unit, bound, qs, per, pb, ny, nys, nyr, nq) = g
    assert num is not None
    if unit is None and scale is None and _year_like(num):
        return None
    quals = () if nq is None and qp is None and qs is None else _qualifiers(nq, qp, qs)
    if scale is None and len(num) <= _EXACT_DIGITS and "." not in num:
        n = Decimal(-int(num.replace(",", "")) if neg else int(num.replace(",", "")))
    else:
        n = _read_number(num, scale, neg)
    if ny is None:
        year = basis = relation = None
    else:
        assert nys is not None
        year, basis, relation = int(ny), _BASIS_OF[nys], YEAR_RELATION.get(nyr or "", "at")
    head = (
        text,
        "quantity",
        n,
        unit,
        scale,
        per,
        each is not None,
        _BOUND_CODE[bound if bound is not None else pb],
        quals,
        year,
        basis,
        relation,
    )
    return _new(Value, head + _QUANTITY_TAIL)


def _two_scales_value(text: str, g: tuple[str | None, ...]) -> Value | None:
    """``27兆9千億円``: numerals.read_number's sum, in integers (exact), and its scale words."""
    (qp, each, neg, num, big, num2, small, big2, unit, bound, qs, per, pb, ny, nys, nyr, nq) = g
    assert num is not None and big is not None and num2 is not None
    if small is None and big2 is None:
        return None  # 5万3人: the grammar's reading, not a common form
    if len(num) > _EXACT_DIGITS:
        return None
    n = int(num.replace(",", "")) * _BIG[big] + int(num2) * (1000 if small else 1) * (
        _BIG[big2] if big2 else 1
    )
    scale = big + (small or "") + (big2 or "")
    quals = () if nq is None and qp is None and qs is None else _qualifiers(nq, qp, qs)
    if ny is None:
        year = basis = relation = None
    else:
        assert nys is not None
        year, basis, relation = int(ny), _BASIS_OF[nys], YEAR_RELATION.get(nyr or "", "at")
    head = (
        text,
        "quantity",
        Decimal(-n if neg else n),
        unit,
        scale,
        per,
        each is not None,
        _BOUND_CODE[bound if bound is not None else pb],
        quals,
        year,
        basis,
        relation,
    )
    return _new(Value, head + _QUANTITY_TAIL)


def _year_like(num: str) -> bool:
    """Four digits from 1900 to 2100 without a unit: as the grammar, left unread."""
    return len(num) == 4 and num.isdigit() and 1900 <= int(num) <= 2100


def _read_number(num: str, scale: str | None, neg: str | None) -> Decimal:
    """A number with a decimal point, a scale word or many digits: the very Decimal
    operations of numerals.read_number and the grammar (which round to 28 digits)."""
    n = Decimal(num.replace(",", ""))
    if scale is None:
        n = _ZERO + _ZERO + n
    elif scale == "千":
        n = _ZERO + (_ZERO + n * _SCALE_OF[scale]) + _ZERO
    else:
        n = (_ZERO + (_ZERO + n) * _SCALE_OF[scale]) + _ZERO + _ZERO
    if neg is not None:
        n = -n
    return Decimal(int(n)) if n == n.to_integral_value() else n


def _other_value(text: str, g: tuple[str | None, ...]) -> Value | None:
    (c1, c2, y, era, ey, ys, yr, state, ref, direction, keep, ny, nys, nyr, nq) = g
    quals: tuple[str, ...] = () if nq is None else (_QCODE[nq],)
    year = basis = relation = None
    if ny is not None:
        if ys is not None:
            return None  # a year with another year in a note: the grammar warns
        assert nys is not None
        year, basis, relation = int(ny), _BASIS_OF[nys], YEAR_RELATION.get(nyr or "", "at")
    if c1 is not None:
        assert c2 is not None
        if len(c1) > _EXACT_DIGITS or len(c2) > _EXACT_DIGITS:
            return None  # the grammar rounds to 28 digits
        first = (c1, "quantity", Decimal(int(c1.replace(",", ""))))
        second = (c2, "quantity", Decimal(int(c2.replace(",", ""))))
        parts = (_new(Value, first + _PART_TAIL), _new(Value, second + _PART_TAIL))
        return Value(
            text,
            "compound",
            qualifiers=quals,
            year=year,
            year_basis=basis,
            year_relation=relation,
            parts=parts,
        )
    if ys is not None:
        relation = YEAR_RELATION.get(yr or "", "at")
        if era is None:
            assert y is not None
            year = int(y)
        else:
            assert ey is not None
            year = _ERA_START[era] + (0 if ey == "元" else int(ey) - 1)
        # the fields named in YEAR_FIELDS, every other one its default (a keyword call to
        # Value costs a microsecond: a third of a year's whole reading)
        head = (
            text,
            "deadline" if relation == "until" else "year",
            *_NO_FIGURE,
            quals,
            year,
            _BASIS_OF[ys],
            relation,
            era,
        )
        return _new(Value, head + _YEAR_TAIL)
    if state is not None:
        code, ongoing = STATE_WORDS[state]
        head = (text, "state", *_NO_FIGURE, quals, year, basis, relation, _NO_ERA, code, ongoing)
        return _new(Value, head + _STATE_TAIL)
    return Value(
        text,
        "relative",
        qualifiers=quals,
        year=year,
        year_basis=basis,
        year_relation=relation,
        relation="maintain" if keep else RELATIVE_DIRECTION[direction or ""],
        note=ref,
    )


def _check_literal() -> None:
    """fast() writes the defaults of Value's fields after QUANTITY_FIELDS out: they must be
    Value's own, in its order (a field added or moved fails here, at import, not silently)."""
    expected = Value("1人", "quantity", number=Decimal(1), unit="人")
    got = fast("1人")
    if got is None or tuple(got) != tuple(expected) or len(got) != len(Value._fields):
        raise ImportError("values_fast.fast: the defaults it writes out are not Value's")


_check_literal()
