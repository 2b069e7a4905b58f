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

import math
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal, NamedTuple

from hyoka.core.numerals import read_number
from hyoka.core.periods import YEAR_PATTERN, year_from_match

__all__ = [
    "PROVISIONAL",
    "QUALIFIER_LABELS",
    "Value",
    "explain",
    "explain_full",
    "normalise",
    "split_values",
    "unit_key",
]

Kind = Literal["quantity", "compound", "year", "deadline", "state", "relative", "none", "text"]
Bound = Literal["at_least", "more_than", "at_most", "less_than"]

#: Qualifier codes and the words that write them (longest first where one contains another).
QUALIFIER_WORDS: tuple[tuple[str, str], ...] = (
    ("集計中", "counting"),
    ("速報値", "preliminary"),
    ("速報", "preliminary"),
    ("見込み", "forecast"),
    ("見込", "forecast"),
    ("見通し", "forecast"),
    ("予定", "planned"),
    ("程度", "roughly"),
    ("前後", "roughly"),
    ("概ね", "roughly"),
    ("約", "about"),
    ("累計", "cumulative"),
    ("延べ", "total"),
    ("暫定値", "provisional"),
    ("暫定", "provisional"),
    ("確定値", "confirmed"),
    ("毎年度", "every_year"),
    ("毎年", "every_year"),
)
QUALIFIER_LABELS: dict[str, tuple[str, str]] = {
    "counting": ("集計中", "still being counted"),
    "preliminary": ("速報値", "preliminary figure"),
    "forecast": ("見込", "forecast"),
    "planned": ("予定", "planned"),
    "roughly": ("程度", "rough estimate"),
    "about": ("約", "rounded figure"),
    "cumulative": ("累計", "cumulative"),
    "total": ("延べ", "total count"),
    "provisional": ("暫定値", "provisional figure"),
    "confirmed": ("確定値", "confirmed figure"),
    "every_year": ("毎年度", "every year"),
}
#: Qualifiers that make an actual provisional (達成見込 / 達成不可見込 rather than 達成済み / 達成不可).
PROVISIONAL = frozenset(
    {"counting", "preliminary", "forecast", "planned", "roughly", "provisional"}
)

BOUND_WORDS: tuple[tuple[str, Bound], ...] = (
    ("以上", "at_least"),
    ("超", "more_than"),
    ("以下", "at_most"),
    ("以内", "at_most"),
    ("未満", "less_than"),
)
BOUND_LABELS: dict[str, tuple[str, str]] = {
    "at_least": ("以上", "at least"),
    "more_than": ("超", "more than"),
    "at_most": ("以下", "at most"),
    "less_than": ("未満", "less than"),
}
#: States a target or an actual can name: code and whether it is ongoing (held through the year).
STATE_WORDS: dict[str, tuple[str, bool]] = {
    "常時": ("always", True),
    "維持": ("maintained", True),
    "継続": ("continued", True),
    "開設": ("opened", False),
    "開催": ("held", False),
    "実施": ("done", False),
    "完了": ("completed", False),
    "策定": ("formulated", False),
}
PLACEHOLDERS = frozenset({"-", "―", "−", "ー", "‐", "—", "–", "なし", "無し", "該当なし", "─"})
#: Counters that mean the same thing (名 and 人 both count persons).
UNIT_ALIASES: dict[str, str] = {
    "名": "人",
    "ヵ所": "箇所",
    "か所": "箇所",
    "ヶ所": "箇所",
    "ケ所": "箇所",
}
PER_WORDS: dict[str, str] = {
    "年度": "年度",
    "年": "年",
    "日": "日",
    "月": "月",
    "週": "週",
    "回": "回",
}
NEGATIVE_SIGNS = "▲△▼-−"

_RELATIVE = re.compile(
    r"^(?P<ref>現状値|現状|基準値|策定時|計画策定時|前年度|前年)(?:から|より|比)?の?"
    r"(?:(?P<dir>増加|上昇|向上|改善|増|減少|低下|削減|減)|を?(?P<keep>維持))$"
)
_RELATIVE_DIRECTION = {
    "増加": "increase",
    "上昇": "increase",
    "向上": "increase",
    "改善": "increase",
    "増": "increase",
    "減少": "decrease",
    "低下": "decrease",
    "削減": "decrease",
    "減": "decrease",
}
_YEAR = re.compile(rf"{YEAR_PATTERN}(?P<rel>末まで|までに|まで|以降|から|末|中|内)?")
#: How a word after a year relates the value to it: by (until) or from.
_YEAR_RELATION = {
    "まで": "until",
    "までに": "until",
    "末まで": "until",
    "末": "until",
    "中": "until",
    "内": "until",
    "以降": "from",
    "から": "from",
}
_PAREN = re.compile(r"\(([^()]*)\)")
#: A counter: up to 8 characters that are not digits, separators, signs or rating marks
#: (so neither ``2,805人▲`` nor ``12社、`` is read as a count of "人▲" or "社、").
_UNIT = re.compile(r"[^\d\s/()~,.+\-−▲△▼◎○×、。]{1,8}")
#: ``/1年`` is a cadence; ``/2年`` (once every two years) is not one this grammar reads.
_PER_COUNTED = re.compile(r"(?P<count>\d+)(?P<word>年度|年|日|月|週)")
#: Four digits read as a number: with 年… after them they are a year, not a count.
_WESTERN_YEAR = re.compile(r"[1-9]\d{3}")
_SPACES = re.compile(r"[\s\u3000]+")
_QUALIFIER_FIRST = frozenset(w[0] for w, _ in QUALIFIER_WORDS)
_QUALIFIER_LAST = frozenset(w[-1] for w, _ in QUALIFIER_WORDS)
_BOUND_LAST = frozenset(w[-1] for w, _ in BOUND_WORDS)


