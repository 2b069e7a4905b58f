"""The value grammar: how status lists write baselines, targets and actuals.

Every text becomes a typed :class:`Value` that keeps its original ``text``.  A
text that cannot be understood becomes ``kind="text"`` with a ``reason``; it is
never dropped and never guessed.

>>> v = explain("29.8万人 (2023年度)")
>>> v.kind, v.number, v.unit, v.scale, v.year, v.year_basis
('quantity', Decimal('298000'), '人', '万', 2023, 'fiscal')
>>> explain("▲2,805人 (2017年)").number
Decimal('-2805')
>>> v = explain("100名以上 (集計中)")
>>> v.number, v.unit, v.bound, v.qualifiers, v.provisional
(Decimal('100'), '名', 'at_least', ('counting',), True)
>>> explain("2019年度まで").kind
'deadline'
>>> explain("-").kind
'none'
>>> explain("よく分からない").reason
'数値・年度・状態のいずれとしても読めません'

A cell may hold several values, one per indicator (:func:`split_values`):

>>> split_values("100名以上 (集計中) 2019年度")
['100名以上 (集計中)', '2019年度']
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from hyoka.core.dates import read_bare_era_year, read_point
from hyoka.core.forms import (
    POINTERS,
    ChangeParts,
    Label,
    RangeParts,
    lead_strength,
    per_unit,
    pointer_reason,
    read_change,
    read_label,
    read_range,
    split_transition,
    strip_footnotes,
)
from hyoka.core.i18n import gettext_noop, said
from hyoka.core.notes import YEAR_WITH_RELATION, Notes, read_note, strip_qualifiers
from hyoka.core.numerals import KANJI_DIGITS, kanji_number, read_number
from hyoka.core.periods import year_from_match
from hyoka.core.values_fast import fast
from hyoka.core.valuetype import Value, json_number, normalise, unit_key
from hyoka.core.words import (
    BOUND_LABELS,
    BOUND_WORDS,
    NEGATIVE_SIGNS,
    PER_WORDS,
    PLACEHOLDERS,
    PROVISIONAL,
    QUALIFIER_LABELS,
    QUALIFIER_WORDS,
    REFERENCE_WORDS,
    RELATIVE_DIRECTION,
    STATE_WORDS,
    YEAR_RELATION,
    Bound,
    Kind,
)

__all__ = [
    "BOUND_LABELS",
    "PROVISIONAL",
    "QUALIFIER_LABELS",
    "Value",
    "explain",
    "explain_full",
    "json_number",
    "normalise",
    "split_values",
    "unit_key",
]

_RELATIVE = re.compile(
    rf"^(?P<ref>{'|'.join(REFERENCE_WORDS)})(?:から|より|比)?の?"
    rf"(?:(?P<dir>{'|'.join(RELATIVE_DIRECTION)})|を?(?P<keep>維持|下回らない)|(?P<least>以上))$"
)
_ARROWS = "→⇒⇨"
_QUALIFIER_IN = re.compile("|".join(w for w, _ in QUALIFIER_WORDS)).search
_NUMERAL = re.compile(r"[0-9〇零一二三四五六七八九十百千元]").search
#: What any form before the value itself needs: a numeral, a bracket, an arrow, a footnote
#: mark or a colon.
_FORM_MARK = re.compile(r"[0-9〇零一二三四五六七八九十百千元()\[\]【】→⇒⇨>※*注:]").search
#: A note in brackets: (…), […] or 【…】 (NFKC has made full-width parentheses ASCII).
_BRACKETS = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]|【([^【】]*)】")
#: A counter: up to 8 characters that are not digits, separators, signs or rating marks
#: (so neither ``2,805人▲`` nor ``12社、`` is read as a count of "人▲" or "社、").
_UNIT = re.compile(r"[^\d\s/()~,.+\-−▲△▼◎○×、。]{1,8}")
#: ``/1年`` is a cadence; ``/2年`` (once every two years) is not one this grammar reads.
_PER_COUNTED = re.compile(r"(?P<count>\d+)(?P<word>年度|年|日|月|週)")
#: Four digits read as a number: with 年… after them they are a year, not a count.
_WESTERN_YEAR = re.compile(r"[1-9]\d{3}")
_TWO_YEARS = gettext_noop("年度が二つあります: %(a)s と %(b)s")
_BEFORE = gettext_noop("「→」の前の「%(text)s」を読めません: %(why)s")
_AFTER = gettext_noop("「→」の後の「%(text)s」を読めません: %(why)s")
_UNREADABLE = gettext_noop("数値・年度・状態のいずれとしても読めません")
#: What a label or a year before a value may label (H27 4.8%, 2018年度 5～8件).
_FIGURES = frozenset(("quantity", "compound", "range", "change"))
_BOUND_LAST = frozenset(w[-1] for w, _ in BOUND_WORDS)


def _is_attachable(token: str) -> bool:
    """A token that belongs to the value before it: a parenthesised note or a bare qualifier."""
    if token.startswith("("):
        return True
    return any(token == w for w, _ in QUALIFIER_WORDS if w != "約") or any(
        token == w for w, _ in BOUND_WORDS
    )


def split_values(cell: str, years: bool = False) -> list[str]:
    """Split a cell into its values: spaces separate them, notes in parentheses stay attached.

    >>> split_values("1回/年 (2017年度) 維持 (2017年度)")
    ['1回/年 (2017年度)', '維持 (2017年度)']
    >>> split_values("- ×")
    ['-', '×']
    >>> split_values("約 79,600人 見込")
    ['約 79,600人 見込']
    >>> split_values("")
    []
    >>> split_values("― → 30人 5回")
    ['― → 30人', '5回']

    A label or a year without 年度 before a figure belongs to it (the grammar reads
    ``H27 4.8%`` as one value); a year with 年度 (``2018年度 1,950億円``) only with ``years``,
    since ``2019年度 1回/年度`` is as often two values (the reader decides by the count):

    >>> split_values("H27 4.8% R5目標: 9,000人")
    ['H27 4.8%', 'R5目標: 9,000人']
    >>> split_values("2018年度 1,950億円"), split_values("2018年度 1,950億円", years=True)
    (['2018年度', '1,950億円'], ['2018年度 1,950億円'])

    The pieces keep the document's own characters (full-width parentheses stay):

    >>> split_values("2019年度（予定）　1回（予定）")
    ['2019年度（予定）', '1回（予定）']
    """
    out: list[str] = []
    glue_next = sign = False
    lead = 0
    for tok in cell.split():
        norm = normalise(tok)
        # a lone ▲/△ is a minus sign only before a number: "△ △" is two ratings
        glued = glue_next and (not sign or norm[:1].isdigit())
        if out and (
            glued
            or _is_attachable(norm)
            or norm[:1] in _ARROWS
            or (lead >= (1 if years else 2) and _labels(out[-1], tok))
        ):
            out[-1] = f"{out[-1]} {tok}"
            lead = 0
        else:
            out.append(tok)
            lead = lead_strength(norm)
        glue_next = norm in ("約", "各", "累計", "延べ", "▲", "△", "概ね") or norm[-1:] in _ARROWS
        sign = norm in ("▲", "△")
    return out


def _labels(label: str, tok: str) -> bool:
    """True when ``label`` before ``tok`` is read as one labelled figure (``H27 4.8%``)."""
    return explain(f"{label} {tok}").kind in _FIGURES


@lru_cache(maxsize=65536)
def explain(text: str) -> Value:
    """Understand one value text.  Never raises; results are cached (values are immutable).

    >>> explain("27兆9千億円 (2015年)").number
    Decimal('27900000000000')
    >>> v = explain("1回/年度")
    >>> v.number, v.unit, v.per
    (Decimal('1'), '回', '年度')
    >>> v = explain("各1回以上/年度")
    >>> v.each, v.bound, v.per
    (True, 'at_least', '年度')
    >>> v = explain("189,932人/日 (2017年度)")
    >>> v.per, v.year
    ('日', 2017)
    >>> [p.number for p in explain("5,559/250 (2019年度)").parts]
    [Decimal('5559'), Decimal('250')]
    >>> v = explain("2回/年度 (2020年度以降)")
    >>> v.year, v.year_relation
    (2020, 'from')
    >>> v = explain("13大学 (2023年度まで)")
    >>> v.unit, v.year, v.year_relation
    ('大学', 2023, 'until')
    >>> explain("常時 (毎年度)").state, explain("開設").ongoing
    ('always', False)
    >>> explain("現状値からの増加 (2023年度)").relation
    'increase'
    >>> v = explain("令和元年度（予定）")
    >>> v.kind, v.year, v.era, v.qualifiers
    ('year', 2019, '令和', ('planned',))
    """
    try:
        return fast(text) or _explain(text)
    except Exception as exc:  # pragma: no cover - a bug, but a value is never lost to one
        return Value(
            text, "text", reason=said("内部エラー: %(error)s", error=f"{type(exc).__name__}: {exc}")
        )


def explain_full(text: str) -> Value:
    """:func:`explain` through the full grammar only, never the fast path (for tests).

    >>> explain_full("29.8万人 (2023年度)") == explain("29.8万人 (2023年度)")
    True
    """
    return _explain(text)


def _explain(text: str) -> Value:
    norm = normalise(text)
    if not norm:
        return Value(text, "text", reason=said("空欄です"))
    if norm in PLACEHOLDERS:
        return Value(text, "none")
    return _explain_norm(text, norm)


def _explain_norm(text: str, norm: str) -> Value:
    """The grammar on ``norm`` (normalised ``text``): the forms of :mod:`hyoka.core.forms`
    first — footnote marks, before → after, a year or label before the value — then the
    notes in brackets and the value itself."""
    if _FORM_MARK(norm) is None:
        # no numeral, bracket, arrow, footnote mark or colon: none of the forms and no note
        # applies (a year or a label needs a numeral or a colon), only the value itself
        plain = Notes()
        value = _read_main(text, norm.replace(" ", ""), plain.qualifiers)
        return value if value.kind == "text" else _apply_notes(value, plain)
    norm, footnotes = strip_footnotes(norm)
    if footnotes:
        value = (
            _explain_norm(text, norm)
            if norm
            else Value(text, "text", reason=said("注記の印だけです"))
        )
        if value.kind == "text":
            return value
        return value._replace(footnotes=footnotes + value.footnotes)
    try:
        pair = split_transition(norm)
    except ValueError as exc:
        return Value(text, "text", reason=exc.args[0])
    if pair is not None:
        return _transition(text, *pair)
    label = read_label(norm) if norm[:1] not in "(0123456789" or " " in norm else None
    labelled = _labelled(text, label) if label is not None else None
    if labelled is not None:
        return labelled
    notes = Notes()
    main = _BRACKETS.sub(lambda m: _note(m, notes), norm)
    main = main.replace(" ", "")
    if notes.refusal:
        return Value(text, "text", reason=notes.refusal)
    if notes.notes and main in POINTERS:  # 同上【行12 列6は空欄です】: why the reader refused
        return Value(text, "text", reason=pointer_reason(main, notes.notes[-1]))
    if any(c in main for c in "()[]【】"):
        return Value(text, "text", reason=said("括弧の対応が取れていません"))
    if not main:
        if _only_pending(notes.qualifiers) and not notes.notes:
            return Value(text, "none", qualifiers=tuple(notes.qualifiers))
        return Value(text, "text", reason=said("括弧書きだけで値がありません"))
    value = _read_main(text, main, notes.qualifiers)
    if value.kind == "text":
        return value
    return _apply_notes(value, notes)


def _transition(text: str, before_text: str, after_text: str) -> Value:
    """``12.0%(H24)→20.0%(H28)``, ``― → 30人``: two values; the one after is what counts."""
    before, after = _explain(before_text), _explain(after_text)
    for side, v in ((_BEFORE, before), (_AFTER, after)):
        if v.kind == "text":
            return Value(text, "text", reason=said(side, text=v.text, why=v.reason))
    if after.kind == "none":
        return Value(text, "text", reason=said("「→」の後に値がありません"))
    return Value(text, "transition", parts=(before, after))  # the years are the parts'


def _labelled(text: str, label: Label) -> Value | None:
    """A year or a label before a figure: ``H27 4.8%``, ``R5目標:9,000人`` (None when what
    follows is no figure: ``2019年度 2020年度`` is read as two years, and refused)."""
    value = _explain(label.rest)
    if value.kind not in ("quantity", "compound", "range", "change"):
        return value._replace(text=text) if value.kind == "text" and label.label else None
    changes: dict[str, Any] = {"text": text}
    if label.label:
        changes["note"] = "; ".join(n for n in (label.label, value.note) if n)
        _, quals = strip_qualifiers(label.label)
        if quals:
            changes["qualifiers"] = (
                *value.qualifiers,
                *(q for q in quals if q not in value.qualifiers),
            )
    if label.year is not None:
        ym = YEAR_WITH_RELATION.fullmatch(label.year)
        assert ym is not None
        parsed = year_from_match(ym)
        if value.year is not None and value.year != parsed.year:
            warning = said(_TWO_YEARS, a=parsed.year, b=value.year)
            changes["warnings"] = (*value.warnings, warning)
        else:
            changes["year"] = parsed.year
            changes["year_basis"] = parsed.basis if parsed.basis != "unknown" else None
            changes["year_relation"] = value.year_relation or "at"
            changes["era"] = parsed.era
    return value._replace(**changes)


def _note(m: re.Match[str], notes: Notes) -> str:
    read_note(m.group(1) or m.group(2) or m.group(3) or "", notes, _figure)
    return " "


def _figure(text: str) -> Value | None:
    """A revised target's figure (``40件/年度`` in ``R3見直し後40件/年度``), or None."""
    v = _explain(text)
    return v if v.kind in ("quantity", "compound", "state", "year", "deadline") else None


