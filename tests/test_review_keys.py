"""GPU groups in the saved summary, `planner diff` and the reports: every distinct group keeps its own line."""

from __future__ import annotations

from planner.domain.evaluate import evaluate
from planner.export.html import html_report
from planner.export.markdown import markdown_report
from planner.export.summary import plan_summary
from planner.store.loader import read_plan as load_plan

# a second workload on the chatbot's open model, served at FP8: sizing gives it a group of its own
FP8_TWIN = """
[[workloads]]
id = "contracts"
name = "Contract search"
kind = "internal_rag"
users = 500
requests_per_user_per_day = 10
input_tokens = 800
output_tokens = 400
open_model = "llama-3.1-70b"
precision = "fp8"
"""


def with_fp8_twin(plan_copy):
    path = plan_copy("midsize-chatbot")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n[scenarios.quoted-lead-times]", FP8_TWIN + "\n[scenarios.quoted-lead-times]", 1), encoding="utf-8")
    return path


def test_summary_keeps_groups_of_one_model_on_one_gpu_apart(plan_copy, catalog):
    ev = evaluate(load_plan(with_fp8_twin(plan_copy), catalog), catalog)
    groups = [g for g in ev.sizing.groups if g.open_model == "llama-3.1-70b"]
    assert {g.precision for g in groups} == {"fp16", "fp8"} and len({g.gpu for g in groups}) == 1
    gpus = plan_summary(ev)["gpus"]
    keys = [k for k in gpus if k.startswith("llama-3.1-70b ")]
    assert len(keys) == 2, gpus
    assert sum(gpus.values()) == ev.sizing.gpus  # nothing under-reported
    for g in groups:
        assert gpus[f"llama-3.1-70b {g.precision} tp{g.gpus_per_replica} on {g.gpu}"] == g.gpus


def test_diff_reports_a_precision_change_per_group(plan_copy, run_cli):
    old = with_fp8_twin(plan_copy)
    new = old.with_name("new.toml")
    new.write_text(old.read_text(encoding="utf-8").replace('precision = "fp8"', 'precision = "int4"'), encoding="utf-8")
    result = run_cli("diff", str(old), str(new))
    hardware = [line for line in result.out.splitlines() if " on " in line and "GPU(s)" in line]
    assert any(line.lstrip().startswith("- llama-3.1-70b fp8 ") for line in hardware), result.out
    assert any(line.lstrip().startswith("+ llama-3.1-70b int4 ") for line in hardware), result.out
    assert not any("llama-3.1-70b fp16" in line for line in hardware)  # the FP16 group did not change


def test_reports_say_shared_for_a_group_without_servers_of_its_own(plan_copy, catalog):
    ev = evaluate(load_plan(plan_copy("bank-customer-service", owned=True), catalog), catalog)  # the bank keeping owned GPUs
    shared = [g for g in ev.sizing.groups if g.servers == 0]
    assert shared, "the bank's second H100 group packs into the first group's server"
    page = html_report(ev)
    text = markdown_report(ev)
    for g in shared:
        assert f"<td class=\"num\">{g.gpus}</td><td class=\"num\">shared</td>" in page
        assert f"| {g.gpus} | shared |" in text
    assert "<td class=\"num\">0</td><td class=\"num\">" not in page.split('id="hardware"')[1].split("</section>")[0]
    assert "shared / " in page.split('id="cost"')[1] and "shared / " in text.split("## Cost")[1]
