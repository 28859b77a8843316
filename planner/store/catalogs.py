"""Read the shipped catalogs and a company's overrides into one Catalog."""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic_core import ValidationError

from planner.domain.limits import MAX_ASSUMPTION
from planner.store.cachedir import cache_dir as _cache_dir, own_and_private as _own_and_private
from planner.domain.catalog import (
    Assumption,
    Catalog,
    Uncertain,
    CloudModel,
    Gpu,
    GpuaasOffer,
    Industry,
    OpenModel,
    PhaseInfo,
    Provider,
    Regulation,
    Role,
    TaskTemplate,
    Throughput,
    WorkloadKind,
    catalog_problems,
)
from planner.domain.coremodel import Model
from planner.domain.messages import Message, msg
from planner.domain.validate import did_you_mean, pydantic_message
from planner.errors import PlannerError
from planner.store.locate import KeyLines
from planner.store.shipped import shipped_catalog_dir
from planner.store.tomltext import parse_toml

CATALOG_FILES: dict[str, list[tuple[str, type[Model], str]]] = {
    "cloud_models.toml": [("cloud_model", CloudModel, "cloud_models")],
    "providers.toml": [("provider", Provider, "providers")],
    "gpus.toml": [("gpu", Gpu, "gpus")],
    "open_models.toml": [("open_model", OpenModel, "open_models")],
    "throughputs.toml": [("throughput", Throughput, "throughputs")],
    "workload_kinds.toml": [("kind", WorkloadKind, "workload_kinds")],
    "regulations.toml": [("industry", Industry, "industries"), ("regulation", Regulation, "regulations")],
    "roles.toml": [("role", Role, "roles")],
    "assumptions.toml": [("assumption", Assumption, "assumptions")],
    "phases.toml": [("phase", PhaseInfo, "phases"), ("task", TaskTemplate, "tasks")],
    "gpuaas.toml": [("gpuaas", GpuaasOffer, "gpuaas")],
    "uncertainty.toml": [("uncertain", Uncertain, "uncertain")],
}
"""Catalog file -> (array-of-tables name, entry model, Catalog attribute)."""

ENV_VAR = "PLANNER_CATALOGS"
CATALOG_SCHEMA_VERSION = 1
"""The catalog file format this planner reads."""




def _read(path: Path) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PlannerError(msg("cannot read catalog: {reason}", reason=str(getattr(error, "strerror", None) or error)), file=str(path), exit_code=2) from None
    data = parse_toml(text, str(path))
    version = data.get("schema_version", CATALOG_SCHEMA_VERSION)
    if version != CATALOG_SCHEMA_VERSION or isinstance(version, bool):
        raise PlannerError(
            msg("catalog format {version} is not the one this planner reads ({supported})", version=repr(version), supported=CATALOG_SCHEMA_VERSION),
            file=str(path), line=KeyLines(text).line_of(("schema_version",)), key="schema_version",
        )
    return data, text


def _entries(path: Path, overrides: dict[str, dict[str, dict[str, Any]]], company: bool) -> None:
    data, text = _read(path)
    lines = KeyLines(text)
    for section, _model, attr in CATALOG_FILES[path.name]:
        items = data.get(section, [])
        if not isinstance(items, list):
            raise PlannerError(msg("[[{section}]] must be an array of tables", section=section), file=str(path), key=section)
        target = overrides.setdefault(attr, {})
        for index, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                raise PlannerError(msg("entry needs a text id"), file=str(path), line=lines.line_of((section, index)), key=f"{section}.{index}.id")
            if company and ("source" not in item or "as_of" not in item):
                raise PlannerError(
                    msg("a company catalog entry must give its own source and as_of"),
                    file=str(path), line=lines.line_of((section, index)), key=f"{section}.{index}",
                )
            merged = {**target.get(item["id"], {}), **item}
            if company and section == "throughput":
                merged["company"] = True  # a company's own measurement wins over the shipped points for its shape
            merged["__where__"] = (str(path), lines, (section, index))
            target[item["id"]] = merged


KIND_WORDS = {"bool": msg("true or false"), "text": msg("text"), "number": msg("a number")}
"""What a value is, as a company assumption must match it."""


def _kind(value: Any) -> str:
    return "bool" if isinstance(value, bool) else "text" if isinstance(value, str) else "number"


