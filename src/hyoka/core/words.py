"""The words of the value grammar, in one place: qualifiers, bounds, states, placeholders,
counters, cadences, the words of relative targets and of years.

Both readers of value texts take their words from here: the full grammar
(:mod:`hyoka.core.values`) and its fast path (:mod:`hyoka.core.values_fast`), so that a word
added here is read alike by both (``tests/core/test_values_fast.py`` checks they agree).
"""

from __future__ import annotations

from typing import Literal

__all__ = [
    "BOUND_LABELS",
    "BOUND_WORDS",
    "NEGATIVE_SIGNS",
    "NOT_DONE_STATES",
    "PER_WORDS",
    "PLACEHOLDERS",
    "PROVISIONAL",
    "QUALIFIER_LABELS",
    "QUALIFIER_WORDS",
    "REFERENCE_WORDS",
    "RELATIVE_DIRECTION",
    "STATE_WORDS",
    "UNDECIDED_STATES",
    "UNIT_ALIASES",
    "YEAR_RELATION",
    "Bound",
    "Kind",
]

Kind = Literal[
    "quantity",
    "compound",
    "year",
    "deadline",
    "date",
    "state",
    "relative",
    "change",
    "range",
    "transition",
    "none",
    "text",
]
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
    "実施済": ("done", False),
    "実施済み": ("done", False),
    "完了済": ("completed", False),
    "完了済み": ("completed", False),
    "実施中": ("in_progress", True),
    "未実施": ("not_done", False),
    "未着手": ("not_done", False),
    "検討中": ("considering", True),
    "調整中": ("considering", True),
    "準備中": ("preparing", True),
}
#: States that say the target is not (yet) reached: 未実施 is not done; 検討中 and 準備中 say
#: only that work has not finished, which a rating cannot read as done or not done.
NOT_DONE_STATES = frozenset({"not_done"})
UNDECIDED_STATES = frozenset({"considering", "preparing"})
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


#: Words of a relative target's direction (現状値からの増加).
RELATIVE_DIRECTION: dict[str, str] = {
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
#: How a word after a year relates the value to it: by (until) or from.
YEAR_RELATION: dict[str, str] = {
    "まで": "until",
    "までに": "until",
    "末まで": "until",
    "末": "until",
    "中": "until",
    "内": "until",
    "以降": "from",
    "から": "from",
}

#: What a relative target is relative to (現状値からの増加, 前年度比増), longest first.
REFERENCE_WORDS: tuple[str, ...] = (
    "現状値",
    "現状",
    "基準値",
    "策定時",
    "計画策定時",
    "前年度",
    "前年",
)
