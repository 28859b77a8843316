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

from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Callable

from planner.domain.memo import changed_places
from planner.domain.money import krw
from planner.domain.messages import N_, Message, msg
from planner.domain.vocabulary import catalog_text

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


_LAST = ("last",)
"""The key in `model_terms`' `kept` of the last evaluation's (models and quotes by position, entries)."""
_FIELDS, _CLOUD_MODEL, _OPEN_MODEL, _QUOTE = attrgetter("__dict__"), itemgetter("cloud_model"), itemgetter("open_model"), itemgetter("gpuaas")


def model_terms(results: list[WorkloadResult], catalog: Catalog, kept: dict | None = None) -> dict[str, dict[str, str]]:
    """The catalog texts of every cloud model (`cloud:<id>`), open model (`open:<id>`) and rented-GPU offer
    (`gpuaas:<id>`) the workloads use: one entry per model, not per workload, in the order the workloads first use
    them. `kept` (an Evaluator's, one catalog): each model's and offer's texts as worked out before, by (kind, id), and
    the last evaluation's entries with the models and quotes they were read from: given again where every position
    names the same models and offer (compared in C loops; a quote that is another object by its offer)."""
    fields = list(map(_FIELDS, results))  # each result's fields (where a model keeps them): one attribute read each
    read = (list(map(_CLOUD_MODEL, fields)), list(map(_OPEN_MODEL, fields)), list(map(_QUOTE, fields)))
    last = kept.get(_LAST) if kept is not None else None
    if last is not None and len(last[0][0]) == len(fields):
        (clouds, opens, quotes), (clouds_before, opens_before, quotes_before) = read, last[0]
        if clouds == clouds_before and opens == opens_before:
            moved = changed_places(quotes, quotes_before)
            if all(_offer(quotes[i]) == _offer(quotes_before[i]) for i in moved):  # type: ignore[union-attr]
                kept[_LAST] = (read, last[1])  # type: ignore[index]
                return dict(last[1])
    out: dict[str, dict[str, str]] = {}
    texts: dict[tuple[str, str], tuple[str, dict]] = {} if kept is None else kept
    cloud_models, open_models, offers = catalog.cloud_models, catalog.open_models, catalog.gpuaas  # read once (pydantic: each read pays its hook)
    seen: set[tuple[str, str]] = set()

    def add(kind: str, name: str, known: dict, terms: Callable[[object], tuple[str, dict]]) -> None:
        """The texts of model or offer `name` (of `kind`), once, if the catalog has it: kept ones where there are."""
        key = (kind, name)
        if key in seen:
            return
        seen.add(key)
        if name in known:
            found = texts.get(key)
            if found is None:
                found = texts[key] = terms(known[name])
            out.setdefault(*found)

    def cloud_terms(model) -> tuple[str, dict]:
        return _cloud_terms(model, catalog)

    for cloud, open_model, quote in zip(*read):
        add("cloud", cloud, cloud_models, cloud_terms)
        add("open", open_model, open_models, _open_terms)
        if quote is not None:
            add("gpuaas", quote.offer, offers, _offer_terms)
    if kept is not None:
        kept[_LAST] = (read, dict(out))
    return out


def _offer(quote) -> str | None:
    """The offer a rented-GPU quote is for (None: no quote)."""
    return None if quote is None else quote.offer


def _cloud_terms(cloud, catalog: Catalog) -> tuple[str, dict[str, str]]:
    """(`cloud:<id>`, the texts) of a cloud model of the catalog."""
    unknown = msg("not catalogued for this provider")
    provider = catalog.providers.get(cloud.provider)
    terms = provider.terms if provider is not None else None
    flags = [f for f, on in ((msg("CSAP-certified"), cloud.csap_certified), (msg("EU hosting under a DPA available"), cloud.eu_region)) if on]
    return f"cloud:{cloud.id}", {
        "model": f"{cloud.name} ({provider.name if provider is not None else cloud.provider})",
        "licence": catalog_text(terms.licence) if terms else unknown,
        "support": catalog_text(terms.support) if terms else unknown,
        "fine_tuning": catalog_text(terms.fine_tuning) if terms else unknown,
        "residency": msg(
            "data goes to the vendor's API; {flags}",
            flags=msg("{first}, {second}", first=flags[0], second=flags[1]) if len(flags) == 2 else flags[0] if flags else msg("neither CSAP-certified nor EU-hosted in the catalog"),
        ),
        "upgrades": catalog_text(terms.upgrades) if terms else unknown,
        "quality": msg("{strength}; context {tokens} tokens", strength=catalog_text(cloud.strength) if cloud.strength else msg("no strength recorded"), tokens=f"{cloud.context_tokens:,}"),
        "source": f"catalogs/cloud_models.toml ({cloud.id}); "
        + (f"catalogs/providers.toml ({cloud.provider}.terms: {terms.source}, as of {terms.as_of.isoformat()})" if terms else SPEC8),
    }