class Value(NamedTuple):
    """One value as a document writes it, with what was understood of it.

    ``number`` has scale words applied and is negative for ``▲``; ``unit`` is the
    counter without scale words; ``per`` the cadence (``年度`` in ``1回/年度``);
    ``year`` the year the figure belongs to, with ``year_basis`` ``fiscal``
    (年度) or ``calendar`` (年) and ``year_relation`` ``at``, ``until`` (まで) or
    ``from`` (以降).  ``reason`` says why a ``text`` value was not understood.

    Immutable (a named tuple: cheaper to build than a frozen dataclass, which matters at a
    million values); compare values by their fields, never with plain tuples.
    """

    text: str
    kind: Kind
    number: Decimal | None = None
    unit: str | None = None
    scale: str | None = None
    per: str | None = None
    each: bool = False
    bound: Bound | None = None
    qualifiers: tuple[str, ...] = ()
    year: int | None = None
    year_basis: str | None = None
    year_relation: str | None = None
    era: str | None = None
    state: str | None = None
    ongoing: bool | None = None
    relation: str | None = None
    parts: tuple[Value, ...] = ()
    note: str | None = None
    reason: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def provisional(self) -> bool:
        """True for a figure that is not final: 予定, 集計中, 見込, 速報値, 程度, 暫定.

        >>> explain("5回程度").provisional, explain("約79,600人").provisional
        (True, False)
        """
        return not PROVISIONAL.isdisjoint(self.qualifiers)

    @property
    def understood(self) -> bool:
        return self.kind != "text"

    @property
    def is_none(self) -> bool:
        return self.kind == "none"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping; the keys are always present (``None`` when not applicable)."""
        out: dict[str, Any] = {
            "text": self.text,
            "kind": self.kind,
            "number": json_number(self.number),
            "unit": self.unit,
            "scale": self.scale,
            "per": self.per,
            "each": self.each,
            "bound": self.bound,
            "year": self.year,
            "year_basis": self.year_basis,
            "year_relation": self.year_relation,
            "qualifiers": list(self.qualifiers),
            "provisional": self.provisional,
            "state": self.state,
            "relation": self.relation,
            "note": self.note,
            "reason": self.reason,
        }
        if self.era:
            out["era"] = self.era
        if self.parts:
            out["parts"] = [p.to_dict() for p in self.parts]
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out


#: The largest integer every JSON reader keeps exactly (an IEEE double's 2⁵³).
JSON_SAFE_INTEGER = 2**53


def json_number(n: Decimal | None) -> int | float | None:
    """``Decimal`` → ``int`` when integral (up to :data:`JSON_SAFE_INTEGER`), else ``float``
    (JSON has no decimals); ``None`` for a number no JSON number can hold (a text such as
    ``1e5000人`` is read, but 5,000 digits would be neither printable nor useful).

    >>> json_number(Decimal("298000.0")), json_number(Decimal("85.1")), json_number(None)
    (298000, 85.1, None)
    >>> json_number(Decimal("1E+20")), json_number(Decimal("1E+5000"))
    (1e+20, None)
    """
    if n is None:
        return None
    if abs(n) <= JSON_SAFE_INTEGER and n == n.to_integral_value():
        return int(n)
    f = float(n)
    return f if math.isfinite(f) else None


def unit_key(unit: str | None) -> str | None:
    """The counter used to compare two values (``名`` and ``人`` are the same).

    >>> unit_key("名"), unit_key("人"), unit_key(None)
    ('人', '人', None)
    """
    if unit is None:
        return None
    return UNIT_ALIASES.get(unit, unit)


def normalise(text: str) -> str:
    """NFKC (full-width digits, letters and parentheses to ASCII) and single spaces.

    >>> normalise("１回（予定）　２回")
    '1回(予定) 2回'
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def _is_attachable(token: str) -> bool:
    """A token that belongs to the value before it: a parenthesised note or a bare qualifier."""
    if token.startswith("("):
        return True
    return any(token == w for w, _ in QUALIFIER_WORDS if w != "約") or any(
        token == w for w, _ in BOUND_WORDS
    )