def _only_pending(quals: list[str]) -> bool:
    """``集計中`` or ``(予定)`` alone: no figure yet — a placeholder that says why."""
    return bool(quals) and set(quals) <= {"counting", "planned", "forecast"}


def _read_main(text: str, main: str, quals: list[str]) -> Value:
    main, front = strip_qualifiers(main)
    for q in front:
        if q not in quals:
            quals.append(q)
    each = main.startswith("各")
    if each:
        main = main[1:]
    if not main:
        if _only_pending(quals) and not each:
            return Value(text, "none", qualifiers=tuple(quals))
        return Value(text, "text", reason=said("修飾語だけで値がありません"))
    if main in PLACEHOLDERS:
        return Value(text, "none", qualifiers=tuple(quals))
    pointer = pointer_reason(main)
    if pointer is not None:
        return Value(text, "text", reason=pointer)
    if main in STATE_WORDS:
        code, ongoing = STATE_WORDS[main]
        return Value(text, "state", state=code, ongoing=ongoing, each=each)
    rel = _RELATIVE.match(main)
    if rel:
        keep = rel.group("keep") or rel.group("least")
        relation = "maintain" if keep else RELATIVE_DIRECTION[rel.group("dir")]
        return Value(text, "relative", relation=relation, note=rel.group("ref"))
    ym = YEAR_WITH_RELATION.fullmatch(main)
    if ym and (ym.group("suffix") or ym.group("era")):
        parsed = year_from_match(ym)
        rel_word = ym.group("rel")
        relation = YEAR_RELATION.get(rel_word or "", "at")
        kind: Kind = "deadline" if relation == "until" else "year"
        return Value(
            text,
            kind,
            year=parsed.year,
            year_basis=parsed.basis if parsed.basis != "unknown" else None,
            year_relation=relation,
            era=parsed.era,
        )
    if _NUMERAL(main) is None:  # no digit, kanji numeral or 元: no year, date, change or figure
        return Value(text, "text", reason=said(_UNREADABLE))
    bare = read_bare_era_year(main)
    if bare is not None:
        if bare.basis == "calendar" and bare.relation == "at":
            return Value(
                text,
                "text",
                reason=said(
                    "「%(text)s」が年数か元号のない和暦の年か分かりません（例: 令和5年, 2023年, 5年間）",
                    text=main,
                ),
            )
        return Value(
            text,
            "deadline" if bare.relation == "until" else "year",
            year_basis=bare.basis,
            year_relation=bare.relation,
            era_year=bare.number,
        )
    point = read_point(main)
    if point is not None:
        return Value(text, "date", as_of=point)
    change = read_change(main)
    if change is not None:
        return _change(text, change, each)
    return _read_quantity(text, main, each)


