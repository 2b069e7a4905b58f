"""Areas Hyoka knows from the start: their municipalities and plan periods.

The 12 municipalities of the さっぽろ連携中枢都市圏 with their 全国地方公共団体コード.
"""

from __future__ import annotations

from typing import Any

SAPPORO_AREA = "さっぽろ連携中枢都市圏"

KNOWN_AREAS: dict[str, dict[str, object]] = {
    SAPPORO_AREA: {
        "slug": "sapporo",
        "municipalities": [
            ("011002", "札幌市", True),
            ("012033", "小樽市", False),
            ("012106", "岩見沢市", False),
            ("012173", "江別市", False),
            ("012246", "千歳市", False),
            ("012319", "恵庭市", False),
            ("012343", "北広島市", False),
            ("012351", "石狩市", False),
            ("013030", "当別町", False),
            ("013048", "新篠津村", False),
            ("014231", "南幌町", False),
            ("014281", "長沼町", False),
        ],
        "plans": [
            ("第1期さっぽろ連携中枢都市圏ビジョン", 2019, 2023),
            ("第2期さっぽろ連携中枢都市圏ビジョン", 2024, 2028),
        ],
    }
}


def check_digit_ok(code: str) -> bool:
    """全国地方公共団体コード: 5 digits and a check digit, the last digit of 11 − (Σ weight × digit mod 11).

    >>> check_digit_ok("011002"), check_digit_ok("014231"), check_digit_ok("011003")
    (True, True, False)
    """
    if len(code) != 6 or not code.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(code[:5], (6, 5, 4, 3, 2), strict=True))
    return int(code[5]) == (11 - total % 11) % 10


def ensure_known_areas(area_model: Any, municipality_model: Any) -> None:
    """Create the known areas and their municipalities where missing (idempotent).

    Called by the data migration (with historical models) and by the import, so a database
    emptied by hand (or by a test framework's flush) still knows its municipalities."""
    for name, data in KNOWN_AREAS.items():
        area, _ = area_model.objects.get_or_create(name=name, defaults={"slug": data["slug"]})
        rows: list[tuple[str, str, bool]] = data["municipalities"]  # type: ignore[assignment]
        for order, (code, mname, central) in enumerate(rows, 1):
            municipality_model.objects.get_or_create(
                code=code,
                defaults={"name": mname, "area": area, "is_central": central, "order": order},
            )
