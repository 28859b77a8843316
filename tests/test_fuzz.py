"""Mutated sample plans and hostile company catalogs fed to every command: only planner's own messages
come out (exit 0, 1 or 2), never an exception, and no command takes 10 s of CPU.

`make fuzz` runs 5,000 plans and 500 catalogs (PLANNER_FUZZ_EXAMPLES, PLANNER_FUZZ_CATALOGS); `make test`
runs a fast slice. The mutations live in tests/fuzzing.py (`python -m tests.fuzzing` prints counts).
"""

from __future__ import annotations

import os
import pytest

from planner.cli import main
from tests import fuzzing
from tests.conftest import SAMPLE_PLANS

EXAMPLES = int(os.environ.get("PLANNER_FUZZ_EXAMPLES", "20"))
CATALOG_EXAMPLES = int(os.environ.get("PLANNER_FUZZ_CATALOGS", str(max(8, EXAMPLES // 10))))


def test_mutated_plans_get_messages_not_exceptions_and_finish_quickly():
    """Mutated sample plans (extreme numbers and dates, nested arrays, bad values) through every command."""
    report = fuzzing.fuzz_plans(EXAMPLES, seed=int(os.environ.get("PLANNER_FUZZ_SEED", "17")))
    print(report.summary("plans"))
    assert report.cases == EXAMPLES
    assert not report.bad, report.summary("plans")
    assert not report.slow, report.summary("plans")


def test_hostile_company_catalogs_get_messages_not_exceptions_and_finish_quickly():
    """Company catalogs with extreme, zero, negative, misordered or mistyped figures, with a sample plan through every command."""
    report = fuzzing.fuzz_catalogs(CATALOG_EXAMPLES, seed=int(os.environ.get("PLANNER_FUZZ_SEED", "17")) + 1)
    print(report.summary("company catalogs"))
    assert not report.bad, report.summary("company catalogs")
    assert not report.slow, report.summary("company catalogs")


def test_a_refused_fmt_leaves_the_file_untouched(tmp_path, capsys):
    import random

    rng = random.Random(5)
    for _ in range(15):
        path = tmp_path / "fuzz.toml"
        path.write_bytes(fuzzing.mutate_plan(rng, rng.choice(fuzzing.SAMPLES).read_bytes()))
        before = path.read_bytes()
        code = main(["fmt", str(path)])
        capsys.readouterr()
        assert code in (0, 1, 2)
        if code != 0:
            assert path.read_bytes() == before, "a refused fmt must leave the file untouched"


@pytest.mark.parametrize("sample", SAMPLE_PLANS, ids=lambda p: p.stem)
def test_app_loader_refuses_mutations_with_planner_errors(sample):
    """The loader the app uses (loader.read_plan) raises only PlannerError on mutated input."""
    import random

    from planner.errors import PlannerError
    from planner.store.catalogs import load_catalog
    from planner.store.plan_io import decode_plan_text, parse_plan_text

    catalog = load_catalog(None)
    rng = random.Random(sample.stem)
    raw = sample.read_bytes()
    for _ in range(60):
        data = bytearray(raw)
        for _ in range(rng.randint(1, 5)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            text = decode_plan_text(bytes(data), str(sample))
            parse_plan_text(text, str(sample), catalog)
        except PlannerError:
            pass
