"""Lineage across plans (issue 16.3): proposed from the names, confirmed with a mapping file
(all rows checked first, nothing half-written, problems naming file, row and column), kept
in the audit trail, exported as ``predecessor``; and the end-of-plan summary (期末評価)."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from pathlib import Path

import pytest

from hyoka.cli import main
from hyoka.core.i18n import use_language
from hyoka.evaluation import lineage
from hyoka.evaluation.models import PlanYear
from hyoka.plans.models import Indicator, Plan, Project
from hyoka.reports import render_csv, render_json
from hyoka.reports.builders import status_list_report
from hyoka.reports.summary import end_of_plan_summary
from hyoka.workflow import audit
from tests.factories import import_plan2, import_seed, make_user

MAPPING = "sapporo-plan1-to-plan2-example-lineage.csv"


@pytest.fixture
def plans(db: None) -> tuple[Plan, Plan]:
    return import_seed().plan, import_plan2().plan


def _rows(plans: tuple[Plan, Plan]) -> dict[tuple[str, str], lineage.Row]:
    return {(r.item, r.to or f"<{r.from_}"): r for r in lineage.propose(*plans)}


def test_the_names_propose_continuing_revised_and_new(plans: tuple[Plan, Plan]) -> None:
    rows = _rows(plans)
    # the same name and target: continuing
    assert (rows["indicator", "3-1"].lineage, rows["indicator", "3-1"].from_) == (
        "continuing",
        "3-1",
    )
    # the same name, a new target: revised
    assert (rows["indicator", "2-1"].lineage, rows["indicator", "2-1"].from_) == ("revised", "2-2")
    assert (rows["indicator", "5-1"].from_, rows["indicator", "5-1"].lineage) == ("12-1", "revised")
    # a similar name: revised, with how alike
    six = rows["indicator", "6-1"]
    assert (six.lineage, six.from_, six.similarity) == ("revised", "14-1", "0.97")
    assert rows["indicator", "KPI-1"].from_ == "KPI-2"  # headline KPIs among headline KPIs
    assert rows["indicator", "4-1"].lineage == "new"
    assert rows["project", "4"].lineage == "new"
    assert rows["project", "5"].from_ == "12"  # numbers change across plans; names tell
    # plan-1 items nothing carries on: ended
    assert rows["project", "<40"].lineage == "ended"
    assert rows["indicator", "<40-1"].lineage == "ended"
    # proposing writes nothing
    assert not Indicator.objects.exclude(lineage="").exists()


def test_the_mapping_file_round_trips_and_guards_formulas() -> None:
    rows = [lineage.Row("indicator", "1-1", "=HYPERLINK(1)", "new", "", "", "")]
    text = lineage.mapping_csv(rows)
    assert "'=HYPERLINK(1)" in text
    [(line, row)] = lineage.read_mapping(text.encode(), "m.csv")
    assert (line, row) == (2, rows[0])


def _apply(plans: tuple[Plan, Plan], text: str, user: object = None) -> object:
    rows = lineage.read_mapping(text.encode("utf-8"), "map.csv")
    return lineage.apply_mapping(*plans, rows, source="map.csv", user=user)


def test_applying_the_mapping_records_the_lineage_with_its_audit_record(
    plans: tuple[Plan, Plan],
) -> None:
    plan1, plan2 = plans
    sato = make_user("sato", "011002", "secretariat")
    text = lineage.mapping_csv(lineage.propose(plan1, plan2))
    text = text.replace(
        "indicator,4-1,支援したスタートアップ数,new,,,",
        "indicator,4-1,支援したスタートアップ数,replacing,3-2,,",
    )
    counts = _apply(plans, text, sato)
    assert counts["indicator revised"] == 5
    assert counts["indicator replacing"] == 1
    two = plan2.indicators.get(project__number=2)
    assert (two.lineage, two.predecessor) == (
        "revised",
        plan1.projects.get(number=2).indicators.get(position=2),
    )
    assert plan2.projects.get(number=5).predecessor == plan1.projects.get(number=12)
    assert plan1.projects.get(number=40).lineage == "ended"
    last = two.history.first()
    assert (last.lineage, last.history_user, last.history_change_reason) == (
        "revised",
        sato,
        "計画間のつながり: map.csv",
    )
    # the audit trail of the indicator shows it, with who and why
    entry = next(
        e for e in audit.indicator_trail(two) if e["reason"] == "計画間のつながり: map.csv"
    )
    assert entry["who"] == "sato"
    changes = {c["field"]: c["after"] for c in entry["changes"]}
    assert changes["前計画とのつながり"] == "見直し"
    assert changes["前計画の指標"] == "誘致施策を活用した立地企業数"
    # the same file again changes nothing, and show gives back what was applied
    assert not _apply(plans, text)
    shown = {(r.item, r.to, r.lineage, r.from_) for r in lineage.recorded(plan1, plan2)}
    assert ("indicator", "4-1", "replacing", "3-2") in shown
    assert ("project", "", "ended", "40") in shown


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("indicator,99-1,x,continuing,1-1,,", "to", "99-1"),
        ("indicator,2-1,x,continuing,99-9,,", "from", "99-9"),
        ("indicator,2-1,x,sideways,1-1,,", "lineage", "sideways"),
        ("thing,1,x,new,,,", "item", "thing"),
        ("indicator,4-1,x,new,3-1,,", "from", "new"),
        ("indicator,,x,ended,,,", "from", ""),
        ("indicator,1-1,x,continuing,1-1,,", "to", "1-1"),  # the second row for one item
    ],
)
def test_a_wrong_row_refuses_the_whole_file_naming_row_and_column(
    plans: tuple[Plan, Plan], row: str, column: str, words: str
) -> None:
    good = "indicator,1-1,x,continuing,1-1,,\nproject,4,x,new,,,\n"
    text = ",".join(lineage.COLUMNS) + "\n" + good + row + "\n"
    with pytest.raises(lineage.MappingRefused) as caught:
        _apply(plans, text)
    [problem] = caught.value.problems
    assert (problem.source, problem.row, problem.column) == ("map.csv", 4, column)
    assert words in problem.message
    assert "map.csv 4行目" in str(problem)
    assert not Indicator.objects.exclude(lineage="").exists()  # nothing half-written
    assert not Project.objects.exclude(lineage="").exists()
    with use_language("en"):
        assert "row 4 column" in str(problem)


def test_a_file_that_is_not_a_mapping_names_where(plans: tuple[Plan, Plan]) -> None:
    with pytest.raises(lineage.MappingRefused, match="見出し"):
        lineage.read_mapping(b"a,b\n", "m.csv")
    with pytest.raises(lineage.MappingRefused, match="2行目"):
        lineage.read_mapping((",".join(lineage.COLUMNS) + "\nx\n\n1,2\n").encode(), "m.csv")
    with pytest.raises(lineage.MappingRefused, match="UTF-8"):
        lineage.read_mapping(b"\xff\xfe\x00", "m.csv")


def _bundled_mapping() -> bytes:
    return resources.files("hyoka.data").joinpath(MAPPING).read_bytes()


def test_the_lineage_is_exported_as_predecessor(plans: tuple[Plan, Plan]) -> None:
    plan1, plan2 = plans
    lineage.apply_mapping(
        plan1, plan2, lineage.read_mapping(_bundled_mapping(), MAPPING), source=MAPPING
    )
    report = status_list_report(PlanYear.objects.get(plan=plan2))
    data = json.loads(render_json.render(report)[2])
    projects = [p for r in data["roles"] for p in r["projects"]]
    two = projects[1]
    old = plan1.projects.get(number=2).indicators.get(position=2)
    assert (two["predecessor"], two["lineage"]) == (2, "continuing")
    assert (two["indicators"][0]["predecessor"], two["indicators"][0]["lineage"]) == (
        str(old.uid),
        "revised",
    )
    assert projects[7]["lineage"] == "replacing"
    assert projects[3]["indicators"][0]["predecessor"] is None
    rows = list(csv.DictReader(io.StringIO(render_csv.render(report)[2].decode("utf-8-sig"))))
    assert {"predecessor", "lineage"} <= set(render_csv.FIELDS)
    by_name = {r["indicator_name"]: r for r in rows}
    assert by_name["誘致施策を活用した立地企業数"]["predecessor"] == str(old.uid)
    assert by_name["支援したスタートアップ数"]["lineage"] == "new"
    # plan 1's own export says which of its indicators ended
    report1 = status_list_report(PlanYear.objects.get(plan=plan1))
    ended = [i for p in report1.projects() for i in p.indicators]
    assert sum(i.lineage == "ended" for i in ended) == 49


def test_the_end_of_plan_summary(plans: tuple[Plan, Plan]) -> None:
    plan1, plan2 = plans
    s = end_of_plan_summary(plan1)
    assert (s["final_year"], s["complete"], s["years"]) == (2019, False, [2019])
    assert s["total"] == {"indicators": 55, "achieved": 40, "rated": 47, "share": 0.851064}
    assert [r["label"] for r in s["roles"]] == ["ア", "イ", "ウ"]
    assert sum(r["indicators"] for r in s["roles"]) == 55
    assert "8-1" in {x["key"] for x in s["never_rated"]}
    assert s["next_plan"]["id"] == plan2.pk
    assert s["continued"]["indicators"] == {"unmapped": 55}
    lineage.apply_mapping(
        plan1, plan2, lineage.read_mapping(_bundled_mapping(), MAPPING), source=MAPPING
    )
    s = end_of_plan_summary(plan1)
    assert s["continued"]["indicators"] == {
        "continuing": 2,
        "ended": 49,
        "replacing": 1,
        "revised": 3,
    }
    assert s["continued"]["projects"] == {"continuing": 6, "ended": 33, "replacing": 1}
    json.dumps(s)  # plain data


def test_the_commands(
    plans: tuple[Plan, Plan], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lineage", "propose", "--from", "2019-2023", "--to", "2024-2028"]) == 0
    proposed = capsys.readouterr().out
    assert proposed.startswith(",".join(lineage.COLUMNS))
    path = tmp_path / "map.csv"
    path.write_text(
        proposed.replace(
            "indicator,3-1,講座の受講者数,continuing,3-1",
            "indicator,3-1,講座の受講者数,continuing,77-1",
        ),
        encoding="utf-8",
    )
    assert main(["lineage", "apply", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path} 14行目 from列" in err
    assert "Traceback" not in err
    assert not Indicator.objects.exclude(lineage="").exists()
    path.write_text(proposed, encoding="utf-8")
    assert main(["lineage", "apply", str(path), "--area", "sapporo"]) == 0
    assert "indicator continuing 3" in capsys.readouterr().out
    assert main(["lineage", "show"]) == 0
    assert "indicator,2-1,誘致施策を活用した立地企業数,revised,2-2" in capsys.readouterr().out
    assert main(["summary", "--plan", "2019-2023"]) == 0
    out = capsys.readouterr().out
    assert "期末評価" in out
    assert "85.1%" in out
    assert "continuing 2" in out
    assert main(["summary", "--plan", "2019-2023", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"]["share"] == 0.851064
    assert main(["summary", "--plan", "2030-2034"]) == 2
    assert main(["lineage", "propose", "--to", "2019-2023"]) == 2  # nothing before plan 1
    assert "前の計画" in capsys.readouterr().err