def _open_terms(m) -> tuple[str, dict[str, str]]:
    """(`open:<id>`, the texts) of an open model of the catalog."""
    open_support = msg("no vendor support for the model: the team runs it")
    return f"open:{m.id}", {
        "model": msg("{name} (open weights)", name=m.name),
        "licence": m.license,
        "support": open_support,
        "fine_tuning": msg("allowed: the weights are published ({licence}); full fine-tuning or LoRA on the serving GPUs", licence=m.license),
        "upgrades": msg("the team's: the weights stay fixed until the team tests and adopts a new release"),
        "quality": msg(
            "{params}B parameters{active}; context {tokens} tokens; no benchmark in the catalogs: compare on the workload's own data in the Phase 2 pilot",
            params=f"{m.params_b:g}",
            active=msg(", {active}B active", active=f"{m.active_b:g}") if m.active_params_b is not None else "",
            tokens=f"{m.max_context:,}",
        ),
        "source": f"catalogs/open_models.toml ({m.id}: {m.source}); {SPEC8}",
    }


def _offer_terms(o) -> tuple[str, dict[str, str]]:
    """(`gpuaas:<id>`, the texts) of a rented-GPU offer of the catalog."""
    open_support = msg("no vendor support for the model: the team runs it")
    where = msg("in Korea") if o.domestic else msg("abroad")
    return f"gpuaas:{o.id}", {
        "residency": msg("rented GPUs at {provider}, {region} ({where}, CSAP {grade})", provider=o.provider, region=o.region, where=where, grade=o.csap_grade)
        if o.csap_grade
        else msg("rented GPUs at {provider}, {region} ({where})", provider=o.provider, region=o.region, where=where),
        "support": msg("{support}; {provider} runs the GPUs", support=open_support, provider=o.provider),
        "source": f"catalogs/gpuaas.toml ({o.id})",
    }


def open_on_rented(result: WorkloadResult) -> bool:
    """Whether the open model runs on rented GPUs in the comparison: where the workload does, or, placed on the
    cloud, where the rules' self-hosted answer rents them. A quote alone is only the price the hosting step
    compared with owning (a workload that stays on owned GPUs has one too)."""
    values = result.__dict__  # its fields (where a model keeps them): one attribute read, not one per field through the hook
    return _on_rented(values)


def _on_rented(values: dict) -> bool:
    """`open_on_rented` of a result's fields."""
    if values["gpuaas"] is None:
        return False
    placement = values["placement"]
    return placement == "gpuaas" or (placement not in ("on_prem", "on_prem_airgap") and values["recommended"] == "gpuaas")


SIDE_ASPECTS = tuple(a for a in ASPECTS if a != "price")
"""The aspects each side gives from the catalogs' texts, in order (the price follows them, worked out per workload)."""


CLOUD_PRICE = N_("{amount} on the cloud API over {months} months")
RENTED_PRICE = N_("{amount} on {gpus} x {gpu} rented at {provider} over {months} months")
OWNED_PRICE = N_("{amount} on owned GPUs over {months} months")
NOT_PRICED = N_("not priced")
"""The price texts of the comparison's sides: `{amount}` is the side's `price_krw` as `krw` writes it."""


