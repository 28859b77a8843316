"""What a `planner` command imports before it works: the fixed cost of every process (issue #16). Each check
names modules the command does not use; none is timed."""

from __future__ import annotations

import calendar
import os
import subprocess
import sys
from datetime import date

from planner.domain.vocabulary import add_months, days_in_month
from tests.conftest import SAMPLE_PLANS


def test_days_in_month_are_the_calendar_modules():
    for year in range(1600, 2501):
        for month in range(1, 13):
            assert days_in_month(year, month) == calendar.monthrange(year, month)[1], (year, month)


def test_a_month_later_is_clamped_to_the_months_last_day():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2100, 1, 31), 1) == date(2100, 2, 28)
    assert add_months(date(2000, 3, 31), -1) == date(2000, 2, 29)
    assert add_months(date(2026, 8, 31), 13) == date(2027, 9, 30)


UNUSED_BY_SHOW = (
    "importlib.metadata", "email", "zipfile", "csv", "socket", "tempfile", "glob", "calendar", "pickle", "hashlib", "pydantic_core.core_schema",
    "typing_extensions", "shutil", "threading", "ast", "dis", "tokenize", "tomli_w", "tomli",
)
"""Modules `show --json` has no use for: pydantic's plugin loader imported the first five when planner's classes were
pydantic models, the others planner's own modules at import (now where they are used); `pickle` and `hashlib` (OpenSSL's
libcrypto) for the kept catalogs, which are read with `_pickle` and keyed with `_blake2` (store/catalogs);
pydantic-core's `core_schema` and `typing_extensions` (its package's `__init__` imports them): coremodel writes its
schemas as dicts and pydantic-core's extension is all planner runs, its MISSING given without them (planner.lazy_core);
`shutil` (and zlib, bz2, lzma), which argparse imports for the terminal's width when an argument is added, not only
for help (cli._Parser); `threading` for a lock (`_thread`'s, domain/memo); `ast`, `dis` and `tokenize`, which `inspect`
imports (it is in `sys.modules` not yet run: planner.lazy_core.DEFERRED, whose modules must not have run either);
`tomli_w`, which only writing a plan needs (store/plan_io); `tomli`, which reads only what rtoml does not (a sample plan
and the kept catalogs need none of it: store/tomltext; the kept catalogs' key reads its version from its `__init__.py`)."""


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    environ = dict(os.environ)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env={**environ, **env})


def test_show_json_imports_no_module_it_does_not_use():
    """Nor does it run the modules planner puts in place not yet run, or compile text (the import system compiles the
    bytes of a module it has no bytecode for): the first `compile()` makes Python build its syntax-tree types (~9 M
    instructions), which a `typing.NamedTuple` in a module with postponed annotations does at import (each annotation's
    text made a ForwardRef)."""
    code = (
        "import builtins, io, json, sys; compiled = []; compile = builtins.compile; "
        "builtins.compile = lambda source, *args, **kwargs: (isinstance(source, str) and compiled.append(source)) or compile(source, *args, **kwargs); "
        "import planner.cli as cli; from planner.lazy_core import DEFERRED, waiting; out = io.StringIO(); sys.stdout = out; "
        f"code = cli.main(['show', '--json', {str(SAMPLE_PLANS[0])!r}]); sys.stdout = sys.__stdout__; "
        "assert code == 0 and json.loads(out.getvalue())['workloads'], code; "
        f"print(sorted(m for m in {UNUSED_BY_SHOW!r} if m in sys.modules), [m for m in DEFERRED if not waiting(sys.modules[m])], compiled)"
    )
    for kept in (False, True):  # the first run may validate the shipped catalogs and keep them (a temp file): the next reads them back
        result = _run(code)
        assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[] [] []"


PYDANTIC_MODULES = "sorted(m for m in sys.modules if m == 'pydantic' or m.startswith('pydantic.'))"
"""The pydantic modules a process has imported (pydantic_core is another package)."""


