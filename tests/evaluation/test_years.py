"""Following an indicator across years: a second year's list joins the same plan and rows."""

from __future__ import annotations

import pytest
from django.test import Client

from hyoka.evaluation.imports import ImportResult
from hyoka.evaluation.models import IndicatorYear, PlanYear
from hyoka.ingest.statuslist_text import bundled_bytes, read_status_list
from hyoka.plans.models import Indicator, Project
from hyoka.publishing.imports import import_status_list
from tests.factories import year_url

pytestmark = pytest.mark.django_db


def fy2020() -> bytes:
    text = bundled_bytes().decode()
    text = text.replace("2019年度 連携事業実施状況等一覧", "2020年度 連携事業実施状況等一覧")
    # project 12 (丘珠空港年間利用者数): an actual for FY2020 on the way to 29.8万人 in 2023
    line = next(ln for ln in text.split("\n") if ln.startswith("\t12\t"))
    cells = line.split("\t")
    cells[7] = "27.0万人"
    return text.replace(line, "\t".join(cells)).encode()


def test_second_year_joins_the_same_rows(imported: ImportResult, client: Client) -> None:
    before = Indicator.objects.count()
    result = import_status_list(read_status_list(fy2020(), "fy2020.txt"))
    assert result.fiscal_year == 2020
    assert result.plan == imported.plan
    assert Indicator.objects.count() == before
    assert PlanYear.objects.count() == 2
    ind = Project.objects.get(number=12).indicators.get()
    assert list(ind.years.values_list("fiscal_year", "actual_text")) == [
        (2019, "-"),
        (2020, "27.0万人"),
    ]
    fy = IndicatorYear.objects.get(indicator=ind, fiscal_year=2020)
    assert fy.computed == "-"  # the 2023 target has not come
    assert fy.trajectory is not None
    # 25.1万 (2017) → 29.8万 (2023) on a straight path is 27.45万 in 2020: 27.0万 is behind
    assert fy.trajectory["expected"] == 274500
    assert fy.trajectory["on_path"] is False
    html = client.get(f"/indicators/{ind.uid}/").content.decode()
    assert "2020" in html
    assert "27.0万人" in html
    project = client.get(year_url("web:project", 12, year=2020)).content.decode()
    assert "年度ごとの実績" in project
    latest = client.get("/", follow=True).content.decode()
    assert "2020年度" in latest