def _override_problem(entry: Assumption, shipped: Assumption) -> tuple[str, Message] | None:
    """(key, message) when a company assumption leaves the kind or the bounds of the shipped one."""
    if _kind(entry.value) != _kind(shipped.value):
        return "value", msg("must be {kind}, like the shipped assumption {id}", kind=KIND_WORDS[_kind(shipped.value)], id=repr(shipped.id))
    if isinstance(shipped.value, str) and shipped.choices and entry.value not in shipped.choices:
        return "value", msg("{value} is not one of {expected}", value=repr(entry.value), expected=", ".join(shipped.choices))
    if _kind(shipped.value) != "number":
        return None
    for key, bound in (("min", entry.min), ("max", entry.max), ("value", entry.value)):
        if bound is not None and not shipped.allows(bound):
            low = shipped.min if shipped.min is not None else -MAX_ASSUMPTION
            high = shipped.max if shipped.max is not None else MAX_ASSUMPTION
            return key, msg("{bound} is outside the shipped bounds of {id} [{low}, {high}]", bound=f"{bound:g}", id=repr(shipped.id), low=f"{low:g}", high=f"{high:g}")
    return None


def _build(attr_entries: dict[str, dict[str, dict[str, Any]]], shipped: Catalog | None = None) -> Catalog:
    """The Catalog of the raw entries; with `shipped` (a company directory over the shipped catalogs), the entries of
    a file the company directory has no file for are the shipped ones, already validated."""
    built: dict[str, dict[str, Model]] = {}
    for specs in CATALOG_FILES.values():
        for section, model, attr in specs:
            if shipped is not None and attr not in attr_entries:
                built[attr] = getattr(shipped, attr)
                continue
            entries: dict[str, Model] = {}
            for entry_id, raw in attr_entries.get(attr, {}).items():
                file, lines, base = raw["__where__"]
                fields = {k: v for k, v in raw.items() if k != "__where__"}
                try:
                    entries[entry_id] = model.model_validate(fields)
                except ValidationError as error:
                    first = error.errors(include_url=False)[0]  # without the URL: pydantic-core would import pydantic for its version
                    message = first["msg"].removeprefix("Value error, ")
                    named = message.split(" ", 1)[0]  # a check across fields names the field it is about first
                    inner = (*first["loc"], named) if first["type"] == "value_error" and named in model.model_fields and not first["loc"] else first["loc"]
                    loc = (*base, *inner)
                    if first["type"] == "extra_forbidden":  # as in a plan: "unknown key", with a hint at the entry's own level
                        hint = did_you_mean(str(first["loc"][-1]), list(model.model_fields)) if len(first["loc"]) == 1 else ""
                        message = msg("unknown key{hint}", hint=hint)
                    raise PlannerError(
                        pydantic_message(first) or message, file=file, line=lines.line_of(loc), key=".".join(str(p) for p in loc)
                    ) from None
                if shipped is not None and attr == "assumptions" and entry_id in shipped.assumptions:
                    problem = _override_problem(entries[entry_id], shipped.assumptions[entry_id])
                    if problem is not None:
                        loc = (*base, problem[0])
                        raise PlannerError(problem[1], file=file, line=lines.line_of(loc), key=".".join(str(p) for p in loc))
            built[attr] = entries
    return Catalog(**built)


CACHE_VERSION = 1
"""Bumped when what the kept catalog holds changes in a way its key does not see."""
CACHE_SOURCES = ("planner.domain.catalog", "planner.domain.coremodel", "planner.domain.limits", "planner.store.catalogs", "planner.store.tomltext")
"""The modules whose code makes the Catalog out of the files (models, bounds, merging, parsing): a kept catalog is
only used by the same code."""


KEPT_VERSIONS = 8
"""How many versions of the shipped catalogs (and as many of company catalogs) the cache directory keeps (several
planners on one machine, or catalogs being edited, each have theirs; the ones written longest ago go first)."""


