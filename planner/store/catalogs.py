"""Read the shipped catalogs and a company's overrides into one Catalog."""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from planner.domain.catalog import (
    Assumption,
    Catalog,
    CloudModel,
    Gpu,
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
from planner.errors import PlannerError
from planner.store.locate import KeyLines
from planner.store.shipped import shipped_catalog_dir

CATALOG_FILES: dict[str, list[tuple[str, type[BaseModel], str]]] = {
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
}
"""Catalog file -> (array-of-tables name, entry model, Catalog attribute)."""

ENV_VAR = "PLANNER_CATALOGS"




def _read(path: Path) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PlannerError(f"cannot read catalog: {error}", file=str(path), exit_code=2) from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        raise PlannerError(f"invalid TOML: {error}", file=str(path), line=getattr(error, "lineno", None)) from None


def _entries(path: Path, overrides: dict[str, dict[str, dict[str, Any]]], company: bool) -> None:
    data, text = _read(path)
    lines = KeyLines(text)
    for section, _model, attr in CATALOG_FILES[path.name]:
        items = data.get(section, [])
        if not isinstance(items, list):
            raise PlannerError(f"[[{section}]] must be an array of tables", file=str(path), key=section)
        target = overrides.setdefault(attr, {})
        for index, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                raise PlannerError("entry needs a text id", file=str(path), line=lines.line_of((section, index)), key=f"{section}.{index}.id")
            if company and ("source" not in item or "as_of" not in item):
                raise PlannerError(
                    "a company catalog entry must give its own source and as_of",
                    file=str(path), line=lines.line_of((section, index)), key=f"{section}.{index}",
                )
            merged = {**target.get(item["id"], {}), **item}
            merged["__where__"] = (str(path), lines, (section, index))
            target[item["id"]] = merged


def _build(attr_entries: dict[str, dict[str, dict[str, Any]]]) -> Catalog:
    built: dict[str, dict[str, BaseModel]] = {}
    for specs in CATALOG_FILES.values():
        for section, model, attr in specs:
            entries: dict[str, BaseModel] = {}
            for entry_id, raw in attr_entries.get(attr, {}).items():
                file, lines, base = raw["__where__"]
                fields = {k: v for k, v in raw.items() if k != "__where__"}
                try:
                    entries[entry_id] = model.model_validate(fields)
                except ValidationError as error:
                    first = error.errors()[0]
                    loc = (*base, *first["loc"])
                    raise PlannerError(
                        first["msg"], file=file, line=lines.line_of(loc), key=".".join(str(p) for p in loc)
                    ) from None
            built[attr] = entries
    return Catalog(**built)


@lru_cache(maxsize=8)
def _load(company_dir: str | None) -> Catalog:
    attr_entries: dict[str, dict[str, dict[str, Any]]] = {}
    shipped = shipped_catalog_dir()
    for name in CATALOG_FILES:
        _entries(shipped / name, attr_entries, company=False)
    if company_dir:
        directory = Path(company_dir)
        if not directory.is_dir():
            raise PlannerError("company catalog directory not found", file=company_dir, exit_code=2)
        for name in CATALOG_FILES:
            if (directory / name).is_file():
                _entries(directory / name, attr_entries, company=True)
    catalog = _build(attr_entries)
    problems = catalog_problems(catalog)
    if problems:
        raise PlannerError("catalog references do not resolve: " + "; ".join(problems), file=company_dir or str(shipped))
    return catalog


def load_catalog(company_dir: str | os.PathLike[str] | None = None) -> Catalog:
    """The shipped catalogs with a company directory's entries merged over them by id.

    `company_dir` defaults to the PLANNER_CATALOGS environment variable.
    """
    chosen = company_dir if company_dir is not None else os.environ.get(ENV_VAR) or None
    return _load(str(chosen) if chosen else None)
