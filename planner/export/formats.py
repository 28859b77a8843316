"""`planner export --format F`: one renderer per format, all from the same Evaluation."""

from __future__ import annotations

from typing import Callable

from planner.domain.results import Evaluation
from planner.export.json_export import evaluation_json

FORMATS: dict[str, Callable[[Evaluation], str]] = {
    "json": evaluation_json,
}


def render(ev: Evaluation, fmt: str) -> str:
    """The export text of one format."""
    return FORMATS[fmt](ev)
