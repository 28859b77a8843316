"""Rented GPUs and the workload's own GPU: a quote keeps to a workload's `gpu`, `[hardware] gpu` (the GPUs the plan
buys) leaves it free, and a plan that places a workload on rented GPUs none of which can serve it is refused.

Plans are the sample plans in plans/ with one edit; the figures are worked out from catalogs/gpuaas.toml (KakaoCloud
kr-central-2: A100 3,900 and H100 5,580 KRW per GPU-hour reserved for 3 years) and assumptions.toml (720 hours a month).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import sample_plan_dir

SAMPLE_PLANS = sample_plan_dir()

KAKAO = "kakaocloud-kr-central-2"


def _edited(tmp_path: Path, stem: str, old: str, new: str, name: str = "") -> Path:
    """The sample plan `stem` with `old` (which must occur once) replaced by `new`, without its `[summary]`."""
    text = (SAMPLE_PLANS / f"{stem}.toml").read_text(encoding="utf-8")
    assert text.count(old) == 1
    text = text.replace(old, new)
    text = text[: text.index("[summary]")] if "[summary]" in text else text
    path = tmp_path / f"{name or stem}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _shown(run_cli, path: Path) -> dict:
    result = run_cli("show", str(path), "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def _workload(document: dict, workload_id: str) -> dict:
    return next(w for w in document["workloads"] if w["id"] == workload_id)


def _reserved_3y(catalog, offer: str, gpu: str) -> float:
    return next(p.reserved_3y for p in catalog.gpuaas[offer].prices if p.gpu == gpu)


CHATBOT = 'kind = "customer_chatbot"\n'


def test_a_workloads_own_gpu_is_the_gpu_its_rented_quote_rents(run_cli, tmp_path, catalog):
    """hospital.toml's patient chatbot (llama-3.1-8b, 5,000 requests a day) is quoted on one A100 at KakaoCloud,
    reserved 3 years. Pinned to `gpu = "h100-80gb"` it is quoted on one H100 there: the same one GPU 24/7 over the
    36 months at the H100's price, 1 x 720 x (5,580 - 3,900) x 36 = 43,545,600 KRW more; the JSON marks the GPU as the
    workload's and the hosting step says so. `[hardware] gpu = "h100-80gb"` (what the plan buys) leaves the quote on the
    cheaper A100."""
    free = _workload(_shown(run_cli, SAMPLE_PLANS / "hospital.toml"), "patient-chatbot")["gpuaas"]
    pinned_doc = _shown(run_cli, _edited(tmp_path, "hospital", CHATBOT, CHATBOT + 'gpu = "h100-80gb"\n', "pinned"))
    chatbot = _workload(pinned_doc, "patient-chatbot")
    pinned = chatbot["gpuaas"]
    assert (free["offer"], free["gpu"], free["gpu_pinned"], free["gpus"], free["pricing"]) == (KAKAO, "a100-80gb", False, 1, "reserved_3y")
    assert (pinned["offer"], pinned["gpu"], pinned["gpu_pinned"], pinned["gpus"], pinned["pricing"]) == (KAKAO, "h100-80gb", True, 1, "reserved_3y")
    hours = 720
    step = _reserved_3y(catalog, KAKAO, "h100-80gb") - _reserved_3y(catalog, KAKAO, "a100-80gb")
    assert pinned["total_krw"] - free["total_krw"] == 1 * hours * step * 36 == 43_545_600
    hosting = next(s for s in chatbot["trace"] if s["rule"] == "gpuaas.hosting")
    assert hosting["answer"].startswith("rented 1 x h100-80gb (the workload's GPU) at KakaoCloud, reserved 3 years (24/7) at 5,580 KRW per GPU-hour")

    fleet = _shown(run_cli, _edited(tmp_path, "hospital", "[organization]\n", '[hardware]\ngpu = "h100-80gb"\n\n[organization]\n', "fleet"))
    quote = _workload(fleet, "patient-chatbot")["gpuaas"]
    assert (quote["gpu"], quote["gpu_pinned"], quote["total_krw"]) == ("a100-80gb", False, free["total_krw"])
    assert quote["owned_gpu"] == "h100-80gb"  # the owned side buys the fleet's GPU


def test_a_workloads_own_gpu_no_allowed_offer_rents_keeps_it_on_owned_gpus_and_the_step_says_why(run_cli, tmp_path):
    """Pinned to an L40S, which no offer in the catalog rents (they rent A100s and H100s), the patient chatbot gets
    no quote: owned GPUs stay, and the hosting step right after gpuaas.allowed names the GPU and what the offers rent."""
    document = _shown(run_cli, _edited(tmp_path, "hospital", CHATBOT, CHATBOT + 'gpu = "l40s"\n'))
    chatbot = _workload(document, "patient-chatbot")
    rules = [s["rule"] for s in chatbot["trace"]]
    step = chatbot["trace"][rules.index("gpuaas.allowed") + 1]
    assert chatbot["gpuaas"] is None and chatbot["placement"] == "on_prem"
    assert (step["rule"], step["answer"]) == ("gpuaas.hosting", "owned: no allowed offer rents l40s, the workload's GPU (its gpu; they rent a100-80gb, h100-80gb)")


TRANSLATION = 'users = 200\nrequests_per_user_per_day = 5\n'
FORCED = 'placement = "gpuaas"\nplacement_note = "Pilot on rented GPUs, approved by the CTO 2026-11"\n'


def _line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


@pytest.mark.parametrize("command", [("validate",), ("show",), ("show", "--json"), ("export", "--format", "json")])
def test_a_plan_placing_a_workload_on_rented_gpus_none_of_which_holds_its_model_is_refused(run_cli, tmp_path, command):
    """midsize-chatbot.toml's translation workload moved to rented GPUs with llama-3.1-405b at fp16 (~810 GB of
    weights: more than 8 x 80 GB x 0.9 on the A100s and H100s the offers rent): its serving could not be costed and
    the plan's totals would leave it out. Every command refuses the plan with exit 1 and the file, line and key of
    the override, no traceback, and the file is left as the user wrote it."""
    path = _edited(tmp_path, "midsize-chatbot", TRANSLATION, TRANSLATION + 'open_model = "llama-3.1-405b"\nprecision = "fp16"\n' + FORCED)
    before = path.read_bytes()
    result = run_cli(command[0], str(path), *command[1:])
    assert result.code == 1 and "Traceback" not in result.err
    line = _line_of(path, 'placement = "gpuaas"')
    assert (
        f"{path}:{line}: workloads.2.placement: placement = 'gpuaas', but rented GPUs cannot serve it: llama-3.1-405b at fp16 fits no GPU type "
        "the allowed offers rent (a100-80gb, h100-80gb); choose a lower precision, a smaller open model, or another placement"
    ) in result.err
    assert path.read_bytes() == before


def test_at_a_precision_a_rented_gpu_holds_the_override_stands_and_is_costed(run_cli, tmp_path):
    """The same override at fp8 (~405 GB) fits 8 rented A100s: the plan is valid, the workload is quoted and its
    rental is in the plan's total."""
    path = _edited(tmp_path, "midsize-chatbot", TRANSLATION, TRANSLATION + 'open_model = "llama-3.1-405b"\nprecision = "fp8"\n' + FORCED)
    assert run_cli("validate", str(path)).code == 0
    document = _shown(run_cli, path)
    quote = _workload(document, "translation")["gpuaas"]
    assert (quote["gpu"], quote["gpus"]) == ("a100-80gb", 8)
    assert document["tco"]["strategies"]["plan"]["by_category_krw"]["gpu_rental"] > 0


