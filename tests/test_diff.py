"""`planner diff OLD NEW`: inputs, placements, dates and money that changed, from files or Git revisions."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from planner.domain.evaluate import evaluate
from planner.export.diff import money_line, value_text
from planner.export.report import percent_text
from planner.store.loader import read_plan
from tests.conftest import ROOT

SAMPLE = ROOT / "plans" / "midsize-chatbot.toml"
MONEY = re.compile(r"[+-]₩[\d,]+ \(₩[\d,]+ -> ₩[\d,]+(, [+-]?[\d.]+%)?\)")


def edited(tmp_path, name: str, *replacements: tuple[str, str]):
    """A copy of the mid-size sample with text replacements (each must apply)."""
    text = SAMPLE.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# translation runs on the cloud API: its volume moves the plan's TCO (the on-prem chatbot's would not)
MORE_USERS = ("requests_per_user_per_day = 5", "requests_per_user_per_day = 50")
FEWER_USERS = ("requests_per_user_per_day = 5", "requests_per_user_per_day = 1")
MORE_USERS_LINE = "  ~ workloads[translation].requests_per_user_per_day: 5 -> 50"


def tco(path, catalog) -> int:
    return evaluate(read_plan(path, catalog), catalog).ledger.tco["plan"].total_krw


# --- money and value formatting (hand-checked) -----------------------------------------------------


def test_money_line_reads_like_infracost():
    assert money_line(40_000_000, 52_000_000) == "+₩12,000,000 (₩40,000,000 -> ₩52,000,000, +30%)"
    assert money_line(400_000_000, 387_600_000) == "-₩12,400,000 (₩400,000,000 -> ₩387,600,000, -3.1%)"
    assert money_line(0, 5_000) == "+₩5,000 (₩0 -> ₩5,000)"


@pytest.mark.parametrize(("value", "text"), [(3.14, "+3.1%"), (30.0, "+30%"), (-2.04, "-2%"), (0.01, "0%"), (204.6, "+205%"), (None, "new")])
def test_percent_text(value, text):
    assert percent_text(value) == text


def test_value_text_writes_values_as_in_toml():
    assert value_text(300_000_000) == "300_000_000"
    assert value_text(25.0) == "25"
    assert value_text("a\x1b[31mb") == '"a\\u001b[31mb"'  # no escape sequence reaches the terminal
    assert value_text(True) == "true"


# --- files --------------------------------------------------------------------------------------------


def test_diff_of_more_usage_shows_input_effects_and_money(tmp_path, run_cli, catalog):
    new = edited(tmp_path, "new.toml", MORE_USERS)
    result = run_cli("diff", str(SAMPLE), str(new))
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    rise = tco(new, catalog) - tco(SAMPLE, catalog)
    assert rise > 0
    assert lines[0].startswith(f"3-year TCO of the plan rises by ₩{rise:,} (+")
    assert MORE_USERS_LINE in lines
    money = [line for line in lines if line.startswith("  ~ 3-year TCO, this plan")]
    assert len(money) == 1 and MONEY.search(money[0]) and f"+₩{rise:,} (₩{tco(SAMPLE, catalog):,} -> ₩{tco(new, catalog):,}" in money[0]
    assert lines.index("Inputs") < lines.index("Money")


def test_identical_plans_have_no_changes_and_never_fail(run_cli):
    result = run_cli("diff", str(SAMPLE), str(SAMPLE), "--fail-above", "0")
    assert result.code == 0
    assert result.out.startswith("No changes")


def test_placement_override_shows_as_a_moved_placement(tmp_path, run_cli):
    new = edited(tmp_path, "new.toml", ('name = "Document translation"', 'name = "Document translation"\nplacement = "on_prem"\nplacement_note = "Legal wants it in-house"'))
    result = run_cli("diff", str(SAMPLE), str(new))
    assert "  ~ workloads[translation]: cloud -> on-prem (override)" in result.out.splitlines()
    assert "  + workloads[translation].placement = \"on_prem\"" in result.out.splitlines()
    assert "1 placement(s) moved" in result.out.splitlines()[0]


HOSPITAL = ROOT / "plans" / "hospital.toml"
CHATBOT = 'kind = "customer_chatbot"\n'


def test_a_gpu_pin_that_moves_other_workloads_says_they_follow_it(tmp_path, run_cli):
    """hospital.toml with only the patient chatbot pinned to an H100: the chatbot moves to rented GPUs, and so do the
    fleet's other choices (clinical notes to rented GPUs, staff Q&A to the cloud: the owned GPUs and the facility they
    shared are gone). The diff says those two moved with no change of their own and names the pin; the chatbot's own
    line does not. In English, in Korean and in the JSON's text."""
    new = tmp_path / "pinned.toml"
    new.write_text(HOSPITAL.read_text(encoding="utf-8").replace(CHATBOT, CHATBOT + 'gpu = "h100-80gb"\n', 1), encoding="utf-8")
    result = run_cli("diff", str(HOSPITAL), str(new))
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].endswith("; 3 placement(s) moved, 2 with no change of their own")
    follows = " (no change of its own: follows workloads[patient-chatbot].gpu)"
    assert "  ~ workloads[clinical-notes]: on-prem -> rented GPUs (GPUaaS)" + follows in lines
    assert "  ~ workloads[staff-qa]: on-prem -> cloud" + follows in lines
    assert "  ~ workloads[patient-chatbot]: on-prem -> rented GPUs (GPUaaS)" in lines
    korean = run_cli("diff", str(HOSPITAL), str(new), "--lang", "ko").out.splitlines()
    assert "  ~ workloads[staff-qa]: 온프레미스 -> 클라우드 (자체 변경 없음: workloads[patient-chatbot].gpu 변경에 따름)" in korean
    assert korean[0].endswith("배치 3건 이동, 그중 2건은 자체 변경 없음")
    document = json.loads(run_cli("diff", str(HOSPITAL), str(new), "--format", "json").out)
    moved = {c["path"]: c["text"] for c in document["changes"] if c["section"] == "placements"}
    assert moved["workloads[staff-qa]"].endswith(follows) and "follows" not in moved["workloads[patient-chatbot]"]
    # the plan's strategy moved with them (on-prem -> hybrid): the TCO row of "this plan" names both, as it holds both
    # plans' figures (it named only the new plan's strategy beside the old plan's TCO)
    assert "  ~ strategy: on_prem -> hybrid" in lines
    assert any(line.startswith("  ~ 3-year TCO, this plan (on-prem -> hybrid): +₩") for line in lines)
    assert any(line.startswith("  ~ 3년 총소유비용(TCO), 이 계획(온프레미스 -> 하이브리드): +₩") for line in korean)
    markdown = run_cli("diff", str(HOSPITAL), str(new), "--format", "markdown").out.splitlines()
    assert any(line.startswith("| 3-year TCO, this plan (on-prem -&gt; hybrid) | ₩") for line in markdown)