def _shipped_key(shipped: Path) -> bytes | None:
    """A digest of everything the shipped Catalog is made of: every catalog file's bytes, the code that reads and
    validates them, and the versions of Python, pydantic-core and the TOML parsers (tomli's as its `__init__.py` sets it,
    and rtoml's where installed). None when a file cannot be read
    (then the catalogs are read as usual and say what is wrong).

    The code (CACHE_SOURCES) is named by each module's file, size and modification time (in nanoseconds): what Python
    itself tells a changed module from its bytecode cache by (in seconds), so a kept catalog is used only with the
    code Python runs. Hashing the ~100 KB of their text cost ~1.7 M instructions at every start.

    The digest is BLAKE2b from CPython's own `_blake2` (what `hashlib.blake2b` is): `import hashlib` loads OpenSSL's
    libcrypto at every start (~13 M instructions, ~3% of a `show --json` process that imports nothing else of it),
    and its SHA-256 of the ~300 KB took ~8 M more. Each catalog file goes into it by its length and its
    `source_hash` (`_file_hash`), not its bytes: BLAKE2b of the ~210 KB cost ~2.9 M instructions, that ~0.6 M."""
    try:
        from _blake2 import blake2b
    except ImportError:  # a Python built without it
        from hashlib import blake2b

    import pydantic_core

    from planner.store.tomltext import rtoml  # (None where it is not installed: tomli reads every file)

    rtoml_version = rtoml.__version__ if rtoml is not None else "-"
    digest = blake2b(f"{CACHE_VERSION} {sys.version} {pydantic_core.__version__} {rtoml_version}".encode(), digest_size=32)
    try:
        digest.update(_tomli_version_text())
        for module in CACHE_SOURCES:
            file = sys.modules[module].__file__ or ""
            status = os.stat(file)
            digest.update(b"%s %d %d\n" % (os.fsencode(file), status.st_size, status.st_mtime_ns))
        for name in CATALOG_FILES:
            data = (shipped / name).read_bytes()
            digest.update(name.encode() + b"\n%d\n" % len(data) + _file_hash(data))
    except (OSError, KeyError):
        return None
    return digest.digest()


def _file_hash(data: bytes) -> bytes:
    """A catalog file's bytes as a key names them: `importlib.util.source_hash`, the 64-bit SipHash (a fixed key) by
    which Python tells whether a checked hash-based bytecode cache still matches its source file (PEP 552). It reads
    ~5 times as fast as BLAKE2b, and an edited file goes unnoticed only when both its length and these 64 bits come
    out the same."""
    from importlib.util import source_hash  # imported already (planner.lazy_core's)

    return source_hash(data)


def _tomli_version_text() -> bytes:
    """What names tomli's version, for `_shipped_key`, without importing tomli (~3.8 M instructions at every start of a
    process whose plan rtoml reads, which needs none of it): the bytes of its package's `__init__.py`, the file that
    sets its `__version__` (beside the compiled modules in a mypyc wheel); where there is none, its `__version__`."""
    from importlib.util import find_spec  # imported already (planner.lazy_core's)

    spec = find_spec("tomli")
    folders = spec.submodule_search_locations if spec is not None else None
    if folders:
        try:
            return Path(folders[0], "__init__.py").read_bytes()
        except OSError:
            pass
    import tomli

    return tomli.__version__.encode()


def _kept(file: Path, key: bytes) -> Catalog | None:
    """The Catalog kept in `file` under `key`, or None (no file, another key, unreadable, not the user's own: `_own_and_private`).

    Read with `_pickle.load`, the C reader `pickle.load` is: the pickle module's own import (its Python pickler and
    unpickler classes, and a Jython import it tries) cost ~6 M instructions more at every start."""
    try:
        from _pickle import load
    except ImportError:  # a Python without the C accelerator
        from pickle import load

    try:
        with open(file, "rb") as kept:
            if not _own_and_private(os.fstat(kept.fileno())):
                return None
            if load(kept) != key:
                return None
            catalog = load(kept)
    except Exception:  # a missing, partly written or foreign file is only a cache miss: the catalogs are read instead
        return None
    return catalog if isinstance(catalog, Catalog) else None


def _keep(file: Path, key: bytes, catalog: Catalog) -> None:
    """Keep `catalog` under `key` in `file` (written whole, then renamed over: a reader never sees half of it), and
    only the KEPT_VERSIONS last written versions of its kind (`shipped-catalog-*`, `company-catalog-*`) beside it;
    when that cannot be done, nothing is kept."""
    import pickle
    import tempfile

    kind = file.name.rsplit("-", 1)[0]
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=f".{kind}.", dir=file.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(key, out, protocol=pickle.HIGHEST_PROTOCOL)
                _dump_sharing_fields(catalog, out, pickle.HIGHEST_PROTOCOL)
            os.replace(temp, file)
        except BaseException:
            os.unlink(temp)
            raise
        kept = sorted(file.parent.glob(f"{kind}-*.pickle"), key=lambda path: path.stat().st_mtime_ns, reverse=True)
        for old in kept[KEPT_VERSIONS:]:
            old.unlink()
    except (OSError, pickle.PicklingError):
        pass


