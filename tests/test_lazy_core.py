"""pydantic-core's package, not executed until something asks for more than planner uses (planner.lazy_core): what
planner validates and dumps with is the package's own, and pydantic imported later in the same process works as it
does on its own (the TUI, tests/shadow.py)."""

from __future__ import annotations

import subprocess
import sys

from planner import lazy_core
from tests.conftest import SAMPLE_PLANS


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_the_names_given_before_the_package_runs_are_the_ones_it_takes_from_the_extension():
    """EXTENSION_NAMES is what the installed package's `__init__` imports from its extension: the names planner reads
    are there before it runs, and running it changes none of them."""
    code = (
        "import sys, pydantic_core; assert 'planner' not in sys.modules; ext = pydantic_core._pydantic_core; "
        "print(sorted(n for n, v in vars(pydantic_core).items() if n == '__version__' or not n.startswith('__') and getattr(ext, n, None) is v))"
    )
    result = _run(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(sorted(lazy_core.EXTENSION_NAMES))


def test_show_json_runs_without_the_package_and_pydantic_after_it_gets_the_whole_package():
    """show --json dumps models (the serializer reads MISSING) without running the package or importing typing_extensions;
    pydantic imported afterwards gets the package run, whose MISSING is the object the serializer was given, made
    its Sentinel."""
    code = f"""
import io, json, pickle, sys
import planner.cli as cli
import pydantic_core
assert "__getattr__" in vars(pydantic_core) and "pydantic_core.core_schema" not in sys.modules
from pydantic_core import SchemaSerializer, ValidationError
ext = sys.modules["pydantic_core._pydantic_core"]
assert SchemaSerializer is ext.SchemaSerializer and ValidationError is ext.ValidationError
out = io.StringIO(); sys.stdout = out
code = cli.main(["show", "--json", {str(SAMPLE_PLANS[0])!r}])
sys.stdout = sys.__stdout__
assert code == 0 and json.loads(out.getvalue())["workloads"], code
assert "pydantic_core.core_schema" not in sys.modules and "typing_extensions" not in sys.modules and "__getattr__" in vars(pydantic_core)
given = vars(pydantic_core)["MISSING"]  # what the serializer was given when it first dumped a model

from pydantic import MISSING as early  # pydantic reads it before the package has run
assert early is given and repr(early) == "MISSING" and pickle.loads(pickle.dumps(early)) is early and (int | early).__args__ == (int, early)
import pydantic, typing_extensions
from pydantic import BaseModel, MISSING
assert "__getattr__" not in vars(pydantic_core) and pydantic_core.core_schema.CoreConfig is pydantic_core.CoreConfig
assert MISSING is given is pydantic_core.MISSING and isinstance(MISSING, typing_extensions.Sentinel) and repr(MISSING) == "MISSING"
assert pickle.loads(pickle.dumps(MISSING)) is MISSING
assert all(getattr(pydantic_core, name) is getattr(ext, name) for name in {lazy_core.EXTENSION_NAMES!r})

class M(BaseModel):
    a: int
    b: int | MISSING = MISSING

assert M(a="1").model_dump_json() == '{{"a":1}}' and M(a=1, b=2).model_dump() == {{"a": 1, "b": 2}}
try:
    M(a="x")
except ValidationError as error:
    assert error.errors()[0]["type"] == "int_parsing"
else:
    raise AssertionError("validated")
"""
    result = _run(code)
    assert result.returncode == 0, result.stderr


def test_pydantic_imported_first_is_left_as_it_is():
    code = (
        "import sys, pydantic, pydantic_core, planner.cli; "
        "assert '__getattr__' not in vars(pydantic_core) and pydantic_core is sys.modules['pydantic_core'] and pydantic_core.MISSING is pydantic.MISSING"
    )
    result = _run(code)
    assert result.returncode == 0, result.stderr


def test_deferred_modules_run_when_read_and_are_then_the_modules_python_imports():
    """The standard-library modules planner puts in place not yet run (DEFERRED) have not run after `show --json`;
    what reads them later (the TUI, pydantic, a dataclass without a docstring, `Path.as_uri()`) gets the module Python
    would have imported: the same names, and what `uuid` made of `platform.system()` at its import is what it makes of it
    in a process without planner."""
    names = "{name: sorted(vars(sys.modules[name])) for name in DEFERRED}"
    probe = "(uuid._LINUX, uuid._AIX, platform.system(), pathlib.Path('/a b').as_uri(), str(pathlib.PureWindowsPath('c:/x') / 'y'))"
    plain = _run(f"import sys, os, uuid, platform, pathlib, inspect, urllib.parse, ntpath, datetime; DEFERRED = {lazy_core.DEFERRED!r}; print({names}); print({probe})")
    assert plain.returncode == 0, plain.stderr
    code = f"""
import io, json, sys
import planner.cli as cli
from planner.lazy_core import DEFERRED, waiting
out = io.StringIO(); sys.stdout = out
code = cli.main(["show", "--json", {str(SAMPLE_PLANS[0])!r}])
sys.stdout = sys.__stdout__
assert code == 0 and json.loads(out.getvalue())["workloads"], code
assert all(waiting(sys.modules[name]) for name in DEFERRED), [name for name in DEFERRED if not waiting(sys.modules[name])]
import uuid, pathlib, platform, ntpath, urllib.parse
from dataclasses import dataclass

@dataclass
class Undocumented:  # its docstring is written from inspect.signature
    a: int

assert Undocumented.__doc__ == "Undocumented(a: int)" and "signature" in dir(sys.modules["inspect"])
assert "join" in dir(ntpath)
import datetime, pickle
moment = datetime.datetime(2026, 12, 7, 16, 5, tzinfo=datetime.UTC)
assert datetime.date is type(datetime.date.today()) and pickle.loads(pickle.dumps(moment)) == moment
assert waiting(datetime) and datetime.__doc__ and "MINYEAR" in datetime.__all__ and not waiting(datetime)
result = {probe}
print({names}); print(result)
assert platform.system.__module__ == "platform" and urllib.parse.quote_from_bytes.__module__ == "urllib.parse"
assert not any(waiting(sys.modules[name]) for name in DEFERRED)
"""
    result = _run(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout == plain.stdout