def test_an_override_to_rented_gpus_pinned_to_a_gpu_no_offer_rents_is_refused_at_its_placement(run_cli, tmp_path):
    """`gpu = "l40s"` and `placement = "gpuaas"`: no offer rents an L40S, so the plan says which key to change."""
    path = _edited(tmp_path, "midsize-chatbot", TRANSLATION, TRANSLATION + 'gpu = "l40s"\n' + FORCED)
    result = run_cli("validate", str(path))
    assert result.code == 1 and "Traceback" not in result.err
    line = _line_of(path, 'placement = "gpuaas"')
    assert result.err.startswith(
        f"{path}:{line}: workloads.2.placement: placement = 'gpuaas', but rented GPUs cannot serve it: no allowed offer rents l40s, the workload's GPU "
        "(its gpu; they rent a100-80gb, h100-80gb); choose a gpu the offers rent, or another placement"
    )


def test_a_scenario_under_which_no_rented_gpu_holds_the_model_is_refused_by_name(run_cli, tmp_path):
    """llama-3.1-405b at the plan's default precision fp8 fits rented GPUs; a scenario setting default_precision to
    fp16 (~810 GB) does not: the problem names the scenario, at the override's placement."""
    path = _edited(tmp_path, "midsize-chatbot", TRANSLATION, TRANSLATION + 'open_model = "llama-3.1-405b"\n' + FORCED)
    text = path.read_text(encoding="utf-8").replace("[assumptions]\n", '[assumptions]\ndefault_precision = "fp8"\n', 1)
    path.write_text(text, encoding="utf-8")
    assert run_cli("validate", str(path)).code == 0
    path.write_text(text + '\n[scenarios.wide]\ndescription = "Weights as published"\ndefault_precision = "fp16"\n', encoding="utf-8")
    result = run_cli("validate", str(path))
    assert result.code == 1 and "Traceback" not in result.err
    line = _line_of(path, 'placement = "gpuaas"')
    assert result.err.startswith(
        f"{path}:{line}: workloads.2.placement: in scenario wide: placement = 'gpuaas', but rented GPUs cannot serve it: llama-3.1-405b at fp16 "
        "fits no GPU type the allowed offers rent (a100-80gb, h100-80gb); choose a lower precision, a smaller open model, or another placement"
    )


