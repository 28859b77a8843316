"""`planner git-setup`: the textconv diff driver and the pre-commit hook, from the files inside the package.

Run inside a Git work tree. It sets `diff.planner.textconv` (and `cachetextconv`) in the repository's
config to this interpreter's `-m planner.export.textconv`, adds `PATTERN diff=planner` to
`.gitattributes` when no line names the pattern yet, and installs `planner/hooks/pre-commit` as the
repository's pre-commit hook with `PLANNER` defaulting to this interpreter, so a pip user needs no
checkout of planner and no activated environment.
"""

from __future__ import annotations

import shlex
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from planner.domain.messages import msg
from planner.errors import PlannerError

GIT_TIMEOUT_S = 30
"""Longest wait for one `git` call (a program limit, not a domain figure)."""
HOOK_SOURCE = Path(__file__).resolve().parent.parent / "hooks" / "pre-commit"
DEFAULT_PATTERN = "plans/*.toml"


@dataclass(frozen=True)
class SetupReport:
    """What git-setup changed, one line per step, for the user."""

    lines: list[str]


def _git(*args: str, cwd: Path) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=GIT_TIMEOUT_S, check=False)
    except FileNotFoundError:
        raise PlannerError(msg("git is not installed"), exit_code=2) from None
    except subprocess.TimeoutExpired:
        raise PlannerError(msg("git {command} did not answer within {seconds} s", command=args[0], seconds=GIT_TIMEOUT_S), exit_code=2) from None
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()
        if said and "not a git repository" in said[0]:
            raise PlannerError(msg("not inside a Git repository: run git-setup in the repository that holds the plans"), exit_code=2)
        if said:  # git's own words (in git's language), after ours
            raise PlannerError(msg("git {command} failed: {reason}", command=args[0], reason=said[0].removeprefix("fatal: ")), exit_code=2)
        raise PlannerError(msg("git {command} exited with {code}", command=args[0], code=done.returncode), exit_code=2)
    return done.stdout.strip()


def planner_command() -> str:
    """How Git should run planner: this interpreter, so the driver works without an activated environment."""
    return f"{shlex.quote(sys.executable)} -m planner"


def hook_text() -> str:
    """The shipped pre-commit hook with PLANNER defaulting to this installation."""
    text = HOOK_SOURCE.read_text(encoding="utf-8")
    return text.replace('planner=${PLANNER:-planner}', f'planner=${{PLANNER:-"{planner_command()}"}}', 1)


def git_setup(cwd: Path, pattern: str = DEFAULT_PATTERN, force: bool = False) -> SetupReport:
    """Configure the diff driver and install the hook in the repository holding `cwd`."""
    if not HOOK_SOURCE.is_file():
        raise PlannerError(msg("the pre-commit hook is missing from this installation (planner/hooks/pre-commit)"), exit_code=2)
    top = Path(_git("rev-parse", "--show-toplevel", cwd=cwd))
    lines = []
    _git("config", "diff.planner.textconv", f"{shlex.quote(sys.executable)} -m planner.export.textconv", cwd=top)
    _git("config", "diff.planner.cachetextconv", "true", cwd=top)
    lines.append(f"git config diff.planner.textconv: {sys.executable} -m planner.export.textconv")
    attributes = top / ".gitattributes"
    existing = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    wanted = f"{pattern} diff=planner"
    if any(line.split()[:1] == [pattern] and "diff=planner" in line.split() for line in existing.splitlines()):
        lines.append(msg(".gitattributes: already has {line}", line=wanted))
    else:
        prefix = "" if not existing or existing.endswith("\n") else "\n"
        attributes.write_text(existing + prefix + wanted + "\n", encoding="utf-8")
        lines.append(msg(".gitattributes: added {line}", line=wanted))
    hooks = Path(_git("rev-parse", "--git-path", "hooks", cwd=top))
    hooks = hooks if hooks.is_absolute() else top / hooks
    hooks.mkdir(parents=True, exist_ok=True)
    hook = hooks / "pre-commit"
    text = hook_text()
    if pattern != DEFAULT_PATTERN:
        text = text.replace("glob=${PLANNER_PLAN_GLOB:-plans/*.toml}", f"glob=${{PLANNER_PLAN_GLOB:-{pattern}}}", 1)
    if hook.exists() and hook.read_text(encoding="utf-8", errors="replace") != text and not force:
        raise PlannerError(msg("a different pre-commit hook is installed; not overwritten (pass --force to replace it)"), file=str(hook), exit_code=1)
    hook.write_text(text, encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    lines.append(msg("pre-commit hook installed: {hook} (checks staged {pattern} with planner fmt --check and validate)", hook=str(hook), pattern=pattern))
    return SetupReport(lines)
