"""Which members take part in a project (参加市町村), as the document says it.

A status list does not have a column for it: the project's texts say it.  A project whose
name, summary (事業概要) or progress notes (連携事業実施状況等) name member municipalities takes
those; one that speaks of 各市町村, 圏域内各市町村 or 連携市町村 (or of "the 12 municipalities",
as many as the area has) takes every member.  A project whose texts name no member says
nothing: it is left to its lead (幹事市町村), and :attr:`Participation.stated` is False.

The result keeps the words that said it (:attr:`Participation.basis`), so a page can show why.

>>> members = ["札幌市", "小樽市", "石狩市", "当別町"]
>>> p = participation({"事業概要": "札幌市、石狩市及び当別町の汚泥を共同で処理する。"}, members)
>>> p.members, p.basis
(('札幌市', '石狩市', '当別町'), '事業概要「札幌市」「石狩市」「当別町」')
>>> p = participation({"事業概要": "圏域内各市町村の職員の交流を図る。"}, members)
>>> p.members == tuple(members), p.everyone, p.basis
(True, True, '事業概要「圏域内各市町村」')
>>> participation({"事業概要": "講座を開催する。"}, members).stated
False
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hyoka.core.values import explain

__all__ = [
    "COUNTED_PER_MEMBER",
    "EVERY_MEMBER_WORDS",
    "Participation",
    "counts_across_members",
    "participation",
]

#: Words that mean every member of the area (longest first, so the basis quotes the whole word)
EVERY_MEMBER_WORDS: tuple[str, ...] = (
    "圏域内全各市町村",
    "圏域内各市町村",
    "各市町村",
    "連携市町村",
)


@dataclass(frozen=True)
class Participation:
    """The members a project's texts name, in the area's order, and the words that said it."""

    members: tuple[str, ...]
    basis: str
    everyone: bool = False

    @property
    def stated(self) -> bool:
        """Whether the texts say anything about who takes part."""
        return bool(self.members)


def participation(texts: Mapping[str, str], members: Sequence[str]) -> Participation:
    """Who takes part, from ``texts`` (label → text, e.g. ``{"事業概要": ...}``) among the
    area's ``members`` (their names, in the area's order).

    >>> participation({"事業名": "職員交流", "実施状況": "12市町村と協定を締結"}, ["札幌市"] * 12).everyone
    True
    >>> participation({"実施状況": "小樽商科大学で開催"}, ["札幌市", "小樽市"]).members
    ()
    """
    every = _every_member_pattern(len(members))
    quotes: list[str] = []
    for label, text in texts.items():
        found = sorted({m.group(0) for m in every.finditer(text or "")}, key=text.index)
        if found:
            quotes.append(label + "".join(f"「{w}」" for w in found))
    if quotes:
        return Participation(tuple(members), "、".join(quotes), everyone=True)
    named: list[str] = []
    for label, text in texts.items():
        here = [m for m in members if m and m in (text or "")]
        if here:
            quotes.append(label + "".join(f"「{m}」" for m in here))
            named += [m for m in here if m not in named]
    return Participation(tuple(m for m in members if m in named), "、".join(quotes))


def _every_member_pattern(count: int) -> re.Pattern[str]:
    words = [re.escape(w) for w in EVERY_MEMBER_WORDS]
    if count:
        words.append(rf"(?<![0-9０-９]){count}市町村")
    return re.compile("|".join(words))


#: What an indicator's name counts when each member brings its own share of it: people
#: trained or taking part from each member, staff exchanged, uses of a shared system, data
#: files each member publishes.  A joint event (共同出展回数) or one place's figure (空港利用者数)
#: is not among them.
COUNTED_PER_MEMBER: tuple[str, ...] = (
    "参加者数",
    "参加人数",
    "受講者数",
    "開催人数",
    "職員数",
    "利用回数",
    "データファイル数",
)


def counts_across_members(name: str, target: str, participants: int) -> bool:
    """Whether an indicator adds up each participating member's part: its project has more
    than one participant, its name counts what each member brings (:data:`COUNTED_PER_MEMBER`)
    and its target is a count (a quantity, or files/sets written ``5,559/250``).

    >>> counts_across_members("交流職員数", "2人以上/年度", 12)
    True
    >>> counts_across_members("交流職員数", "2人以上/年度", 1)
    False
    >>> counts_across_members("産業展示会の共同出展回数", "1回/年度", 12)
    False
    >>> counts_across_members("「札幌市ICT活用プラットフォーム」で公開されているデータファイル数/セット数",
    ...                       "5,559/250 (2019年度)", 12)
    True
    """
    if participants < 2 or not any(word in name for word in COUNTED_PER_MEMBER):
        return False
    return explain(target).kind in ("quantity", "compound")