def test_show_json_and_validate_import_no_pydantic(tmp_path):
    """The plan, the catalog and the result classes are coremodel classes validated and dumped by pydantic-core, built
    without pydantic: `show --json` and `validate` import none of pydantic's modules (~150 M instructions, ~20 ms at
    every start, and its model building), with the shipped catalogs validated (a first run: none kept yet) and kept,
    nor does `validate` of a plan with a wrong value (what pydantic-core says of it)."""
    bad = tmp_path / "bad.toml"
    bad.write_text(SAMPLE_PLANS[1].read_text(encoding="utf-8").replace("horizon_months = ", "horizon_months = -", 1), encoding="utf-8")
    code = (
        "import io, json, sys, planner.cli as cli; out = io.StringIO(); sys.stdout = out; sys.stderr = io.StringIO(); "
        f"code = cli.main(['show', '--json', {str(SAMPLE_PLANS[0])!r}]); "
        f"code += cli.main(['validate', {str(SAMPLE_PLANS[1])!r}]); "
        f"code += 10 * cli.main(['validate', {str(bad)!r}]); said = sys.stderr.getvalue() + out.getvalue(); "
        "sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__; "
        "assert code == 10 and 'horizon_months: input should be greater than or equal to 1' in said and 'pydantic_core' in sys.modules, (code, said); "
        f"print({PYDANTIC_MODULES})"
    )
    for kept in (False, True):
        result = _run(code, XDG_CACHE_HOME=str(tmp_path))
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "[]", kept
    assert list((tmp_path / "planner").glob("*.pickle"))  # the second run read the catalogs the first kept


def test_problems_and_loaded_plans_are_frozen_values():
    """validate.Problem, loader.LoadedPlan, gpuaas.Eligibility and RentGap (plain classes, not dataclasses: see their docstrings) keep what a
    frozen dataclass gave: equality and hash by value, no assignment, a copy and a pickle equal to the original."""
    import copy
    import pickle
    from dataclasses import FrozenInstanceError

    import pytest

    from planner.domain.validate import Problem
    from planner.store.comments import Comments, read_comments
    from planner.store.loader import LoadedPlan

    problem = Problem(("workloads", 0, "kind"), "unknown workload kind 'x'")
    assert problem == Problem(("workloads", 0, "kind"), "unknown workload kind 'x'") != Problem(("workloads", 0), "unknown workload kind 'x'")
    assert len({problem, Problem(("workloads", 0, "kind"), "unknown workload kind 'x'")}) == 1
    assert pickle.loads(pickle.dumps(problem)) == copy.deepcopy(problem) == problem
    assert repr(problem) == "Problem(path=('workloads', 0, 'kind'), message=\"unknown workload kind 'x'\")"
    loaded = LoadedPlan("plan", "evaluation", "text", "plan.toml")
    assert loaded.data is None and loaded == LoadedPlan("plan", "evaluation", "text", "plan.toml", None) != LoadedPlan("plan", "evaluation", "text", "other.toml")
    assert pickle.loads(pickle.dumps(loaded)) == loaded
    for frozen in (problem, loaded):
        with pytest.raises(FrozenInstanceError):
            frozen.path = ()
    from planner.domain.gpuaas import Eligibility, RentGap
    from planner.domain.messages import msg

    eligible = Eligibility(("offer-a",), msg("yes: any offer"), msg("catalogs/regulations.toml"))
    gap = RentGap("no_offer", msg("the GPUaaS catalog has no offer"))
    for value, same, other in (
        (eligible, Eligibility(("offer-a",), msg("yes: any offer"), msg("catalogs/regulations.toml")), Eligibility((), msg("yes: any offer"), msg("catalogs/regulations.toml"))),
        (gap, RentGap("no_offer", msg("the GPUaaS catalog has no offer")), RentGap("fits_none", msg("the GPUaaS catalog has no offer"))),
    ):
        assert value == same != other and hash(value) == hash(same)
        assert pickle.loads(pickle.dumps(value)) == copy.deepcopy(value) == value
        with pytest.raises(FrozenInstanceError):
            value.kind = "x"
    assert repr(gap).startswith("RentGap(kind='no_offer', reason=")
    text = "# top\nname = 'x'  # the name\n"
    assert read_comments(text) == read_comments(text) != Comments()
