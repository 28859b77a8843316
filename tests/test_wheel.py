"""`pip install .` into a fresh venv gives a working `planner` from any directory, catalogs and samples inside."""

from __future__ import annotations

import subprocess
import sys
import venv

from tests.conftest import ROOT


def test_installed_wheel_works_from_any_directory(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT)], check=True, timeout=300, cwd=tmp_path)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    pip = env_dir / "bin" / "pip"
    wheel = next(wheels.glob("planner-*.whl"))
    subprocess.run([str(pip), "install", "--quiet", str(wheel)], check=True, timeout=600, cwd=tmp_path)
    planner = env_dir / "bin" / "planner"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    new = subprocess.run([str(planner), "new", "plan.toml", "--template", "hospital"], cwd=elsewhere, capture_output=True, text=True, timeout=120)
    assert new.returncode == 0, new.stderr
    show = subprocess.run([str(planner), "show", "plan.toml"], cwd=elsewhere, capture_output=True, text=True, timeout=120)
    assert show.returncode == 0, show.stderr
    assert "University hospital" in show.stdout
    catalog = subprocess.run([str(planner), "catalog", "gpt-4o"], cwd=elsewhere, capture_output=True, text=True, timeout=120)
    assert catalog.returncode == 0 and "input_usd_per_mtok" in catalog.stdout
    where = subprocess.run([str(env_dir / "bin" / "python"), "-c", "import planner.store.catalogs as c; print(c.shipped_catalog_dir())"], cwd=elsewhere, capture_output=True, text=True, timeout=60)
    assert str(env_dir) in where.stdout, where.stdout