def split_values(cell: str) -> list[str]:
    """Split a cell into its values: spaces separate them, notes in parentheses stay attached.

    >>> split_values("1回/年 (2017年度) 維持 (2017年度)")
    ['1回/年 (2017年度)', '維持 (2017年度)']
    >>> split_values("- ×")
    ['-', '×']
    >>> split_values("約 79,600人 見込")
    ['約 79,600人 見込']
    >>> split_values("")
    []

    The pieces keep the document's own characters (full-width parentheses stay):

    >>> split_values("2019年度（予定）　1回（予定）")
    ['2019年度（予定）', '1回（予定）']
    """
    out: list[str] = []
    glue_next = sign = False
    for tok in cell.split():
        norm = normalise(tok)
        # a lone ▲/△ is a minus sign only before a number: "△ △" is two ratings
        glued = glue_next and (not sign or norm[:1].isdigit())
        if out and (glued or _is_attachable(norm)):
            out[-1] = f"{out[-1]} {tok}"
        else:
            out.append(tok)
        glue_next = norm in ("約", "各", "累計", "延べ", "▲", "△", "概ね")
        sign = norm in ("▲", "△")
    return out


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
        return _values_fast.fast(text) or _explain(text)
    except Exception as exc:  # pragma: no cover - a bug, but a value is never lost to one
        return Value(text, "text", reason=f"内部エラー: {type(exc).__name__}: {exc}")


def explain_full(text: str) -> Value:
    """:func:`explain` through the full grammar only, never the fast path (for tests).

    >>> explain_full("29.8万人 (2023年度)") == explain("29.8万人 (2023年度)")
    True
    """
    return _explain(text)


def _explain(text: str) -> Value:
    norm = normalise(text)
    if not norm:
        return Value(text, "text", reason="空欄です")
    if norm in PLACEHOLDERS:
        return Value(text, "none")
    annotations: dict[str, Any] = {"qualifiers": [], "notes": [], "warnings": []}
    main = _PAREN.sub(lambda m: _annotate(m.group(1), annotations) or " ", norm)
    main = main.replace(" ", "")
    if "(" in main or ")" in main:
        return Value(text, "text", reason="括弧の対応が取れていません")
    if not main:
        if _only_pending(annotations["qualifiers"]) and not annotations["notes"]:
            return Value(text, "none", qualifiers=tuple(annotations["qualifiers"]))
        return Value(text, "text", reason="括弧書きだけで値がありません")
    value = _read_main(text, main, annotations["qualifiers"])
    if value.kind == "text":
        return value
    return _apply_annotations(value, annotations)


def _annotate(inner: str, acc: dict[str, Any]) -> str:
    """Read one parenthesised note into ``acc``; returns '' (the note is removed from the value)."""
    note = inner.strip()
    rest = note
    m = _YEAR.search(rest)
    if m and not acc.get("year"):
        acc["year"] = year_from_match(m)
        acc["year_relation"] = _YEAR_RELATION.get(m.group("rel") or "", "at")
        rest = (rest[: m.start()] + rest[m.end() :]).strip()
    rest, quals = _strip_qualifiers(rest)
    acc["qualifiers"].extend(quals)
    if rest.strip(" 、,"):
        acc["notes"].append(note)
    return ""


def _strip_qualifiers(s: str) -> tuple[str, list[str]]:
    """Remove qualifier words at either end of ``s``; returns the rest and the codes found.

    >>> _strip_qualifiers("約79,600人見込")
    ('79,600人', ['forecast', 'about'])
    """
    found: list[str] = []
    if not s or (s[0] not in _QUALIFIER_FIRST and s[-1] not in _QUALIFIER_LAST):
        return s, found  # most texts: no qualifier word can start or end them
    changed = True
    while changed and s:
        changed = False
        for word, code in QUALIFIER_WORDS:
            if s.endswith(word):
                s = s[: -len(word)]
            elif s.startswith(word):
                s = s[len(word) :]
            else:
                continue
            changed = True
            if code not in found:
                found.append(code)
            break
    return s, found


def _only_pending(quals: list[str]) -> bool:
    """``集計中`` or ``(予定)`` alone: no figure yet — a placeholder that says why."""
    return bool(quals) and set(quals) <= {"counting", "planned", "forecast"}


