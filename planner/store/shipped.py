"""Where the data that ships with planner lives: the catalogs and the sample plans.

Both folders stay at the top of the source tree (catalogs/, plans/); the build backend maps them
into the package (pyproject.toml: `force-include` -> planner/catalogs, planner/plans), so an
installed planner reads them as package resources. An editable install (`make test`) has no copy
inside the package and reads the checkout's folders instead: that is the only special case.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent.parent
"""The source checkout's root, for an editable install."""


def shipped_dir(name: str) -> Path:
    """The folder `name` ("catalogs" or "plans") that came with planner."""
    inside = files("planner").joinpath(name)
    if inside.is_dir():
        return Path(str(inside))  # a regular install: the package is a folder on disk
    return CHECKOUT / name


def shipped_catalog_dir() -> Path:
    """The shipped catalogs (catalogs/*.toml)."""
    return shipped_dir("catalogs")


def sample_plan_dir() -> Path:
    """The shipped sample plans (plans/*.toml)."""
    return shipped_dir("plans")