def test_a_moved_workload_names_at_most_three_changes_it_follows_and_never_a_name(tmp_path, run_cli):
    """The same pin with three more edits of the chatbot's figures and a new plan name: staff Q&A's line names the first
    three changes that can move a placement, counts the fourth, and leaves out the name (words move nothing)."""
    text = HOSPITAL.read_text(encoding="utf-8").replace(CHATBOT, CHATBOT + 'gpu = "h100-80gb"\ndays_per_month = 29\ninput_tokens = 810\noutput_tokens = 410\n', 1)
    new = tmp_path / "pinned.toml"
    new.write_text(text.replace('name = "University hospital"', 'name = "University hospital (pinned)"', 1), encoding="utf-8")
    lines = run_cli("diff", str(HOSPITAL), str(new)).out.splitlines()
    assert '  ~ name: "University hospital" -> "University hospital (pinned)"' in lines
    moved = next(line for line in lines if line.startswith("  ~ workloads[staff-qa]:"))
    follows = moved.split("(no change of its own: follows ", 1)[1]
    assert follows.endswith(" and 1 more change)") and follows.count("workloads[patient-chatbot].") == 3 and "name" not in follows


def test_removed_workload_and_shifted_phases(tmp_path, run_cli):
    text = SAMPLE.read_text(encoding="utf-8")
    start = text.index('[[workloads]]\nid = "internal-chatbot"')
    end = text.index("[[workloads]]", start + 1)
    path = tmp_path / "new.toml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    result = run_cli("diff", str(SAMPLE), str(path))
    lines = result.out.splitlines()
    assert '  - workloads[internal-chatbot] (was "Internal knowledge chatbot")' in lines
    assert "  - workloads[internal-chatbot] (was on-prem)" in lines


