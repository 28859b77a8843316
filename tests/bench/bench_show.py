"""`planner show`'s text grows with the plan, not faster: 2,000 workloads against 500, both with a scenario.

Only the text is timed (the evaluations are made first). Linear growth is 4x; a scenario's "placements
change" line that looked for each of its workloads among all of the plan's grew with the square (at 10,000
workloads and one scenario: 30 s of text).
"""

from __future__ import annotations

from planner.domain.evaluate import evaluate
from planner.domain.plan import Scenario
from planner.export.text import show_text
from planner.i18n import set_language
from planner.store.catalogs import load_catalog
from planner.store.collector import collector_paused
from tests.bench.bench_engine import generated_plan
from tests.bench.conftest import best_of_both


def test_show_text_grows_linearly_2000_vs_500_workloads(record):
    catalog = load_catalog(None)
    evaluations = {}
    for count in (500, 2_000):
        plan = generated_plan(count)
        plan = plan.model_copy(update={"scenarios": {"usage-x3": Scenario(description="Usage 3x the estimate", usage_multiplier=3)}})
        with collector_paused():  # as `planner show` evaluates and writes
            evaluations[count] = evaluate(plan, catalog)

    def text(count: int) -> None:
        with collector_paused():
            show_text(evaluations[count])

    for language in ("en", "ko"):
        set_language(language)
        try:
            small, small_cpu = best_of_both(lambda: text(500), repeat=3)
            large, large_cpu = best_of_both(lambda: text(2_000), repeat=3)
        finally:
            set_language("en")
        ratio = large_cpu / small_cpu
        record(f"`planner show` text ({language}), 2,000 workloads with a scenario", large, "the same at 500 workloads", small, "<= 5x (linear: 4x)", ratio <= 5,
               note=f"CPU {ratio:.1f}x")
