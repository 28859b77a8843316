"""`planner diff OLD NEW`. STUB: the exports issue builds it."""

from __future__ import annotations

import argparse

from planner.domain.catalog import Catalog
from planner.errors import PlannerError


def run_diff(args: argparse.Namespace, catalog: Catalog) -> int:
    """Print the diff; exit code 1 when --fail-above is exceeded."""
    raise PlannerError("diff is not available yet", exit_code=2)