def _change(text: str, change: ChangeParts, each: bool) -> Value:
    """``15%増``, ``0.5ポイント減``, ``+3件``: a change on the baseline, not a unit ``%増``."""
    num = read_number(change.amount)
    if num is None or (change.unit and not _UNIT.fullmatch(change.unit)):
        return Value(
            text, "text", reason=said("「%(text)s」を増減の目標として読めません", text=text)
        )
    return Value(
        text,
        "change",
        number=_exact(num.value),
        unit=change.unit or None,
        each=each,
        relation=change.direction,
        note=change.reference,
    )


def _exact(n: Decimal) -> Decimal:
    return Decimal(int(n)) if n == n.to_integral_value() else n


def _read_quantity(text: str, main: str, each: bool, alone: bool = True) -> Value:
    kanji = kanji_number(main) if main[:1] in KANJI_DIGITS or main[:1] in "十百千" else None
    if kanji is not None:
        main = kanji[0] + main[kanji[1] :]
    body, per, per_bound, denominator = main, None, None, None
    slash = body.rfind("/")
    if slash >= 0 and slash + 1 < len(body):
        per_text, per_bound = _strip_bound(body[slash + 1 :])
        counted = _PER_COUNTED.fullmatch(per_text)
        if per_text not in PER_WORDS and not counted and per_unit(per_text):
            denominator, body = per_text, body[:slash]  # 件/万人, 円/人: a compound unit
        elif counted or not per_text[:1].isdigit():
            body = body[:slash]
            if counted and counted.group("count") != "1":
                return Value(
                    text,
                    "text",
                    reason=said(
                        "「/%(per)s」（複数の期間あたり）は読めません（例: /年度, /1年）",
                        per=per_text,
                    ),
                )
            if counted:
                per_text = counted.group("word")
            if per_text not in PER_WORDS:
                return Value(
                    text,
                    "text",
                    reason=said(
                        "「/%(per)s」を期間として読めません（例: /年度, /年, /日）", per=per_text
                    ),
                )
            per = PER_WORDS[per_text]
    band = read_range(body) if body[:1].isdigit() else None
    if band is not None:
        return _range(text, band, per, each)
    if "/" in body:
        parts = [_read_quantity(p, p, False, alone=False) for p in body.split("/")]
        bad = [p for p in parts if p.kind != "quantity"]
        if bad or len(parts) < 2:
            return Value(
                text, "text", reason=said("「/」で区切られた数値を読めません（例: 5,559/250）")
            )
        return Value(text, "compound", parts=tuple(parts), per=per, each=each)
    body, bound = _strip_bound(body)
    body, quals = strip_qualifiers(body)
    negative = False
    if body[:1] and body[0] in NEGATIVE_SIGNS and body[1:2].isdigit():
        negative, body = True, body[1:]
    elif body.startswith("マイナス"):
        negative, body = True, body[4:]
    elif body.startswith("+"):
        body = body[1:]
    num = read_number(body)
    if num is None:
        return Value(text, "text", reason=said(_UNREADABLE))
    unit_text = body[num.end :]
    unit_text, more = strip_qualifiers(unit_text)
    quals += more
    if bound is None:
        unit_text, bound = _strip_bound(unit_text)
    if bound is None:
        bound = per_bound  # 100人/年度以上
    if unit_text.startswith("年") and _WESTERN_YEAR.fullmatch(body[: num.end]):
        return Value(
            text,
            "text",
            reason=said(
                "「%(text)s」を年・年度として読めません（例: 2023年度, 2023年度まで）", text=main
            ),
        )
    if unit_text and not _UNIT.fullmatch(unit_text):
        return Value(
            text,
            "text",
            reason=said("数値のあとの「%(unit)s」を単位として読めません", unit=unit_text),
        )
    found = _QUALIFIER_IN(unit_text) if unit_text else None
    if found is not None:
        inside = found.group()
        return Value(
            text,
            "text",
            reason=said(
                "単位「%(unit)s」の中に「%(word)s」があり、単位としても修飾語としても読めません",
                unit=unit_text,
                word=inside,
            ),
        )
    if alone and not unit_text and not num.scale and _year_like(body[: num.end]):
        return Value(
            text,
            "text",
            reason=said(
                "「%(text)s」が年か数か分かりません（年なら%(text)s年度、数なら単位を付けてください）",
                text=body,
            ),
        )
    if denominator is not None:
        if not unit_text:
            return Value(
                text,
                "text",
                reason=said(
                    "「/%(unit)s」の前に単位がありません（例: 3.5件/万人）", unit=denominator
                ),
            )
        unit_text = f"{unit_text}/{denominator}"
    number = -num.value if negative else num.value
    return Value(
        text,
        "quantity",
        number=Decimal(int(number)) if number == number.to_integral_value() else number,
        unit=unit_text or None,
        scale=num.scale or None,
        per=per,
        each=each,
        bound=bound,
        qualifiers=tuple(quals),
    )


