"""Every command that works on a year takes ``--plan START-END`` and ``--area NAME`` and picks
the right plan of the right area; what is ambiguous is one line on stderr, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hyoka.cli import main
from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.plans.models import Plan
from tests.factories import (
    OTHER_AREA,
    OTHER_SLUG,
    import_other_area,
    import_plan2,
    import_seed,
    reason,
)


@pytest.fixture
def two_areas(db: None) -> tuple[Plan, Plan, Plan]:
    return import_seed().plan, import_plan2().plan, import_other_area().plan


def _export(tmp_path: Path, *argv: str) -> dict[str, object]:
    path = tmp_path / "list.json"
    assert main(["export", "--format", "json", *argv, "-o", str(path)]) == 0
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_export_picks_the_plan_and_area(
    two_areas: tuple[Plan, Plan, Plan], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan1, plan2, other = two_areas
    assert _export(tmp_path, "--area", "sapporo")["plan"] == {  # the latest plan's latest year
        "id": plan2.pk,
        "name": plan2.name,
        "start": 2024,
        "end": 2028,
    }
    data = _export(tmp_path, "--area", "sapporo", "--plan", "2019-2023")
    assert (data["fiscal_year"], data["plan"]["id"]) == (2019, plan1.pk)  # type: ignore[index]
    data = _export(tmp_path, "--area", OTHER_AREA, "--year", "2024")
    assert (data["area"], data["plan"]["id"]) == (OTHER_AREA, other.pk)  # type: ignore[index]
    csv_path = tmp_path / "other.csv"
    assert main(["export", "--format", "csv", "--area", OTHER_SLUG, "-o", str(csv_path)]) == 0
    text = csv_path.read_text(encoding="utf-8-sig")
    assert OTHER_AREA in text
    assert "さっぽろ連携中枢都市圏" not in text
    assert "wrote" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "圏域が複数あります"),
        (["--year", "2024"], "--area"),
        (["--lang", "en"], "more than one area"),
        (["--area", "どこか"], "圏域「どこか」はありません"),
        (["--area", "sapporo", "--plan", "2030-2034"], "2019-2023"),
        (["--area", "sapporo", "--year", "2020", "--plan", "2019-2023"], "2020"),
    ],
)
def test_export_ambiguous_or_unknown_is_one_line(
    two_areas: tuple[Plan, Plan, Plan],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    assert main(["export", "--format", "json", *argv, "-o", str(tmp_path / "x")]) == 2
    err = reason(capsys.readouterr().err)
    assert err.startswith("hyoka export: ")
    assert message in err, err
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert not (tmp_path / "x").exists()


def test_publish_picks_the_plan_and_area(
    two_areas: tuple[Plan, Plan, Plan], capsys: pytest.CaptureFixture[str]
) -> None:
    plan1, plan2, other = two_areas
    assert main(["publish", "--year", "2024"]) == 2
    assert "--area" in capsys.readouterr().err
    ProjectYear.objects.update(state=ProjectYear.State.APPROVED)
    IndicatorYear.objects.update(state=ProjectYear.State.APPROVED)
    assert main(["publish", "--year", "2024", "--area", OTHER_SLUG, "--note", "再公表"]) == 0
    assert OTHER_AREA in capsys.readouterr().out
    assert PlanYear.objects.get(plan=other).editions.count() == 2  # imported (1) + this one
    assert PlanYear.objects.get(plan=plan2).editions.count() == 1
    argv = ["publish", "--plan", "2019-2023", "--year", "2019", "--area", "sapporo"]
    assert main([*argv, "--note", "訂正"]) == 0
    assert PlanYear.objects.get(plan=plan1).editions.count() == 2


def test_evaluate_takes_the_plan_and_area(
    two_areas: tuple[Plan, Plan, Plan], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["evaluate", "--plan", "2024-2028", "--area", "sapporo"]) == 0
    out = capsys.readouterr().out
    assert out.count("年度: 達成割合") == 1
    assert "第2期" in out
    assert main(["evaluate", "--plan", "2024-2028"]) == 2
    assert "圏域が複数あります" in capsys.readouterr().err
    assert main(["evaluate"]) == 0  # everything: three years of three plans
    assert capsys.readouterr().out.count("年度: 達成割合") == 3


def test_import_takes_the_plan_and_area(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    import_seed()
    argv = ["import", "--bundled", "sapporo-fy2024-example", "--plan", "2024-2028"]
    assert main([*argv, "--area", "sapporo"]) == 0
    out = capsys.readouterr().out
    assert "第2期" in out
    # the names' proposal of the lineage is shown, not written
    assert "lineage proposed from the names (2019-2023 → 2024-2028" in out
    assert "continuing 3" in out
    assert not Plan.objects.get(start_year=2024).indicators.exclude(lineage="").exists()
    assert Plan.objects.count() == 2
    assert main([*argv, "--area", OTHER_AREA]) == 1  # the title names another area
    err = reason(capsys.readouterr().err)
    assert "--area" in err
    assert "Traceback" not in err
    assert Plan.objects.count() == 2


def test_check_takes_an_area_for_an_untitled_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hyoka.ingest.statuslist_text import bundled_bytes

    data = bundled_bytes("sapporo-fy2024-example").replace(
        "さっぽろ連携中枢都市圏 2024年度".encode(), "2024年度".encode()
    )
    path = tmp_path / "untitled.txt"
    path.write_bytes(data)
    argv = ["check", str(path), "--format", "json", "--area", "さっぽろ連携中枢都市圏"]
    assert main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["area"], out["plan"]) == ("さっぽろ連携中枢都市圏", {"start": 2024, "end": 2028})


def test_the_demo_shows_two_plans_and_the_lineage(db: None) -> None:
    from hyoka.cli.serve import prepare

    prepare()
    years = PlanYear.objects.order_by("fiscal_year")
    assert [(y.plan.start_year, y.fiscal_year) for y in years] == [(2019, 2019), (2024, 2024)]
    plan2 = years[1].plan
    assert "例示" in years[1].title  # example data, marked in its title
    kinds = set(plan2.indicators.values_list("lineage", flat=True))
    assert {"continuing", "revised", "replacing", "new"} <= kinds
    assert years[0].plan.projects.filter(lineage="ended").exists()
    prepare()  # a database with lists is left as it is
    assert PlanYear.objects.count() == 2