def test_longer_gpu_lead_time_moves_phase_dates(tmp_path, run_cli, catalog):
    new = edited(tmp_path, "new.toml", ("\n[scenarios.", '\n[[tasks]]\nid = "p2.order-production-gpus"\nlead_time_weeks = 30\n\n[scenarios.'))
    before = evaluate(read_plan(SAMPLE, catalog), catalog).schedule
    after = evaluate(read_plan(new, catalog), catalog).schedule
    shift = (after.go_live - before.go_live).days
    assert shift > 0
    result = run_cli("diff", str(SAMPLE), str(new))
    assert f"  ~ on-prem go-live: {before.go_live} -> {after.go_live} (+{shift} days)" in result.out.splitlines()
    assert re.search(r"  ~ Phase 4 Optimization: .* \(start \+\d+ days, end \+\d+ days\)", result.out)
    assert f"on-prem go-live +{shift} days" in result.out.splitlines()[0]


# --- --fail-above -------------------------------------------------------------------------------------


def test_fail_above_exits_1_only_when_the_rise_exceeds_the_threshold(tmp_path, run_cli, catalog):
    new = edited(tmp_path, "new.toml", MORE_USERS)
    percent = (tco(new, catalog) - tco(SAMPLE, catalog)) / tco(SAMPLE, catalog) * 100
    over = run_cli("diff", str(SAMPLE), str(new), "--fail-above", f"{percent - 1:.2f}")
    assert over.code == 1 and "more than --fail-above" in over.err
    assert over.out.startswith("3-year TCO of the plan rises")  # the report is still printed
    under = run_cli("diff", str(SAMPLE), str(new), "--fail-above", f"{percent + 1:.2f}")
    assert under.code == 0 and under.err == ""
    cheaper = edited(tmp_path, "cheaper.toml", FEWER_USERS)
    falls = run_cli("diff", str(SAMPLE), str(cheaper), "--fail-above", "0")
    assert falls.code == 0 and "falls by" in falls.out.splitlines()[0]


def test_fail_above_refuses_a_negative_threshold(run_cli):
    result = run_cli("diff", str(SAMPLE), str(SAMPLE), "--fail-above", "-5")
    assert result.code == 2 and "--fail-above" in result.err


def test_json_has_past_current_diff_and_the_gate(tmp_path, run_cli, catalog):
    new = edited(tmp_path, "new.toml", MORE_USERS)
    result = run_cli("diff", str(SAMPLE), str(new), "--format", "json", "--fail-above", "1")
    assert result.code == 1
    document = json.loads(result.out)
    plan = document["tco"]["plan"]
    assert (plan["old_krw"], plan["new_krw"]) == (tco(SAMPLE, catalog), tco(new, catalog))
    assert plan["diff_krw"] == plan["new_krw"] - plan["old_krw"]
    assert document["fail_above"] == {"percent_threshold": 1.0, "exceeded": True}
    change = next(c for c in document["changes"] if c["path"] == "workloads[translation].requests_per_user_per_day")
    assert (change["op"], change["old"], change["new"]) == ("~", 5, 50)


# --- markdown -----------------------------------------------------------------------------------------


def test_markdown_is_a_pull_request_comment(tmp_path, run_cli):
    new = edited(tmp_path, "new.toml", MORE_USERS)
    text = run_cli("diff", str(SAMPLE), str(new), "--format", "markdown").out
    lines = text.splitlines()
    assert lines[0].startswith("### planner: ") and lines[2].startswith("**3-year TCO of the plan rises by ₩")
    assert "| | Old | New | Change |" in lines
    assert "<details><summary>Full diff" in text and text.count("</details>") == 1
    assert "```diff" in text and "@@ Money @@" in text
    assert "+ " not in text.split("```diff")[0].split("\n| ")[0]


