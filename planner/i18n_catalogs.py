"""Babel extractor for the catalogs' display text (catalogs/*.toml), so the Korean names of laws,
regulations, industries and workload kinds live in the `reports` gettext catalog like every other message.

`make messages` runs it through the `[tool.babel]` mapping in pyproject.toml (method
`planner.i18n_catalogs:extract`). The domain passes these texts on as Messages without parameters,
so `planner.i18n.translate` shows the Korean wherever a catalog entry's text is in a trace or a report;
a company catalog's own text (not in the .po) stays as written.
"""

from __future__ import annotations

import tomllib
from typing import Any, BinaryIO, Iterator

TRANSLATED_KEYS = {
    "industry": ("name", "laws"),
    "regulation": ("name", "laws", "reason", "gpuaas_reason"),
    "workload_kind": ("name", "reason"),
    "kind": ("name", "reason"),
    "phase": ("name", "description"),
    "task": ("name",),
    "role": ("name",),
    "uncertain": ("name",),
    "provider": ("terms.licence", "terms.support", "terms.fine_tuning", "terms.upgrades"),
    "cloud_model": ("strength",),
    "gpuaas": ("price_basis",),
}
"""Per catalog table, the keys whose text is shown to the reader (sources, ids and notes stay as written; a dotted
key is a key of a sub-table: `terms.licence`). Proper names (GPU, model and licence names) are not translated."""

TEMPLATES = ("task",)
"""Tables whose names are templates ({workload}, {gpu}, {provider} filled in by the schedule): kept as they are."""


def catalog_texts(data: dict[str, Any]) -> Iterator[str]:
    """Every translatable text of one parsed catalog file as its message id, in file order."""
    for table, keys in TRANSLATED_KEYS.items():
        for entry in data.get(table, []):
            for key in keys:
                value: Any = entry
                for part in key.split("."):
                    value = value.get(part) if isinstance(value, dict) else None
                for text in value if isinstance(value, list) else [value]:
                    if isinstance(text, str) and text:
                        yield text if table in TEMPLATES else text.replace("{", "{{").replace("}", "}}")


def extract(fileobj: BinaryIO, keywords, comment_tags, options) -> Iterator[tuple[int, None, str, list[str]]]:
    """Babel's extraction-method interface: (line, funcname, message, comments) per text."""
    for text in catalog_texts(tomllib.loads(fileobj.read().decode("utf-8"))):
        yield 1, None, text, []
