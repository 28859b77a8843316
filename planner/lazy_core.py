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
when it is executed, keeps as its MISSING, made its Sentinel, so the serializer and pydantic see one MISSING."""

from __future__ import annotations

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


def install() -> None:
    """Put the not-yet-executed package in `sys.modules` unless `pydantic_core` is imported already (or cannot be)."""
    if PACKAGE in sys.modules:
        return
    spec = None
    for finder in sys.meta_path:  # as the import system finds a top-level package
        find_spec = getattr(finder, "find_spec", None)
        spec = find_spec(PACKAGE, None) if find_spec is not None else None
        if spec is not None:
            break
    if spec is None or spec.loader is None or spec.submodule_search_locations is None or not hasattr(spec.loader, "exec_module"):
        return  # not installed (or not as a package): `import pydantic_core` will say so where it is imported
    module = type(sys)(PACKAGE)
    module.__spec__, module.__loader__, module.__package__ = spec, spec.loader, PACKAGE
    module.__path__ = spec.submodule_search_locations
    if spec.has_location:
        module.__file__, module.__cached__ = spec.origin, spec.cached
    module.__getattr__ = _Rest(module)
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


class _Rest:
    """The package module's `__getattr__` until its `__init__` has run: runs it on the first read of a name the module
    lacks (once: a read while it runs, from its own imports, is answered as a module being imported answers it)."""

    def __init__(self, module) -> None:
        import _thread

        self.module, self.running, self.lock = module, False, _thread.RLock()

    def __call__(self, name: str):
        namespace = self.module.__dict__
        with self.lock:
            if namespace.get("__getattr__") is self and not self.running:
                if name == "MISSING":
                    return self._missing()
                self.running = True
                try:
                    self._execute()
                finally:
                    self.running = False
        try:
            return namespace[name]
        except KeyError:
            raise AttributeError(f"module {PACKAGE!r} has no attribute {name!r}") from None

    def _missing(self):
        """The package's `MISSING` before the package has run: a `_Missing` that becomes its Sentinel when it runs."""
        missing = _Missing()
        self.module.MISSING = missing
        return missing

    def _execute(self) -> None:
        namespace = self.module.__dict__
        given = namespace.get("MISSING")
        self.module.__spec__.loader.exec_module(self.module)
        if given is not None:  # the serializer was given `given` and keeps it: the package's MISSING is to be that object
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