def comparison_prices(result: WorkloadResult, ev: Evaluation) -> tuple | None:
    """What `compare_models` composes for one workload, its prices not written out: (closed terms, closed price, closed
    price_krw, open terms, rented offer's terms or None, open price, open price_krw). The terms are `ev.model_terms`
    entries, shared by every workload of the same model (and offer); a price is its text's (template, parameters but
    the amount, as (name, value) pairs), the amount the side's price_krw (`price_message` writes it). None when the
    workload's cloud or open model is not in the catalogs."""
    terms = ev.model_terms
    values = result.__dict__  # its fields (where a model keeps them): one attribute read, not one per field through the hook
    closed_terms = terms.get(f"cloud:{values['cloud_model']}")
    open_terms = terms.get(f"open:{values['open_model']}")
    if closed_terms is None or open_terms is None:
        return None
    months = (("months", ev.horizon_months),)
    priced = values["priced_krw"]
    closed_krw = priced.get("cloud")
    closed_price = (CLOUD_PRICE, months) if closed_krw is not None else _NOT_PRICED
    q = values["gpuaas"]
    offer = terms.get(f"gpuaas:{q.offer}") if q is not None and _on_rented(values) else None
    if q is not None and offer is not None:
        open_price = (RENTED_PRICE, (("gpus", q.gpus), ("gpu", q.gpu), ("provider", q.provider), *months))
        open_krw = q.total_krw
    else:
        offer = None
        open_krw = priced.get("on_prem")
        open_price = (OWNED_PRICE, months) if open_krw is not None else _NOT_PRICED
    return closed_terms, closed_price, closed_krw, open_terms, offer, open_price, open_krw


_NOT_PRICED = (NOT_PRICED, ())


def price_message(price: tuple, amount: int | None) -> Message:
    """A side's price text of `comparison_prices` (its template and parameters) with the side's price_krw `amount`."""
    template, params = price
    return msg(template) if template is NOT_PRICED else msg(template, amount=krw(amount), **dict(params))


def comparison_parts(result: WorkloadResult, ev: Evaluation) -> tuple | None:
    """`comparison_prices` with the prices written out: (closed terms, closed price, closed price_krw, open terms, rented
    offer's terms or None, open price, open price_krw)."""
    parts = comparison_prices(result, ev)
    if parts is None:
        return None
    closed_terms, closed_price, closed_krw, open_terms, offer, open_price, open_krw = parts
    return closed_terms, price_message(closed_price, closed_krw), closed_krw, open_terms, offer, price_message(open_price, open_krw), open_krw


def open_side(open_terms: dict, offer: dict | None) -> dict[str, str]:
    """The open side's `SIDE_ASPECTS` (a new dict): the open model's texts, residency and support the rented offer's, or
    owned GPUs' residency when the model runs on owned GPUs (`offer` None)."""
    opened: dict[str, str] = {k: open_terms.get(k, "") for k in SIDE_ASPECTS}
    if offer is not None:
        opened["residency"] = offer["residency"]
        opened["support"] = offer["support"]
    else:
        opened["residency"] = msg("owned GPUs in the organization's server room: the data never leaves")
    return opened


def comparison_sources(closed_terms: dict, open_terms: dict, offer: dict | None) -> list[str]:
    """The comparison's `sources`: the closed model's, the open model's, and the rented offer's where there is one."""
    sources = [closed_terms["source"], open_terms["source"]]
    if offer is not None:
        sources.append(offer["source"])
    return sources


def compare_models(result: WorkloadResult, ev: Evaluation) -> dict[str, dict[str, str | int | None] | list[str]] | None:
    """{"closed": {aspect: text, "price_krw": n}, "open": {...}, "sources": [...]} for one workload, or None
    when its cloud or open model is not in the catalogs."""
    parts = comparison_parts(result, ev)
    if parts is None:
        return None
    closed_terms, closed_price, closed_krw, open_terms, offer, open_price, open_krw = parts
    closed: dict[str, str | int | None] = {k: closed_terms[k] for k in SIDE_ASPECTS}
    closed["price"] = closed_price
    closed["price_krw"] = closed_krw
    opened: dict[str, str | int | None] = open_side(open_terms, offer)
    opened["price"] = open_price
    opened["price_krw"] = open_krw
    return {"closed": closed, "open": opened, "sources": comparison_sources(closed_terms, open_terms, offer)}