def _range(text: str, band: RangeParts, per: str | None, each: bool) -> Value:
    """``5~8件``, ``60%以上90%未満``: the two ends in ``parts``, each with its bound."""
    low, high = (
        _read_quantity(band.low, band.low, False),
        _read_quantity(band.high, band.high, False),
    )
    if low.kind != "quantity" or high.kind != "quantity" or low.bound or high.bound:
        return Value(
            text, "text", reason=said("「%(text)s」を範囲（例: 5～8件）として読めません", text=text)
        )
    assert low.number is not None and high.number is not None
    if low.number > high.number:
        return Value(
            text, "text", reason=said("範囲の下限が上限より大きいです（%(text)s）", text=text)
        )
    return Value(
        text,
        "range",
        unit=high.unit,
        per=per,
        each=each,
        parts=(low._replace(bound=band.low_bound), high._replace(bound=band.high_bound)),
    )


def _year_like(digits: str) -> bool:
    """Four digits from 1900 to 2100 written alone: a year or a count (values_fast agrees)."""
    return len(digits) == 4 and digits.isdigit() and 1900 <= int(digits) <= 2100


def _strip_bound(s: str) -> tuple[str, Bound | None]:
    if not s or s[-1] not in _BOUND_LAST:
        return s, None
    for word, code in BOUND_WORDS:
        if s.endswith(word):
            return s[: -len(word)], code
    return s, None


