"""pydantic-core's package without its Python layer until something asks for it (issue #16).

planner validates and dumps with pydantic-core's compiled validator and serializer (`pydantic_core._pydantic_core`),
whose classes its package re-exports. Importing the package also runs its `__init__`, which imports `core_schema`
(5,000 lines of TypedDicts and helper functions) and `typing_extensions` (which imports `inspect`): ~130 M
instructions at every start, none of which planner uses (coremodel writes its core schemas as plain dicts).

`install()` puts a module for `pydantic_core` in `sys.modules` that is the package, not yet executed: it carries the
names its `__init__` takes from the extension (the same objects), so `from pydantic_core import ValidationError` and
`import pydantic_core.core_schema` work as they do on the package. The first read of any other name (pydantic's
`import pydantic_core` reads many, `from pydantic_core import core_schema` one) executes the package's own
`__init__` in that module, once, and from then on it is the package as Python would have imported it.

The compiled serializer reads `pydantic_core.MISSING` when it first dumps a model (`MISSING`, a
`typing_extensions.Sentinel` that fields equal to it are left out for; src/common/missing_sentinel.rs, the only
name pydantic-core's Rust code reads from its package): that read is given an object (`_Missing`) which the package,
when it is executed, keeps as its MISSING, made its Sentinel, so the serializer and pydantic see one MISSING.

Five standard-library modules are put in `sys.modules` the same way (`DEFERRED`, when nothing has imported them yet):
what every command imports imports them for a use no command makes there (~40 M instructions of a ~330 M process).
Each runs in its module on the first read of a name it lacks, so a later import of it (the TUI's, pydantic's) gets
the module Python would have made; until then two give the one function their importer calls, and `datetime` the
C extension's classes its own code would end up with (`_GIVEN`)."""

from __future__ import annotations

import os
import sys

PACKAGE = "pydantic_core"

EXTENSION_NAMES = (
    "ArgsKwargs", "MultiHostUrl", "PydanticCustomError", "PydanticKnownError", "PydanticOmit", "PydanticSerializationError",
    "PydanticSerializationUnexpectedValue", "PydanticUndefined", "PydanticUndefinedType", "PydanticUseDefault", "SchemaError",
    "SchemaSerializer", "SchemaValidator", "Some", "TzInfo", "Url", "ValidationError", "__version__", "from_json", "to_json",
    "to_jsonable_python",
)
"""What the package's `__init__` imports from `._pydantic_core` (pydantic-core 2.50), given before it is executed.
tests/test_lazy_core.py checks they are the executed package's own objects."""


DEFERRED = ("inspect", "platform", "urllib.parse", "ntpath", "datetime")
"""Standard-library modules put in `sys.modules` not yet run, with what imports them at every start and what they cost
there (callgrind, `show --json` of one workload):
- `inspect` (with `ast`, `dis`, `tokenize`, `linecache`; ~20 M): `dataclasses` (orjson imports it, resolve makes a
  dataclass), which reads it only to write the docstring of a dataclass that has none.
- `platform` (~8 M: it compiles nine patterns): `uuid` (orjson and pydantic-core's serializer import it), for one
  call of `platform.system()` at its import, which is given (`_platform`).
- `urllib.parse` (~4 M): `pathlib`, for `Path.as_uri()`; its `quote_from_bytes` is given (`_urllib_parse`).
- `ntpath` (~2 M): `pathlib`, for `PureWindowsPath`.
- `datetime` (~6 M): tomli, the plan and the engine, for its classes. Its pure-Python body defines every class and
  then replaces them all with `_datetime`'s (`from _datetime import *`): those are given (`_datetime_names`)."""


def install() -> None:
    """Put the not-yet-executed package in `sys.modules` unless `pydantic_core` is imported already (or cannot be), and
    the `DEFERRED` modules not imported yet."""
    for name in DEFERRED:
        if name not in sys.modules:
            _defer(name)
    if PACKAGE in sys.modules:
        return
    module = _unexecuted(PACKAGE)
    if module is None or not hasattr(module, "__path__"):
        return  # not installed (or not as a package): `import pydantic_core` will say so where it is imported
    sys.modules[PACKAGE] = module
    try:
        __import__(f"{PACKAGE}._pydantic_core")  # not `from pydantic_core import _pydantic_core`: that reads the name first
    except BaseException:
        del sys.modules[PACKAGE]  # as the import system leaves a package that failed: gone, to fail again where imported
        raise
    extension = sys.modules[f"{PACKAGE}._pydantic_core"]
    for name in EXTENSION_NAMES:
        if hasattr(extension, name):
            setattr(module, name, getattr(extension, name))


def waiting(module) -> bool:
    """Whether `module` is one put in place not yet run (its own code has not run in it)."""
    return isinstance(vars(module).get("__getattr__"), _Rest)


def _unexecuted(name: str):
    """A module for `name` (top-level, or in a package imported already) as the import system makes it before running
    it, with `_Rest` as its `__getattr__`; None when the import system would find none it can run in a given module."""
    parent, _, _ = name.rpartition(".")
    path = sys.modules[parent].__path__ if parent else None
    spec = None
    for finder in sys.meta_path:  # as the import system finds a module
        find_spec = getattr(finder, "find_spec", None)
        spec = find_spec(name, path) if find_spec is not None else None
        if spec is not None:
            break
    if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
        return None
    from importlib.util import module_from_spec  # imported already (runpy's, contextlib's)

    module = module_from_spec(spec)
    rest = _Rest(module)
    module.__getattr__, module.__dir__ = rest, rest.dir
    return module


