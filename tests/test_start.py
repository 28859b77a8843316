"""Starting from nothing: a blank `planner new`, `planner git-setup`, and a `--help` that says what exists."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess

import pytest

from planner.cli import main
from planner.export.formats import FORMATS
from tests.conftest import SAMPLE_PLANS


def test_new_without_template_writes_a_blank_valid_plan(tmp_path, run_cli):
    path = tmp_path / "team-plan.toml"
    result = run_cli("new", str(path))
    assert result.code == 0, result.err
    text = path.read_text(encoding="utf-8")
    assert "[[workloads]]" not in text and 'name = "Team plan"' in text and "[organization]" in text
    assert 'pricing = "as_billed"' in text  # new plans price cloud tokens as billed (#21)
    checked = run_cli("validate", str(path))
    assert checked.code == 0 and "ok (0 workloads)" in checked.out
    assert run_cli("fmt", "--check", str(path)).code == 0  # canonical, summary fresh


def test_new_with_unknown_template_lists_the_templates(tmp_path, run_cli):
    result = run_cli("new", str(tmp_path / "x.toml"), "--template", "nope")
    assert result.code == 2 and "hospital" in result.err and not (tmp_path / "x.toml").exists()


def test_help_says_how_to_open_the_app_and_lists_formats_and_templates(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    out = capsys.readouterr().out
    assert exited.value.code == 0
    assert "planner [PLAN]" in out and "opens the app" in out
    for name in FORMATS:
        assert f"  {name} " in out
    for plan in SAMPLE_PLANS:
        assert plan.stem in out
    assert "git-setup" in out and "import" in out


@pytest.mark.parametrize("language", ["en", "ko"])
def test_a_commands_help_and_errors_are_the_same_from_its_parser_alone(language, monkeypatch):
    """A command's parser is built with that command's subparser alone (cli._parser(command)): its help, usage and
    errors are word for word what the whole parser's subparser says (`planner new -h` lists the templates, `export -h`
    the formats)."""
    import argparse
    import io

    from planner import cli
    from planner.i18n import set_language

    monkeypatch.setenv("COLUMNS", "100")
    set_language(language)
    cli._argparse_in_current_language()
    try:
        whole, _ = cli._parser()
        chosen = next(action for action in whole._actions if isinstance(action, argparse._SubParsersAction)).choices
        assert sorted(chosen) == sorted(cli.COMMANDS)
        for command in cli.COMMANDS:
            alone, _ = cli._parser(command)
            subparsers = next(action for action in alone._actions if isinstance(action, argparse._SubParsersAction)).choices
            assert list(subparsers) == [command]
            assert subparsers[command].format_help() == chosen[command].format_help(), command
            said = []
            for parser in (alone, whole):
                err = io.StringIO()
                monkeypatch.setattr("sys.stderr", err)
                with pytest.raises(SystemExit):
                    parser.parse_args([command, "--no-such-option"])
                said.append(err.getvalue())
            assert said[0] == said[1] and "planner" in said[0], command
    finally:
        set_language("en")
        cli._argparse_in_current_language()


def _git(repo, *args):
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True, timeout=60).stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is part of the documented set-up")
def test_git_setup_installs_the_driver_and_the_hook(tmp_path, run_cli, monkeypatch):
    repo = tmp_path / "repo"
    (repo / "plans").mkdir(parents=True)
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "t@example.com")
    _git(repo, "config", "user.name", "t")
    monkeypatch.chdir(repo)
    assert run_cli("new", "plans/p.toml").code == 0
    result = run_cli("git-setup")
    assert result.code == 0, result.err
    assert "plans/*.toml diff=planner" in (repo / ".gitattributes").read_text()
    assert "planner.export.textconv" in _git(repo, "config", "diff.planner.textconv")
    hook = repo / ".git" / "hooks" / "pre-commit"
    assert hook.stat().st_mode & stat.S_IXUSR
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "plan")
    text = (repo / "plans" / "p.toml").read_text()
    (repo / "plans" / "p.toml").write_text(text.replace("employees = 100", "employees = 120"))
    diff = _git(repo, "diff")
    assert "+employees = 120" in diff and "# --- computed by planner" in diff
    # the hook refuses a stale summary: employees changed without `planner fmt`, so nothing else moved...
    (repo / "plans" / "p.toml").write_text(text.replace('name = "P"', 'name = "P"\nhorizon_months = 12'))
    _git(repo, "add", ".")
    env = {k: v for k, v in os.environ.items() if k != "PLANNER"}
    commit = subprocess.run(["git", "commit", "-qm", "stale"], cwd=repo, capture_output=True, text=True, env=env, timeout=120)
    assert commit.returncode != 0 and "planner fmt" in commit.stderr
    again = run_cli("git-setup")
    assert again.code == 0 and "already has" in again.out  # idempotent


def test_opening_the_app_builds_no_command_help_and_imports_no_export_renderer():
    """`planner PLAN` goes straight to the app: the commands' parser (whose help lists every export
    format, importing their renderers) is built only for a command or --help."""
    import subprocess
    import sys

    code = (
        "import sys, planner.cli as cli; opened = []; cli.cmd_app = lambda args: opened.append(args.plan) or 0; "
        "assert cli.main(['plans/x.toml']) == 0 and opened == ['plans/x.toml'], opened; "
        "assert 'planner.export.formats' not in sys.modules and 'planner.export.html' not in sys.modules"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_show_json_imports_no_export_renderer():
    """`planner show --json` (and the command help it builds) needs the format names, not the renderers."""
    import subprocess
    import sys

    plan = SAMPLE_PLANS[0]
    code = (
        "import sys, io, planner.cli as cli; out = io.StringIO(); sys.stdout = out; "
        f"code = cli.main(['show', '--json', {str(plan)!r}]); sys.stdout = sys.__stdout__; "
        "assert code == 0 and out.getvalue().startswith('{'), code; "
        "assert 'planner.export.formats' not in sys.modules and 'planner.export.html' not in sys.modules, sorted(m for m in sys.modules if m.startswith('planner.export'))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