def _apply_notes(value: Value, notes: Notes) -> Value:
    quals = list(value.qualifiers)
    for q in notes.qualifiers:
        if q not in quals:
            quals.append(q)
    changes: dict[str, Any] = {"qualifiers": tuple(quals)}
    warnings = list(value.warnings) + notes.warnings
    parsed = notes.year
    if parsed is not None:
        if value.year is not None and value.year != parsed.year:
            warnings.append(said(_TWO_YEARS, a=value.year, b=parsed.year))
        else:
            changes["year"] = parsed.year
            changes["year_basis"] = parsed.basis if parsed.basis != "unknown" else None
            changes["year_relation"] = notes.year_relation
            changes["era"] = value.era or parsed.era
    bare = notes.era_year
    if bare is not None:
        if value.year is not None or value.era_year is not None:
            warnings.append(said(_TWO_YEARS, a=value.year or value.era_year, b=bare.number))
        else:
            changes["era_year"] = bare.number
            changes["year_basis"] = bare.basis
            changes["year_relation"] = bare.relation
    if notes.as_of is not None:
        changes["as_of"] = notes.as_of
    if notes.revisions:
        changes["revisions"] = tuple(notes.revisions)
    if notes.footnotes:
        changes["footnotes"] = (*value.footnotes, *notes.footnotes)
    if notes.notes:
        changes["note"] = "; ".join(notes.notes)
    if warnings:
        changes["warnings"] = tuple(warnings)
    return value._replace(**changes)