def test_an_override_to_rented_gpus_pinned_to_a_rented_gpu_too_small_for_the_model_is_refused(run_cli, tmp_path):
    """`gpu = "h100-80gb"` (rented by every allowed offer) with llama-3.1-405b at fp16 (~810 GB > 8 x 80 GB x 0.9):
    the offers rent the GPU, but it does not hold the model."""
    model = 'open_model = "llama-3.1-405b"\nprecision = "fp16"\ngpu = "h100-80gb"\n'
    path = _edited(tmp_path, "midsize-chatbot", TRANSLATION, TRANSLATION + model + FORCED)
    result = run_cli("validate", str(path))
    assert result.code == 1 and "Traceback" not in result.err
    line = _line_of(path, 'placement = "gpuaas"')
    assert result.err.startswith(
        f"{path}:{line}: workloads.2.placement: placement = 'gpuaas', but rented GPUs cannot serve it: llama-3.1-405b at fp16 does not fit "
        "h100-80gb, the workload's GPU (its gpu); choose a lower precision, a smaller open model, another gpu, or another placement"
    )


def test_a_bridge_names_why_a_workload_pinned_to_a_gpu_no_offer_rents_waits_without_one(run_cli, tmp_path):
    """hospital.toml with `[hardware] bridge = "gpuaas"` and the patient chatbot pinned to an L40S: the clinical notes
    are bridged on rented GPUs, the chatbot (no offer rents its GPU) waits, and the plan's warning says why it may."""
    path = _edited(tmp_path, "hospital", CHATBOT, CHATBOT + 'gpu = "l40s"\n')
    path.write_text(path.read_text(encoding="utf-8").replace("[organization]\n", '[hardware]\nbridge = "gpuaas"\n\n[organization]\n', 1), encoding="utf-8")
    document = _shown(run_cli, path)
    assert [t["id"] for t in document["tasks"] if t["id"].startswith("bridge.")] == ["bridge.gpuaas.clinical-notes"]
    assert (
        "bridge: patient-chatbot wait for production GPUs without a bridge: the rules allow them no rented GPUs, or no offer can serve them "
        "(their model fits none of the GPU types rented, or none rents their own gpu: each one's gpuaas.hosting step says which)"
    ) in document["warnings"]


@pytest.mark.parametrize(
    ("edit", "kind", "advice"),
    [
        ('gpu = "l40s"\n', "gpu_not_rented", "choose a gpu the offers rent, or another placement"),
        ('open_model = "llama-3.1-405b"\nprecision = "fp16"\ngpu = "h100-80gb"\n', "gpu_too_small", "choose a lower precision, a smaller open model, another gpu, or another placement"),
        ('open_model = "llama-3.1-405b"\nprecision = "fp16"\n', "fits_none", "choose a lower precision, a smaller open model, or another placement"),
    ],
    ids=["pin-not-rented", "pin-too-small", "fits-none"],
)
def test_the_refusals_advice_follows_what_rent_gap_found_not_its_wording(tmp_path, catalog, edit, kind, advice):
    """`gpuaas.rent_gap` says which gap it found beside its message, and the refusal of an override to rented GPUs picks
    its advice from that: "choose a gpu the offers rent" only where no offer rents the workload's GPU. (The advice used
    to be chosen from the message's first word, so rewording the message would have changed it silently.)"""
    from planner.domain.gpuaas import eligible_offers, quote_offers, rent_gap
    from planner.domain.resolve import Assumptions, resolve_workload
    from planner.domain.validate import plan_problems
    from planner.store.plan_io import parse_plan_text

    path = _edited(tmp_path, "midsize-chatbot", TRANSLATION, TRANSLATION + edit + FORCED)
    plan, errors = parse_plan_text(path.read_text(encoding="utf-8"), str(path), catalog)
    assert plan is not None and len(errors) == 1 and str(errors[0]).endswith(advice)  # the file is refused, with the advice
    problems = plan_problems(plan, catalog)
    assert [p.key for p in problems] == ["workloads.2.placement"] and problems[0].message.endswith(advice)
    given = plan.workloads[2]
    a = Assumptions(catalog, plan.assumptions, None)
    workload = resolve_workload(given, catalog, a, plan.hardware.gpu)
    offers = quote_offers(eligible_offers(workload, given, plan, catalog).offers, plan, catalog)
    gap = rent_gap(workload, offers, catalog, a)
    assert gap is not None and gap.kind == kind and problems[0].message.endswith(f"{gap.reason}; {advice}")