def _defer(name: str) -> None:
    """Put `name` (a `DEFERRED` module) in `sys.modules`, not executed, with what `_GIVEN` gives for it."""
    parent, _, child = name.rpartition(".")
    if parent:
        __import__(parent)
    module = _unexecuted(name)
    if module is None:
        return
    rest = module.__getattr__
    rest.given = _GIVEN[name](module) if name in _GIVEN else {}
    for given, function in rest.given.items():
        setattr(module, given, function)
    sys.modules[name] = module
    if parent:
        setattr(sys.modules[parent], child, module)  # as the import system binds a submodule in its package


def _platform(module) -> dict:
    def system() -> str:
        """`platform.system()` for its first call (`uuid`'s, when it is imported): `os.uname()`'s system name, which is
        what the module answers wherever that is set and is neither "unknown" nor "Microsoft" (else the module's own
        answer). The module's own from then on (the next read runs the module)."""
        rest = vars(module).get("__getattr__")
        if vars(module).get("system") is system:
            del module.system
        uname = getattr(os, "uname", None)
        infos = uname() if uname is not None else ()
        if rest is not None and any(infos) and infos[0] not in ("unknown", "Microsoft"):
            return infos[0]
        return module.system()

    return {"system": system}


def _urllib_parse(module) -> dict:
    def quote_from_bytes(*args, **kwargs):
        """`urllib.parse.quote_from_bytes` as `pathlib` imports it (for `Path.as_uri()`): the module's own, run first."""
        if vars(module).get("quote_from_bytes") is quote_from_bytes:
            del module.quote_from_bytes
        return module.quote_from_bytes(*args, **kwargs)

    return {"quote_from_bytes": quote_from_bytes}


def _datetime_names(module) -> dict:
    """`datetime`'s names as its module ends up with them: the C extension's (`from _datetime import *` and its
    docstring); none where there is no `_datetime` (the module then runs on the first read of any of its names)."""
    try:
        import _datetime
    except ImportError:
        return {}
    given = {name: value for name, value in vars(_datetime).items() if not name.startswith("__")}
    module.__doc__ = _datetime.__doc__
    return given


_GIVEN = {"platform": _platform, "urllib.parse": _urllib_parse, "datetime": _datetime_names}
"""What a `DEFERRED` module gives before it runs: the function its importer calls (or imports by name), which the
module's own replaces when it runs."""


class _Rest:
    """A not-yet-executed module's `__getattr__`: runs the module's own code in it on the first read of a name it lacks
    (once: a read while it runs, from its own imports, is answered as a module being imported answers it), and its
    `__dir__`. A module that is no package has no `__path__` (the import system reads it for `from m import name`)."""

    def __init__(self, module) -> None:
        import _thread

        self.module, self.running, self.lock, self.given = module, False, _thread.RLock(), {}

    def __call__(self, name: str):
        namespace = self.module.__dict__
        if name == "__path__" and self.module.__spec__.submodule_search_locations is None:
            raise AttributeError(f"module {self.module.__name__!r} has no attribute {name!r}")
        with self.lock:
            if namespace.get("__getattr__") is self and not self.running:
                if name == "MISSING" and self.module.__name__ == PACKAGE:
                    return self._missing()
                self.running = True
                try:
                    self._execute()
                finally:
                    self.running = False
        try:
            return namespace[name]
        except KeyError:
            raise AttributeError(f"module {self.module.__name__!r} has no attribute {name!r}") from None

    def dir(self) -> list[str]:
        """The module's names, as `dir()` lists them once it has run."""
        self("__name__")
        return sorted(self.module.__dict__)

    def _missing(self):
        """The package's `MISSING` before the package has run: a `_Missing` that becomes its Sentinel when it runs."""
        missing = _Missing()
        self.module.MISSING = missing
        return missing

    def _execute(self) -> None:
        namespace = self.module.__dict__
        given = namespace.get("MISSING")
        for name, function in self.given.items():
            if namespace.get(name) is function:
                del namespace[name]
        self.module.__spec__.loader.exec_module(self.module)
        if given is not None and self.module.__name__ == PACKAGE:  # the serializer was given `given` and keeps it: the package's MISSING is to be that object
            made = namespace["MISSING"]
            if isinstance(given, _Missing):
                try:
                    given.__class__ = type(made)  # a plain object as the Sentinel is (a heap type's, with a __dict__)
                except TypeError:  # not so: `given` stays a `_Missing`, which pydantic uses as it uses the Sentinel
                    pass
                else:
                    vars(given).update(vars(made))  # its name, repr and module (`pydantic_core`, for pickle)
            namespace["MISSING"] = given
        if namespace.get("__getattr__") is self:
            del namespace["__getattr__"]
        if namespace.get("__dir__") == self.dir:
            del namespace["__dir__"]


class _Missing:
    """pydantic-core's `MISSING` as the serializer is given it before the package has run (`typing_extensions`, which
    the package makes it with, is ~10 M instructions to import at every start): when the package runs, its Sentinel's
    class and attributes. Until then (and should that fail) it behaves as that Sentinel does where pydantic uses it:
    compared by identity, named `MISSING`, pickled as `pydantic_core.MISSING`, in a union as a type is."""

    def __init__(self) -> None:
        self.__module__ = PACKAGE  # what pickle imports it from, as the Sentinel's

    def __repr__(self) -> str:
        return "MISSING"

    def __reduce__(self) -> str:
        return "MISSING"

    def __or__(self, other):
        import typing

        return typing.Union[self, other]

    def __ror__(self, other):
        import typing

        return typing.Union[other, self]
