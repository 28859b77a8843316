"""Closed vs open, per workload: the workload's cloud model (closed, on its vendor's API) beside its open
model (on the rented GPUs the evaluation quoted, or on owned GPUs), aspect by aspect, from the catalogs.

Licence, support, fine-tuning and upgrade cadence of a closed model come from its provider's `terms` in
catalogs/providers.toml; an open model's licence from catalogs/open_models.toml, the rest from SPEC
section 8 (open weights: free to modify and self-host, the team owns upgrades). Residency: the cloud
model's CSAP/EU flags; the rented offer's region and grade. Price: the placement prices the evaluation
compared (`priced_krw`) and the rented-GPU quote, over the horizon. Quality: what the catalogs record (the
cloud model's strength, parameters, context); no benchmark is catalogued, so the pilot compares quality.

`model_terms` runs once per evaluation over the models the plan uses (a handful, whatever the number of
workloads); `compare_models` composes one workload's comparison from them for the reports and the app.
Pure: no I/O.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.domain.money import krw
from planner.domain.messages import msg

if TYPE_CHECKING:
    from planner.domain.catalog import Catalog
    from planner.domain.results import Evaluation, WorkloadResult

ASPECTS = ("model", "licence", "support", "fine_tuning", "residency", "upgrades", "quality", "price")
"""Rows of the comparison, in order (the JSON keys of each side)."""

ASPECT_LABEL = {
    "model": msg("Model"),
    "licence": msg("Licence"),
    "support": msg("Vendor support"),
    "fine_tuning": msg("Customization (fine-tuning)"),
    "residency": msg("Data residency"),
    "upgrades": msg("Upgrade cadence"),
    "quality": msg("Quality"),
    "price": msg("Price over the horizon"),
}

SPEC8 = "SPEC section 8 (closed vs open models)"
OPEN_SUPPORT = "no vendor support for the model: the team runs it"
OPEN_UPGRADES = "the team's: the weights stay fixed until the team tests and adopts a new release"
QUALITY_GAP = "no benchmark in the catalogs: compare on the workload's own data in the Phase 2 pilot"
UNKNOWN = "not catalogued for this provider"


def model_terms(results: list[WorkloadResult], catalog: Catalog) -> dict[str, dict[str, str]]:
    """The catalog texts of every cloud model (`cloud:<id>`), open model (`open:<id>`) and rented-GPU offer
    (`gpuaas:<id>`) the workloads use: one entry per model, not per workload."""
    out: dict[str, dict[str, str]] = {}
    for r in results:
        if f"cloud:{r.cloud_model}" not in out and r.cloud_model in catalog.cloud_models:
            cloud = catalog.cloud_models[r.cloud_model]
            provider = catalog.providers.get(cloud.provider)
            terms = provider.terms if provider is not None else None
            flags = [f for f, on in (("CSAP-certified", cloud.csap_certified), ("EU hosting under a DPA available", cloud.eu_region)) if on]
            out[f"cloud:{cloud.id}"] = {
                "model": f"{cloud.name} ({provider.name if provider is not None else cloud.provider})",
                "licence": terms.licence if terms else UNKNOWN,
                "support": terms.support if terms else UNKNOWN,
                "fine_tuning": terms.fine_tuning if terms else UNKNOWN,
                "residency": "data goes to the vendor's API; " + (", ".join(flags) if flags else "neither CSAP-certified nor EU-hosted in the catalog"),
                "upgrades": terms.upgrades if terms else UNKNOWN,
                "quality": f"{cloud.strength or 'no strength recorded'}; context {cloud.context_tokens:,} tokens",
                "source": f"catalogs/cloud_models.toml ({cloud.id}); "
                + (f"catalogs/providers.toml ({cloud.provider}.terms: {terms.source}, as of {terms.as_of.isoformat()})" if terms else SPEC8),
            }
        if f"open:{r.open_model}" not in out and r.open_model in catalog.open_models:
            m = catalog.open_models[r.open_model]
            active = f", {m.active_b:g}B active" if m.active_params_b is not None else ""
            out[f"open:{m.id}"] = {
                "model": f"{m.name} (open weights)",
                "licence": m.license,
                "support": OPEN_SUPPORT,
                "fine_tuning": f"allowed: the weights are published ({m.license}); full fine-tuning or LoRA on the serving GPUs",
                "upgrades": OPEN_UPGRADES,
                "quality": f"{m.params_b:g}B parameters{active}; context {m.max_context:,} tokens; {QUALITY_GAP}",
                "source": f"catalogs/open_models.toml ({m.id}: {m.source}); {SPEC8}",
            }
        q = r.gpuaas
        if q is not None and f"gpuaas:{q.offer}" not in out and q.offer in catalog.gpuaas:
            o = catalog.gpuaas[q.offer]
            grade = f", CSAP {o.csap_grade}" if o.csap_grade else ""
            out[f"gpuaas:{o.id}"] = {
                "residency": f"rented GPUs at {o.provider}, {o.region} ({'in Korea' if o.domestic else 'abroad'}{grade})",
                "support": f"{OPEN_SUPPORT}; {o.provider} runs the GPUs",
                "source": f"catalogs/gpuaas.toml ({o.id})",
            }
    return out


def compare_models(result: WorkloadResult, ev: Evaluation) -> dict[str, dict[str, str | int | None] | list[str]] | None:
    """{"closed": {aspect: text, "price_krw": n}, "open": {...}, "sources": [...]} for one workload, or None
    when its cloud or open model is not in the catalogs."""
    closed_terms = ev.model_terms.get(f"cloud:{result.cloud_model}")
    open_terms = ev.model_terms.get(f"open:{result.open_model}")
    if closed_terms is None or open_terms is None:
        return None
    horizon = ev.horizon_months
    priced = result.priced_krw
    closed_krw = priced.get("cloud")
    closed: dict[str, str | int | None] = {k: closed_terms[k] for k in ASPECTS if k != "price"}
    closed["price"] = msg("{amount} on the cloud API over {months} months", amount=krw(closed_krw), months=horizon) if closed_krw is not None else msg("not priced")
    closed["price_krw"] = closed_krw
    opened: dict[str, str | int | None] = {k: open_terms.get(k, "") for k in ASPECTS if k != "price"}
    sources = [closed_terms["source"], open_terms["source"]]
    q = result.gpuaas
    offer = ev.model_terms.get(f"gpuaas:{q.offer}") if q is not None else None
    if q is not None and offer is not None:
        opened["residency"] = offer["residency"]
        opened["support"] = offer["support"]
        opened["price"] = msg("{amount} on {gpus} x {gpu} rented at {provider} over {months} months", amount=krw(q.total_krw), gpus=q.gpus, gpu=q.gpu, provider=q.provider, months=horizon)
        opened["price_krw"] = q.total_krw
        sources.append(offer["source"])
    else:
        owned = priced.get("on_prem")
        opened["residency"] = msg("owned GPUs in the organization's server room: the data never leaves")
        opened["price"] = msg("{amount} on owned GPUs over {months} months", amount=krw(owned), months=horizon) if owned is not None else msg("not priced")
        opened["price_krw"] = owned
    return {"closed": closed, "open": opened, "sources": sources}