def test_markdown_survives_backticks_and_html_in_names(tmp_path, run_cli):
    new = edited(tmp_path, "new.toml", ('name = "Marketing copy"', 'name = "``` <script>x</script> @team"'))
    text = run_cli("diff", str(SAMPLE), str(new), "--format", "markdown").out
    fence = re.search(r"^(`{3,})diff$", text, flags=re.M).group(1)
    assert len(fence) > 3, "a ``` in a name must not close the fence"
    body = text.split(fence + "diff\n")[1].split("\n" + fence + "\n")[0]
    assert "<script>" in body  # inside the code block: shown, not run
    outside = text.replace(body, "")
    assert "<script>" not in outside


# --- REV:path from Git --------------------------------------------------------------------------------


def git(cwd, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_rev_path_reads_the_committed_version(tmp_path, run_cli, monkeypatch, catalog):
    git(tmp_path, "init", "-q")
    (tmp_path / "plans").mkdir()
    plan = tmp_path / "plans" / "midsize.toml"
    shutil.copy(SAMPLE, plan)
    git(tmp_path, "add", "plans/midsize.toml")
    git(tmp_path, "commit", "-q", "-m", "plan")
    plan.write_text(plan.read_text(encoding="utf-8").replace(*MORE_USERS), encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "more usage")
    monkeypatch.chdir(tmp_path)
    result = run_cli("diff", "HEAD~1:plans/midsize.toml", "plans/midsize.toml")
    assert result.code == 0, result.err
    assert result.out.splitlines()[1] == "OLD HEAD~1:plans/midsize.toml   NEW plans/midsize.toml"
    assert MORE_USERS_LINE in result.out.splitlines()
    both = run_cli("diff", "HEAD~1:plans/midsize.toml", "HEAD:plans/midsize.toml", "--fail-above", "5")
    assert both.code == 1
    same = run_cli("diff", "HEAD:plans/midsize.toml", "plans/midsize.toml")
    assert same.out.startswith("No changes")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_rev_path_problems_exit_2_with_a_message(tmp_path, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    outside = run_cli("diff", "HEAD:plan.toml", str(SAMPLE))
    assert outside.code == 2 and "not a git repository" in outside.err and "Traceback" not in outside.err
    git(tmp_path, "init", "-q")
    shutil.copy(SAMPLE, tmp_path / "plan.toml")
    git(tmp_path, "add", "plan.toml")
    git(tmp_path, "commit", "-q", "-m", "plan")
    missing_rev = run_cli("diff", "nosuchrev:plan.toml", "plan.toml")
    assert missing_rev.code == 2 and "nosuchrev:plan.toml: cannot read from Git" in missing_rev.err
    missing_path = run_cli("diff", "HEAD:nope.toml", "plan.toml")
    assert missing_path.code == 2 and "does not exist in 'HEAD'" in missing_path.err
    option = run_cli("diff", "--", "--output=/tmp/owned:x", "plan.toml")
    assert option.code == 2 and "is not a Git revision" in option.err


def test_unreadable_and_invalid_sides(tmp_path, run_cli):
    missing = run_cli("diff", str(tmp_path / "nope.toml"), str(SAMPLE))
    assert missing.code == 2 and "no such file" in missing.err
    invalid = edited(tmp_path, "bad.toml", ("users = 500", "users = -1"))
    result = run_cli("diff", str(SAMPLE), str(invalid))
    assert result.code == 1 and re.search(r"bad\.toml:\d+: workloads\.0\.users", result.err)


def test_terminal_text_carries_no_escape_sequences(tmp_path, run_cli):
    new = edited(tmp_path, "new.toml", ('name = "Marketing copy"', 'name = "Marketing \\u001b[2J copy"'))
    result = run_cli("diff", str(SAMPLE), str(new))
    assert "\x1b" not in result.out and "\\u001b[2J" in result.out


# --- Git set-up: textconv and the pre-commit hook -----------------------------------------------------


HOOK = ROOT / "planner" / "hooks" / "pre-commit"


def _repo_with_plan(tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / "plans").mkdir()
    shutil.copy(SAMPLE, tmp_path / "plans" / "midsize.toml")
    (tmp_path / ".gitattributes").write_text("plans/*.toml diff=planner\n", encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "plan")
    return tmp_path / "plans" / "midsize.toml"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_diff_with_the_textconv_shows_the_effect(tmp_path, monkeypatch):
    import sys

    monkeypatch.delenv("PLANNER_CATALOGS", raising=False)
    plan = _repo_with_plan(tmp_path)
    git(tmp_path, "config", "diff.planner.textconv", f"{sys.executable} -m planner.export.textconv")
    plan.write_text(plan.read_text(encoding="utf-8").replace(*MORE_USERS), encoding="utf-8")
    out = git(tmp_path, "diff")
    assert "-requests_per_user_per_day = 5\n+requests_per_user_per_day = 50" in out
    assert re.search(r"^-#   translation: 1,000 requests/day", out, flags=re.M)
    assert re.search(r"^\+#   translation: 10,000 requests/day", out, flags=re.M)
    plan.write_text("this is = not [ a plan", encoding="utf-8")  # a broken file must not break git diff
    broken = git(tmp_path, "diff")
    assert "+# not a valid plan:" in broken and "invalid TOML" in broken


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("sh") is None, reason="git and sh are needed")
def test_pre_commit_hook_refuses_stale_and_invalid_plans(tmp_path, monkeypatch):
    import sys

    monkeypatch.delenv("PLANNER_CATALOGS", raising=False)
    monkeypatch.setenv("PLANNER", f"{sys.executable} -m planner")
    plan = _repo_with_plan(tmp_path)
    hook = tmp_path / ".git" / "hooks" / "pre-commit"
    shutil.copy(HOOK, hook)
    hook.chmod(0o755)

    def commit(message: str) -> subprocess.CompletedProcess[str]:
        git(tmp_path, "add", "plans/midsize.toml")
        return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", message], cwd=tmp_path, capture_output=True, text=True)

    plan.write_text(plan.read_text(encoding="utf-8").replace(*MORE_USERS), encoding="utf-8")
    stale = commit("stale summary")
    assert stale.returncode != 0 and "plans/midsize.toml: not canonical or summary stale" in stale.stderr
    subprocess.run([sys.executable, "-m", "planner", "fmt", "plans/midsize.toml"], cwd=tmp_path, check=True, capture_output=True)
    assert commit("formatted").returncode == 0
    plan.write_text(plan.read_text(encoding="utf-8").replace('kind = "general_qa"', 'kind = "nope"'), encoding="utf-8")
    invalid = commit("invalid")
    assert invalid.returncode != 0 and re.search(r"plans/midsize\.toml:\d+: workloads\.\d+\.kind", invalid.stderr)


# --- one Evaluator for both sides -----------------------------------------------------------------------


def _generated(tmp_path, name: str, count: int, edit=None):
    """A generated plan of `count` workloads written to a file, `edit(plan)` applied first."""
    from planner.store.plan_io import dump_plan
    from tests.bench.bench_engine import generated_plan

    plan = generated_plan(count)
    if edit:
        edit(plan)
    path = tmp_path / name
    path.write_text(dump_plan(plan), encoding="utf-8")
    return path


def _more_users(plan):
    plan.workloads[7] = plan.workloads[7].model_copy(update={"users": plan.workloads[7].users + 500})


def _added(plan):
    plan.workloads.append(plan.workloads[3].model_copy(update={"id": "added", "name": "Added", "users": 300}))


def _removed(plan):
    del plan.workloads[5]


@pytest.mark.parametrize(
    ("old_edit", "new_edit", "line"),
    [(None, _more_users, "  ~ workloads[w00007].users: 27 -> 527"), (None, _added, "  + workloads[added]: "), (None, _removed, "  - workloads[w00005] ")],
    ids=["edit", "addition", "removal"],
)
def test_diff_evaluating_new_as_a_reevaluation_of_old_reads_as_two_fresh_evaluations(tmp_path, run_cli, monkeypatch, old_edit, new_edit, line):
    """`planner diff` evaluates NEW with the Evaluator that evaluated OLD (and without scenarios): every format and
    language reads exactly as when each plan is loaded and evaluated on its own, scenarios and all."""
    import planner.export.diff as diff_module

    old = _generated(tmp_path, "old.toml", 120, old_edit)
    new = _generated(tmp_path, "new.toml", 120, new_edit)
    cases = [(str(old), str(new)), (str(SAMPLE), str(edited(tmp_path, "sample.toml", MORE_USERS)))]
    runs = [("--format", "text"), ("--format", "text", "--lang", "ko"), ("--format", "json"), ("--format", "markdown", "--lang", "ko")]
    shared = {(case, run): run_cli("diff", *case, *run) for case in cases for run in runs}
    text = shared[(cases[0], runs[0])].out
    assert any(x.startswith(line) for x in text.splitlines()) and "  ~ 3-year TCO, this plan" in text  # the change, and money it moved
    assert MORE_USERS_LINE in shared[(cases[1], runs[0])].out.splitlines()
    monkeypatch.setattr(diff_module, "load_sides", lambda a, b, catalog: (diff_module.load_side(a, catalog), diff_module.load_side(b, catalog)))
    for (case, run), result in shared.items():
        alone = run_cli("diff", *case, *run)
        assert result.code == alone.code == 0 and result.err == alone.err == ""
        assert result.out == alone.out, (case, run)


def test_new_shares_olds_workloads_equal_in_value_and_type_and_reads_as_two_fresh_evaluations(tmp_path, run_cli, monkeypatch, catalog):
    """NEW, read from its own file, is evaluated with the workloads it has equal to OLD's as OLD's objects (so the
    Evaluator re-evaluates it as after an edit in the app, not as a plan it never saw): the edited workload is not
    shared, one written `1` in OLD and `1.0` in NEW is (validation makes both the float 1.0), and the diff reads exactly
    as two fresh evaluations. A workload equal in value but not in a value's type (a plan made in code, unvalidated)
    is not shared."""
    import planner.export.diff as diff_module
    from planner.store.loader import sharing

    text = _generated(tmp_path, "generated.toml", 60).read_text(encoding="utf-8")
    nine = text.index('id = "w00009"')
    seven = text.index("users = ", text.index('id = "w00007"'))
    assert text.startswith("users = 27\n", seven)
    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    old.write_text(text[:nine] + "sensitive_share = 1\n" + text[nine:], encoding="utf-8")
    edited = text[:seven] + "users = 527\n" + text[seven + len("users = 27\n") :]
    nine = edited.index('id = "w00009"')
    new.write_text(edited[:nine] + "sensitive_share = 1.0\n" + edited[nine:], encoding="utf-8")
    before, after = diff_module.load_sides(str(old), str(new), catalog)
    shared = {w.id for w, v in zip(before.plan.workloads, after.plan.workloads) if w is v}
    assert len(after.plan.workloads) == 60 and shared == {w.id for w in after.plan.workloads} - {"w00007"}
    runs = [("--format", "text"), ("--format", "json")]
    together = {run: run_cli("diff", str(old), str(new), *run) for run in runs}
    assert "  ~ workloads[w00007].users: 27 -> 527" in together[runs[0]].out.splitlines()
    monkeypatch.setattr(diff_module, "load_sides", lambda a, b, catalog: (diff_module.load_side(a, catalog), diff_module.load_side(b, catalog)))
    for run, result in together.items():
        alone = run_cli("diff", str(old), str(new), *run)
        assert result.code == alone.code == 0 and result.out == alone.out, run

    plan = before.plan
    workloads = list(plan.workloads)
    workloads[9] = workloads[9].model_copy(update={"sensitive_share": 1})  # == 1.0, but an int
    typed = sharing(plan.model_copy(update={"workloads": workloads}), plan)
    assert [w.id for w, v in zip(plan.workloads, typed.workloads) if w is not v] == ["w00009"]
