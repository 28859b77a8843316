"""Saves and exports never lose the user's files: symlinks, modes, owners, read-only files, other plans, umask."""

from __future__ import annotations

import os
import shutil
import stat

import pytest

from planner.cli import sample_plan_dir
from planner.store import plan_io
from planner.tui.session import PlanSession

SAMPLE = sample_plan_dir() / "midsize-chatbot.toml"


def _stale(path):
    """A plan file in need of `fmt` (its summary is gone)."""
    text = SAMPLE.read_text(encoding="utf-8")
    path.write_text(text[: text.index("[summary]")], encoding="utf-8")
    return path


@pytest.fixture
def umask():
    def set_mask(mask: int) -> None:
        os.umask(mask)

    previous = os.umask(0o022)
    yield set_mask
    os.umask(previous)


def test_fmt_writes_through_a_symlink_to_its_target(tmp_path, run_cli):
    target = _stale(tmp_path / "real.toml")
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    assert run_cli("fmt", str(link)).code == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "[summary]" in target.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_saving_keeps_mode_and_owner(tmp_path, run_cli):
    path = _stale(tmp_path / "plan.toml")
    os.chmod(path, 0o640)
    if os.getuid() == 0:
        os.chown(path, 1234, 5678)
    assert run_cli("fmt", str(path)).code == 0
    info = path.stat()
    assert stat.S_IMODE(info.st_mode) == 0o640
    if os.getuid() == 0:
        assert (info.st_uid, info.st_gid) == (1234, 5678)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_plans_and_exports_follow_the_umask(tmp_path, run_cli, umask, mask, mode):
    umask(mask)
    plan = tmp_path / "new.toml"
    assert run_cli("new", str(plan)).code == 0
    html = tmp_path / "report.html"
    assert run_cli("export", str(plan), "-f", "html", "-o", str(html)).code == 0
    assert stat.S_IMODE(plan.stat().st_mode) == mode
    assert stat.S_IMODE(html.stat().st_mode) == mode


def test_fmt_refuses_a_read_only_plan(tmp_path, run_cli):
    path = _stale(tmp_path / "plan.toml")
    os.chmod(path, 0o444)
    before = path.read_bytes()
    result = run_cli("fmt", str(path))
    assert result.code == 2
    assert f"{path}: read-only; not formatted" in result.err
    assert path.read_bytes() == before


def test_an_external_change_keeping_size_and_mtime_is_seen(tmp_path, catalog):
    path = tmp_path / "plan.toml"
    shutil.copy(SAMPLE, path)
    session = PlanSession.open(path, catalog)
    info = path.stat()
    text = path.read_text(encoding="utf-8")
    changed = text.replace("employees = 500", "employees = 501")
    assert len(changed) == len(text)
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # what cp -p and rsync do
    assert path.stat().st_size == info.st_size and path.stat().st_mtime_ns == info.st_mtime_ns
    assert session.changed_on_disk()


def test_opening_a_plan_removes_temp_files_of_killed_saves_only(tmp_path, catalog):
    path = tmp_path / "plan.toml"
    shutil.copy(SAMPLE, path)
    dead = tmp_path / ".plan.toml.planner-999999999.abc123.tmp"
    alive = tmp_path / f".plan.toml.planner-{os.getppid()}.def456.tmp"  # a save running in another process
    other = tmp_path / ".other.toml.planner-999999999.xyz.tmp"
    for temp in (dead, alive, other):
        temp.write_text("partial", encoding="utf-8")
    PlanSession.open(path, catalog)
    assert not dead.exists()
    assert alive.exists() and other.exists()


def test_session_saves_through_a_symlink(tmp_path, catalog):
    target = tmp_path / "real.toml"
    shutil.copy(SAMPLE, target)
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    session = PlanSession.open(link, catalog)
    session.apply(session.plan.model_copy(update={"name": "Renamed"}))
    session.save()
    assert link.is_symlink()
    assert 'name = "Renamed"' in target.read_text(encoding="utf-8")
    assert not session.changed_on_disk()


# --- export -o ----------------------------------------------------------------------------------


def test_export_never_writes_over_the_plan_itself(tmp_path, run_cli):
    plan = tmp_path / "plan.toml"
    shutil.copy(SAMPLE, plan)
    before = plan.read_bytes()
    for extra in ([], ["--force"]):
        result = run_cli("export", str(plan), "-f", "csv", "-o", str(plan), *extra)
        assert result.code == 2
        assert f"{plan}: is the plan itself" in result.err
    assert plan.read_bytes() == before


def test_export_never_writes_over_another_plan(tmp_path, run_cli):
    plan = tmp_path / "plan.toml"
    other = tmp_path / "other.toml"
    shutil.copy(SAMPLE, plan)
    shutil.copy(sample_plan_dir() / "hospital.toml", other)
    before = other.read_bytes()
    result = run_cli("export", str(plan), "-f", "markdown", "-o", str(other), "--force")
    assert result.code == 2 and "is a plan or catalog file" in result.err
    assert other.read_bytes() == before


def test_export_never_replaces_a_non_regular_file(tmp_path, run_cli):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run_cli("export", str(SAMPLE), "-f", "json", "-o", str(fifo), "--force")
    assert result.code == 2 and "not a regular file" in result.err
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    result = run_cli("export", str(SAMPLE), "-f", "json", "-o", "/dev/null", "--force")
    assert result.code == 2 and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_export_replaces_an_existing_file_only_with_force(tmp_path, run_cli):
    out = tmp_path / "report.md"
    out.write_text("my notes\n", encoding="utf-8")
    result = run_cli("export", str(SAMPLE), "-f", "markdown", "-o", str(out))
    assert result.code == 2
    assert result.err.startswith(f"{out}: already exists; pass --force to replace it")
    assert out.read_text(encoding="utf-8") == "my notes\n"
    assert run_cli("export", str(SAMPLE), "-f", "markdown", "-o", str(out), "--force").code == 0
    assert out.read_text(encoding="utf-8").startswith("# ")


def test_write_refuses_to_replace_a_device(tmp_path):
    with pytest.raises(plan_io.PlannerError, match="not a regular file"):
        plan_io.write_text_atomic("/dev/full", "x")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
