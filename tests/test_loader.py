"""One loader (planner.store.loader): a problem reads the same, file:line:key, wherever the plan is opened."""

from __future__ import annotations

import subprocess
import sys

import pytest

from planner.errors import PlannerError
from planner.export.textconv import plan_textconv
from planner.store.loader import load, load_text
from planner.tui.session import PlanSession
from tests.conftest import ROOT

UNACKNOWLEDGED = 'data = "regulated"\nopen_model = "qwen2.5-32b"\nplacement = "cloud"\nplacement_note = "CISO said so"\n'


@pytest.fixture()
def overridden(tmp_path):
    """The hospital sample with its regulated workload moved to the cloud without acknowledging the regulation."""
    text = (ROOT / "plans" / "hospital.toml").read_text(encoding="utf-8")
    text = text.replace('data = "regulated"\nopen_model = "qwen2.5-32b"\n', UNACKNOWLEDGED)
    path = tmp_path / "hospital.toml"
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("[[workloads]]") + 1  # the key is absent: the workload's table
    return path, f"{path}:{line}: workloads.0.acknowledge_regulation: "


def test_cli_app_and_textconv_report_the_same_located_problem(overridden, catalog):
    path, where = overridden
    validate = subprocess.run([sys.executable, "-m", "planner", "validate", str(path)], capture_output=True, text=True, timeout=120)
    assert validate.returncode == 1 and validate.stderr.startswith(where), validate.stderr
    with pytest.raises(PlannerError) as opened:
        PlanSession.open(path, catalog)
    assert str(opened.value).startswith(where)
    conv = plan_textconv(path.read_text(encoding="utf-8"), str(path))
    assert f"# {where}" in conv


def test_loaded_plan_carries_its_text_and_bytes(catalog):
    path = ROOT / "plans" / "hospital.toml"
    loaded = load(path, catalog)
    assert loaded.data == path.read_bytes() and loaded.text == path.read_text(encoding="utf-8")
    assert [w.id for w in loaded.evaluation.workloads] == ["clinical-notes", "patient-chatbot", "staff-qa"]
    assert load_text(loaded.text, "x.toml", catalog).evaluation == loaded.evaluation


def test_git_revision_only_where_asked(tmp_path, catalog):
    with pytest.raises(PlannerError) as missing:
        load("HEAD:plans/hospital.toml", catalog)
    assert "no such file" in str(missing.value) and missing.value.exit_code == 2
