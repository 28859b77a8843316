"""Plans round-trip through TOML canonically: load -> save -> load is equal, saving twice is byte-identical."""

from __future__ import annotations

import difflib

import pytest

from planner.domain.evaluate import evaluate
from planner.export.summary import plan_summary
from planner.store.plan_io import dump_plan, parse_plan_text, save_plan
from planner.store.loader import read_plan
from tests.conftest import SAMPLE_PLANS


@pytest.mark.parametrize("path", SAMPLE_PLANS, ids=lambda p: p.stem)
def test_sample_plan_round_trips_and_is_canonical(path, catalog, tmp_path):
    original = path.read_text(encoding="utf-8")
    plan = read_plan(path, catalog)
    # the sample on disk is exactly what planner writes, summary included
    assert dump_plan(plan.model_copy(update={"summary": plan_summary(evaluate(plan, catalog))})) == original
    copy = tmp_path / path.name
    save_plan(plan, copy)
    first = copy.read_bytes()
    again = read_plan(copy, catalog)
    assert again == plan
    save_plan(again, copy)
    assert copy.read_bytes() == first


def test_one_edited_field_changes_one_line_plus_summary(catalog, plan_copy):
    path = plan_copy("midsize-chatbot")
    before = path.read_text(encoding="utf-8")
    plan = read_plan(path, catalog)
    workloads = list(plan.workloads)
    workloads[0] = workloads[0].model_copy(update={"users": 650})
    edited = plan.model_copy(update={"workloads": workloads})
    edited = edited.model_copy(update={"summary": plan_summary(evaluate(edited, catalog))})
    after = dump_plan(edited)
    head = lambda text: text.split("\n[summary]")[0].splitlines()  # noqa: E731
    changed = [line for line in difflib.unified_diff(head(before), head(after), lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == ["-users = 500", "+users = 650"]


def test_defaults_are_known_and_not_written(catalog, plan_copy):
    path = plan_copy("startup-coding")
    plan = read_plan(path, catalog)
    ev = evaluate(plan, catalog)
    coding = ev.workload("coding-assistant")
    # the plan gives only users; tokens and days come from the coding_assistant kind
    assert {"input_tokens", "output_tokens", "days_per_month", "requests_per_user_per_day"} <= set(coding.defaults)
    assert coding.input_tokens == 2000 and coding.output_tokens == 1000
    assert "input_tokens" not in path.read_text(encoding="utf-8")


def test_save_leaves_no_temp_files(catalog, plan_copy):
    path = plan_copy("hospital")
    plan = read_plan(path, catalog)
    save_plan(plan, path)
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_numbers_are_written_readably(catalog, plan_copy):
    text = plan_copy("bank-customer-service").read_text(encoding="utf-8")
    assert "budget_3y_krw = 2_000_000_000" in text
    assert "requests_per_day = 80_000" in text
    plan, errors = parse_plan_text(text, "x.toml", catalog)
    assert not errors and plan.organization.budget_3y_krw == 2_000_000_000