def _dump_sharing_fields(catalog: Catalog, out: Any, protocol: int) -> None:
    """Pickle `catalog` to `out`, its entries with the same fields given sharing one set of them (`model_fields_set`):
    pickle writes a shared object once and makes it once when it is read, where ~430 sets of ~15 names each cost ~2 M
    instructions at every start (the shipped catalogs have ~70 distinct ones). Nothing changes a model's set in place
    (`model_copy` changes its copy's), and placement's WorkloadPlacements share theirs too."""
    import pickle

    given_sets: dict[frozenset[str], set[str]] = {}

    class SharingPickler(pickle.Pickler):
        def reducer_override(self, obj: Any) -> Any:
            if not isinstance(obj, Model):
                return NotImplemented
            new, made_of, (values, given, extra) = obj.__reduce__()
            return new, made_of, (values, given_sets.setdefault(frozenset(given), given), extra)

    SharingPickler(out, protocol=protocol).dump(catalog)


def _shipped(shipped: Path) -> Catalog:
    """The shipped catalogs. Reading and validating them (~50 ms with building their models' validators) is done once
    per version of the files and of the code: the Catalog is then kept in the user's cache directory and read back
    from there (~1 ms) while both are the same (the key: `_shipped_key`)."""
    key = _shipped_key(shipped)
    file = _kept_file("shipped-catalog", key)
    if file is not None and key is not None:
        catalog = _kept(file, key)
        if catalog is not None:
            return catalog
    attr_entries: dict[str, dict[str, dict[str, Any]]] = {}
    for name in CATALOG_FILES:
        _entries(shipped / name, attr_entries, company=False)
    catalog = _checked(_build(attr_entries), str(shipped))
    if file is not None and key is not None:
        _keep(file, key, catalog)
    return catalog


def _kept_file(kind: str, key: bytes | None) -> Path | None:
    """Where the catalog of `kind` ("shipped-catalog", "company-catalog") under `key` is kept; None: nowhere."""
    folder = _cache_dir() if key is not None else None
    return folder / f"{kind}-{key.hex()[:32]}.pickle" if folder is not None and key is not None else None


def _company_key(shipped: Path, directory: Path, overridden: list[str]) -> bytes | None:
    """A digest of everything a company catalog is made of: the shipped catalogs' key (their files and the code) and
    the bytes of the company directory's files (which of them there are, and each one's content); None when one
    cannot be read (then it is read as usual and says what is wrong)."""
    shipped_key = _shipped_key(shipped)
    if shipped_key is None:
        return None
    try:
        from _blake2 import blake2b
    except ImportError:  # a Python built without it
        from hashlib import blake2b

    digest = blake2b(b"company\n" + shipped_key, digest_size=32)
    try:
        for name in overridden:
            data = (directory / name).read_bytes()
            digest.update(name.encode() + b"\n%d\n" % len(data) + _file_hash(data))
    except OSError:
        return None
    return digest.digest()


def _checked(catalog: Catalog, where: str) -> Catalog:
    problems = catalog_problems(catalog)
    if problems:
        raise PlannerError(msg("catalog references do not resolve: {problems}", problems="; ".join(problems)), file=where)
    return catalog


@lru_cache(maxsize=8)
def _load(company_dir: str | None) -> Catalog:
    shipped = shipped_catalog_dir()
    if not company_dir:
        return _shipped(shipped)
    directory = Path(company_dir)
    # A company catalog that validated is kept as the shipped one is, under a key of the shipped catalogs' and the
    # company files' bytes (`_company_key`): reading three overridden files and validating them again cost ~50 M
    # instructions at every start, reading it back ~12 M. One that does not validate is never kept: its problem is
    # told at every start.
    overridden = [name for name in CATALOG_FILES if (directory / name).is_file()]
    key = _company_key(shipped, directory, overridden) if directory.is_dir() else None
    file = _kept_file("company-catalog", key)
    if file is not None and key is not None:
        catalog = _kept(file, key)
        if catalog is not None:
            return catalog
    shipped_catalog = _load(None)
    if not directory.is_dir():
        raise PlannerError(msg("company catalog directory not found"), file=company_dir, exit_code=2)
    # Only the shipped files the company directory overrides are read again (its entries are merged over theirs field
    # by field, then validated); the others' entries are the shipped catalog's, validated when it was made.
    attr_entries: dict[str, dict[str, dict[str, Any]]] = {}
    for name in overridden:
        _entries(shipped / name, attr_entries, company=False)
    for name in overridden:
        _entries(directory / name, attr_entries, company=True)
    catalog = _checked(_build(attr_entries, shipped_catalog), company_dir)
    if file is not None and key is not None:
        _keep(file, key, catalog)
    return catalog


def load_catalog(company_dir: str | os.PathLike[str] | None = None) -> Catalog:
    """The shipped catalogs with a company directory's entries merged over them by id.

    `company_dir` defaults to the PLANNER_CATALOGS environment variable.
    """
    chosen = company_dir if company_dir is not None else os.environ.get(ENV_VAR) or None
    return _load(str(chosen) if chosen else None)