def _read_main(text: str, main: str, quals: list[str]) -> Value:
    main, front = _strip_qualifiers(main)
    for q in front:
        if q not in quals:
            quals.append(q)
    each = main.startswith("各")
    if each:
        main = main[1:]
    if not main:
        if _only_pending(quals) and not each:
            return Value(text, "none", qualifiers=tuple(quals))
        return Value(text, "text", reason="修飾語だけで値がありません")
    if main in PLACEHOLDERS:
        return Value(text, "none", qualifiers=tuple(quals))
    if main in STATE_WORDS:
        code, ongoing = STATE_WORDS[main]
        return Value(text, "state", state=code, ongoing=ongoing, each=each)
    rel = _RELATIVE.match(main)
    if rel:
        relation = "maintain" if rel.group("keep") else _RELATIVE_DIRECTION[rel.group("dir")]
        return Value(text, "relative", relation=relation, note=rel.group("ref"))
    ym = _YEAR.fullmatch(main)
    if ym and (ym.group("suffix") or ym.group("era")):
        py = year_from_match(ym)
        rel_word = ym.group("rel")
        relation = _YEAR_RELATION.get(rel_word or "", "at")
        kind: Kind = "deadline" if relation == "until" else "year"
        return Value(
            text,
            kind,
            year=py.year,
            year_basis=py.basis if py.basis != "unknown" else None,
            year_relation=relation,
            era=py.era,
        )
    return _read_quantity(text, main, each)


def _read_quantity(text: str, main: str, each: bool) -> Value:
    body, per, per_bound = main, None, None
    slash = body.rfind("/")
    if slash >= 0 and slash + 1 < len(body):
        per_text, per_bound = _strip_bound(body[slash + 1 :])
        counted = _PER_COUNTED.fullmatch(per_text)
        if counted or not per_text[:1].isdigit():
            body = body[:slash]
            if counted and counted.group("count") != "1":
                return Value(
                    text,
                    "text",
                    reason=f"「/{per_text}」（複数の期間あたり）は読めません（例: /年度, /1年）",
                )
            if counted:
                per_text = counted.group("word")
            if per_text not in PER_WORDS:
                return Value(
                    text,
                    "text",
                    reason=f"「/{per_text}」を期間として読めません（例: /年度, /年, /日）",
                )
            per = PER_WORDS[per_text]
    if "/" in body:
        parts = [_read_quantity(p, p, False) for p in body.split("/")]
        bad = [p for p in parts if p.kind != "quantity"]
        if bad or len(parts) < 2:
            return Value(text, "text", reason="「/」で区切られた数値を読めません（例: 5,559/250）")
        return Value(text, "compound", parts=tuple(parts), per=per, each=each)
    body, bound = _strip_bound(body)
    body, quals = _strip_qualifiers(body)
    negative = False
    if body[:1] and body[0] in NEGATIVE_SIGNS and body[1:2].isdigit():
        negative, body = True, body[1:]
    elif body.startswith("マイナス"):
        negative, body = True, body[4:]
    elif body.startswith("+"):
        body = body[1:]
    num = read_number(body)
    if num is None:
        return Value(text, "text", reason="数値・年度・状態のいずれとしても読めません")
    unit_text = body[num.end :]
    unit_text, more = _strip_qualifiers(unit_text)
    quals += more
    if bound is None:
        unit_text, bound = _strip_bound(unit_text)
    if bound is None:
        bound = per_bound  # 100人/年度以上
    if unit_text.startswith("年") and _WESTERN_YEAR.fullmatch(body[: num.end]):
        return Value(
            text,
            "text",
            reason=f"「{main}」を年・年度として読めません（例: 2023年度, 2023年度まで）",
        )
    if unit_text and not _UNIT.fullmatch(unit_text):
        return Value(text, "text", reason=f"数値のあとの「{unit_text}」を単位として読めません")
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


def _strip_bound(s: str) -> tuple[str, Bound | None]:
    if not s or s[-1] not in _BOUND_LAST:
        return s, None
    for word, code in BOUND_WORDS:
        if s.endswith(word):
            return s[: -len(word)], code
    return s, None


def _apply_annotations(value: Value, ann: dict[str, Any]) -> Value:
    quals = list(value.qualifiers)
    for q in ann["qualifiers"]:
        if q not in quals:
            quals.append(q)
    changes: dict[str, Any] = {"qualifiers": tuple(quals)}
    py = ann.get("year")
    if py is not None:
        if value.year is not None and value.year != py.year:
            changes["warnings"] = (f"年度が二つあります: {value.year} と {py.year}",)
        else:
            changes["year"] = py.year
            changes["year_basis"] = py.basis if py.basis != "unknown" else None
            changes["year_relation"] = ann["year_relation"]
            changes["era"] = value.era or py.era
    if ann["notes"]:
        changes["note"] = "; ".join(ann["notes"])
    return value._replace(**changes)


# The fast path (hyoka.core.values_fast) reads the common forms with one regular expression and
# builds the very Value the grammar above builds; imported last, as it uses this module's names.
from hyoka.core import values_fast as _values_fast  # noqa: E402
