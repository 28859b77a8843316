"""Where the data that ships with planner lives: the catalogs and the sample plans.

Both folders stay at the top of the source tree (catalogs/, plans/); the build backend maps them
into the package (pyproject.toml: `force-include` -> planner/catalogs, planner/plans), so an
installed planner finds them in its package folder. An editable install (`make test`) has no copy
inside the package and reads the checkout's folders instead: that is the only special case.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).parent.parent
"""The planner package's folder (what `importlib.resources.files("planner")` gives for a package on disk, without
importing its readers at every start)."""
CHECKOUT = Path(__file__).resolve().parent.parent.parent
"""The source checkout's root, for an editable install."""


def shipped_dir(name: str) -> Path:
    """The folder `name` ("catalogs" or "plans") that came with planner."""
    inside = PACKAGE / name
    if inside.is_dir():
        return inside  # a regular install: the package is a folder on disk
    return CHECKOUT / name


def shipped_catalog_dir() -> Path:
    """The shipped catalogs (catalogs/*.toml)."""
    return shipped_dir("catalogs")


def sample_plan_dir() -> Path:
    """The shipped sample plans (plans/*.toml)."""
    return shipped_dir("plans")
