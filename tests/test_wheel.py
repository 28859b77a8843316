"""The release route works: sdist -> wheel built from that sdist -> clean venv -> `planner` from any directory.

A wheel built from the sdist (what `python -m build` and `pip install planner-*.tar.gz` do) must
carry the catalogs and sample plans, which live at the top of the source tree.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import venv
import zipfile

from hatchling.build import build_sdist

from tests.conftest import ROOT


def _run(*args, cwd, timeout=300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the installed planner, not a checkout
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


def test_wheel_built_from_the_sdist_works_from_any_directory(tmp_path):
    dist = tmp_path / "dist"
    cwd = os.getcwd()
    os.chdir(ROOT)  # the PEP 517 hook builds the project in the current directory
    try:
        sdist = dist / build_sdist(str(dist))
    finally:
        os.chdir(cwd)
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    assert any(n.endswith("/catalogs/gpus.toml") for n in names) and any(n.endswith("/plans/hospital.toml") for n in names)

    built = _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", dist, sdist, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    wheel = next(dist.glob("planner-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        inside = set(archive.namelist())
    assert {"planner/catalogs/gpus.toml", "planner/plans/hospital.toml", "planner/tui/planner.tcss"} <= inside
    assert {"planner/locale/ko/LC_MESSAGES/ui.mo", "planner/locale/ko/LC_MESSAGES/reports.mo"} <= inside

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)  # the outer pip installs into it (faster than bootstrapping one)
    python = env_dir / "bin" / "python"
    # with its dependencies, as a user installs it, but not compiled to bytecode: compiling every dependency's modules
    # (Textual, pydantic, ...) was ~3/4 of this test's time; each module the commands below import is compiled as it is read
    installed = _run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-compile", wheel, cwd=tmp_path, timeout=600)
    assert installed.returncode == 0, installed.stderr

    planner = env_dir / "bin" / "planner"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    new = _run(planner, "new", "plan.toml", "--template", "hospital", cwd=elsewhere)
    assert new.returncode == 0, new.stderr
    show = _run(planner, "show", "plan.toml", cwd=elsewhere)
    assert show.returncode == 0, show.stderr
    korean = _run(planner, "show", "--lang", "ko", "--help", cwd=elsewhere)
    assert "planner가 표시하는 언어" in korean.stdout, korean.stdout + korean.stderr  # the compiled catalogs shipped
    assert "University hospital" in show.stdout
    catalog = _run(planner, "catalog", "gpt-4o", cwd=elsewhere)
    assert catalog.returncode == 0 and "input_usd_per_mtok" in catalog.stdout
    where = _run(python, "-c", "import planner.store.shipped as s; print(s.shipped_catalog_dir(), s.sample_plan_dir())", cwd=elsewhere)
    assert where.stdout.count(str(env_dir)) == 2, where.stdout
    hook = _run(python, "-c", "from planner.store.gitsetup import HOOK_SOURCE as h; print(h.is_file(), h)", cwd=elsewhere)
    assert hook.stdout.startswith("True") and str(env_dir) in hook.stdout, hook.stdout + hook.stderr  # git-setup works for pip users
