"""The headless commands as a user runs them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from tests.conftest import ROOT, SAMPLE_PLANS


def test_all_sample_plans_validate_and_are_canonical(run_cli):
    paths = [str(p) for p in SAMPLE_PLANS]
    assert len(paths) == 8
    result = run_cli("validate", *paths)
    assert result.code == 0, result.err
    assert run_cli("fmt", "--check", *paths).code == 0


def test_new_writes_a_valid_plan_and_never_overwrites(tmp_path, run_cli):
    target = tmp_path / "bank.toml"
    assert run_cli("new", str(target), "--template", "bank-customer-service").code == 0
    assert run_cli("validate", str(target)).code == 0
    target.write_text("mine", encoding="utf-8")
    again = run_cli("new", str(target))
    assert again.code == 2 and "not overwritten" in again.err
    assert target.read_text(encoding="utf-8") == "mine"
    unknown = run_cli("new", str(tmp_path / "x.toml"), "--template", "nope")
    assert unknown.code == 2 and "midsize-chatbot" in unknown.err


def test_fmt_rewrites_a_non_canonical_plan_and_check_reports_it(tmp_path, run_cli):
    path = tmp_path / "plan.toml"
    path.write_text(
        'name = "Messy"\nschema_version = 1\nstart = 2026-01-05\n[[workloads]]\nkind = "general_qa"\nname = "QA"\nid = "qa"\nusers = 5\n',
        encoding="utf-8",
    )
    assert run_cli("fmt", "--check", str(path)).code == 1
    assert run_cli("fmt", str(path)).code == 0
    text = path.read_text(encoding="utf-8")
    assert text.index("schema_version") < text.index("name =") < text.index("[[workloads]]") < text.index("[summary]")
    assert run_cli("fmt", "--check", str(path)).code == 0


def test_show_json_has_the_design_keys(run_cli):
    result = run_cli("show", str(ROOT / "plans" / "midsize-chatbot.toml"), "--json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    for key in ("name", "start", "horizon_months", "strategy", "workloads", "hardware", "tasks", "phases", "tco", "break_even_month", "warnings"):
        assert key in doc
    workload = doc["workloads"][0]
    for key in ("id", "name", "placement", "recommended", "overridden", "trace", "requests_per_day", "requests_per_month", "cloud_model", "open_model", "cloud_cost_usd_per_month", "cloud_cost_krw_per_month", "warnings"):
        assert key in workload
    assert workload["requests_per_day"] == 5000
    assert doc["start"] == "2026-03-02"


def test_python_dash_m_and_no_terminal(tmp_path):
    result = subprocess.run([sys.executable, "-m", "planner", "show", str(ROOT / "plans" / "hospital.toml")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "University hospital" in result.stdout
    # the app needs a terminal: without one it says so instead of hanging
    app = subprocess.run([sys.executable, "-m", "planner"], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert app.returncode == 2 and "needs a terminal" in app.stderr


def test_the_planner_process_writes_all_its_output_and_exit_code(tmp_path, run_cli):
    """The `planner` process ends right after its output is flushed: a long JSON through a pipe arrives whole, byte
    for byte what the command writes in-process; a refused plan's message and exit code arrive too; a full disk is
    still exit 2 with its message."""
    from planner.store.plan_io import dump_plan
    from tests.bench.bench_engine import generated_plan

    plan = tmp_path / "plan.toml"
    plan.write_text(dump_plan(generated_plan(300)), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "planner", "show", "--json", str(plan)], capture_output=True, timeout=120)
    assert done.returncode == 0 and done.stderr == b""
    assert len(done.stdout) > 1_000_000 and done.stdout.decode("utf-8") == run_cli("show", "--json", str(plan)).out
    bad = tmp_path / "bad.toml"
    bad.write_text(plan.read_text(encoding="utf-8").replace("users = 20\n", "users = -20\n", 1), encoding="utf-8")
    refused = subprocess.run([sys.executable, "-m", "planner", "validate", str(bad)], capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.startswith(f"{bad}:") and "users" in refused.stderr, refused.stderr
    with open("/dev/full", "w") as full:
        no_room = subprocess.run([sys.executable, "-m", "planner", "show", "--json", str(plan)], stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert no_room.returncode == 2 and "cannot write the output: No space left on device" in no_room.stderr
    assert "Traceback" not in no_room.stderr


def test_an_output_encoding_that_cannot_write_the_text_gets_escapes_not_an_internal_error(tmp_path):
    """stdout in latin-1 or ASCII (PYTHONIOENCODING, a non-UTF-8 locale) and a Korean report of a plan named with an
    emoji: the command used to end with exit 70 ('internal error: UnicodeEncodeError'). Now what the encoding cannot
    write goes as JSON's \\uXXXX escapes (a surrogate pair past U+FFFF): the JSON reads back as the same document,
    the text shows the escapes, exit 0."""
    plan = tmp_path / "hospital.toml"
    plan.write_text((ROOT / "plans" / "hospital.toml").read_text(encoding="utf-8").replace('name = "University hospital"', 'name = "대학병원 \U0001F3E5"', 1), encoding="utf-8")
    utf8 = subprocess.run([sys.executable, "-m", "planner", "show", "--json", "--lang", "ko", str(plan)], capture_output=True, timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    document = json.loads(utf8.stdout.decode("utf-8"))
    assert document["name"] == "대학병원 \U0001F3E5"
    for encoding in ("latin-1", "ascii"):
        env = {**os.environ, "PYTHONIOENCODING": encoding}
        done = subprocess.run([sys.executable, "-m", "planner", "show", "--json", "--lang", "ko", str(plan)], capture_output=True, timeout=120, env=env)
        assert done.returncode == 0 and done.stderr == b"", done.stderr
        assert '"name":"\\ub300\\ud559\\ubcd1\\uc6d0 \\ud83c\\udfe5"' in done.stdout.decode(encoding)
        assert json.loads(done.stdout.decode(encoding)) == document
        text = subprocess.run([sys.executable, "-m", "planner", "show", "--lang", "ko", str(plan)], capture_output=True, timeout=120, env=env)
        assert text.returncode == 0 and text.stderr == b"", text.stderr
        assert "\\ub300\\ud559\\ubcd1\\uc6d0" in text.stdout.decode(encoding)


def test_headless_commands_do_not_import_textual():
    code = "import sys; from planner.cli import main; main(['show', %r]); assert 'textual' not in sys.modules, 'textual imported'" % str(ROOT / "plans" / "midsize-chatbot.toml")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_domain_is_pure():
    code = "import sys, planner.domain.evaluate; bad = [m for m in ('textual', 'planner.store', 'planner.tui') if m in sys.modules]; assert not bad, bad"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_domain_depends_on_nothing_outside_it():
    """planner/domain imports neither the UI, the exports nor the file layer."""
    offenders = []
    for source in (ROOT / "planner" / "domain").glob("*.py"):
        for line in source.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith(("from planner.", "import planner.")) and not stripped.startswith(("from planner.domain", "import planner.domain", "from planner.errors")):
                offenders.append(f"{source.name}: {stripped}")
            if stripped.startswith(("import textual", "from textual")):
                offenders.append(f"{source.name}: {stripped}")
    assert offenders == []


def test_show_counts_one_gpu_in_the_singular(run_cli, plan_copy):
    out = run_cli("show", str(plan_copy("bank-customer-service", owned=True))).out  # the bank keeping owned GPUs: its GPU comparison
    compared = [line for line in out.splitlines() if " x TP" in line and "capex" in line]
    singles = [line for line in compared if re.search(r" 1 GPUs? \(1 x TP1\)", line)]
    assert singles and all(" 1 GPU (1 x TP1)" in line for line in singles)
    assert not any(re.search(r"\b1 GPUs\b", line) for line in compared)


def test_show_names_the_workloads_a_scenario_moves_and_only_those(run_cli):
    plan = str(ROOT / "plans" / "bank-customer-service.toml")
    doc = json.loads(run_cli("show", "--json", plan).out)
    placed = {w["id"]: w["placement"] for w in doc["workloads"]}
    moved = {s["name"]: [f"{w} -> {p}" for w, p in s["placements"].items() if placed[w] != p] for s in doc["scenarios"]}
    assert any(moved.values()) and not all(moved.values())  # the bank's usage-x3 moves workloads; as-billed moves none
    lines = run_cli("show", plan).out.splitlines()
    for name, expected in moved.items():
        block = lines[next(i for i, line in enumerate(lines) if line.startswith(f"  scenario {name}:")) + 1 :][:3]
        said = [line.split("placements change: ")[1] for line in block if "placements change: " in line]
        assert said == ([", ".join(expected)] if expected else [])


def test_export_to_dash_writes_stdout_not_a_file_named_dash(tmp_path, monkeypatch, run_cli):
    """`planner export PLAN --format markdown -o -` prints the report, as `-o -` does for most command-line tools (it
    wrote a file named "-" into the working directory); `-o ./-` still names such a file."""
    monkeypatch.chdir(tmp_path)
    plan = str(ROOT / "plans" / "hospital.toml")
    printed = run_cli("export", plan, "--format", "markdown")
    dashed = run_cli("export", plan, "--format", "markdown", "-o", "-")
    assert dashed.code == 0 and dashed.out == printed.out and dashed.out.startswith("# University hospital")
    assert not (tmp_path / "-").exists()
    assert run_cli("export", plan, "--format", "json", "-o", "-").out.startswith('{"name":"University hospital"')
    named = run_cli("export", plan, "--format", "markdown", "-o", "./-")
    assert named.code == 0 and (tmp_path / "-").read_text(encoding="utf-8") == printed.out
