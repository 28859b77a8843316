"""Copies the shipped catalogs and sample plans into the wheel (planner/catalogs, planner/plans)."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithData(build_py):
    def run(self):
        super().run()
        for name in ("catalogs", "plans"):
            target = Path(self.build_lib) / "planner" / name
            target.mkdir(parents=True, exist_ok=True)
            for source in sorted(Path(name).glob("*.toml")):
                shutil.copy2(source, target / source.name)


setup(cmdclass={"build_py": BuildWithData})
