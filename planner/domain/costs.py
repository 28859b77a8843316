"""Cloud cost per workload and rate-limit checks (SPEC section 2)."""

from __future__ import annotations

import math
from operator import itemgetter
from decimal import ROUND_HALF_UP, Decimal

from planner.domain.catalog import Catalog, CloudModel, CommittedOffer
from planner.domain.coremodel import SET_VALUES
from planner.domain.messages import Message, msg
from planner.domain.plan import Plan, Scenario
from planner.domain.resolve import Assumptions, ResolvedWorkload
from planner.domain.results import CloudCostBreakdown, CommittedUse, RateLimitCheck


AS_BILLED_SCENARIO = "as-billed"
"""Scenario a list-priced plan carries to show its cloud costs as billed."""
LIST_PRICES_SCENARIO = "list-prices"
"""Scenario an as-billed plan carries to show its cloud costs at list prices."""


def priced_as_billed(plan: Plan) -> Plan:
    """The plan priced as billed (what `planner new` and the app's new-plan flow write), its other pricing kept as a scenario."""
    scenarios = {k: v for k, v in plan.scenarios.items() if k != AS_BILLED_SCENARIO}
    scenarios[LIST_PRICES_SCENARIO] = Scenario.model_validate(
        {"description": "Cloud tokens at list prices (the framework's formula, no caching or batch discounts)", "pricing": "list"}
    )
    return plan.model_copy(update={"assumptions": {**plan.assumptions, "pricing": "as_billed"}, "scenarios": scenarios})


def won(amount: float) -> int:
    """KRW rounded half away from zero to the won, as a spreadsheet's ROUND does, after cleaning binary noise to 15
    significant digits as Excel and LibreOffice do (25,702.95 USD x 1,350 = 34,698,982.5 won: the float product
    34,698,982.499999996 gives 34,698,983, not Python's round-half-to-even 34,698,982), so the xlsx export's ledger
    formulas recompute to the planner's figures."""
    if type(amount) is float:
        # The decimal way below: the amount to 15 significant digits (within 5e-4 of it below `_WON_FAST_BELOW`), then
        # to the won half up (away from zero). Where the fraction of its magnitude (exact: a float minus its whole part)
        # is more than `_WON_NEAR_HALF` from a half, that text rounds to the same whole won as the float does.
        magnitude = -amount if amount < 0 else amount
        if magnitude < _WON_FAST_BELOW:
            whole = int(magnitude)
            fraction = magnitude - whole  # exact
            if fraction < _WON_BELOW_HALF:
                return whole if amount > 0 else -whole
            if fraction > _WON_ABOVE_HALF:
                return whole + 1 if amount > 0 else -(whole + 1)
    if not math.isfinite(amount):
        return round(amount)  # raises, as round() does
    return int(Decimal(f"{amount:.15g}").to_integral_value(rounding=ROUND_HALF_UP))


_WON_FAST_BELOW = 1e12
"""`won` decides a float of magnitude below this itself (its 15-digit text is then within 5e-4 of it)."""
_WON_NEAR_HALF = 1e-3
"""How far from a half the fraction of a won amount must be for `won` to decide without the decimal text."""
_WON_BELOW_HALF, _WON_ABOVE_HALF = 0.5 - _WON_NEAR_HALF, 0.5 + _WON_NEAR_HALF
"""`won`'s two bounds, worked out once (not at each call)."""


_CENTS_FAST_BELOW = 1e9
"""`usd_cents` decides a float of magnitude below this itself (x 100 its product is then within 1.2e-5 of the exact one)."""
_CENTS_NEAR_HALF = 2e-4
"""How far from a half the fraction of its cents must be for `usd_cents` to decide without the decimal text (see there)."""
_CENTS_BELOW_HALF, _CENTS_ABOVE_HALF = 0.5 - _CENTS_NEAR_HALF, 0.5 + _CENTS_NEAR_HALF
"""`usd_cents`' two bounds, worked out once (not at each call)."""


def usd_cents(amount: float) -> float:
    """USD rounded half-up to the cent, immune to binary noise (225.225 -> 225.23, not 225.22)."""
    if type(amount) is float:
        # The decimal way below: the amount's exact value to 6 decimals (within 5e-7 of it), then to the cent half up
        # (away from zero), read back as the float nearest that many cents. Below `_CENTS_FAST_BELOW`, the float product
        # of its magnitude and 100 is within 1.2e-5 of the exact one, so its cents are within 6.2e-5 of the 6-decimal
        # text's: where their fraction is more than `_CENTS_NEAR_HALF` from a half, the text rounds to the same whole
        # cents k as the product does, and k / 100 (exact integers, one correctly rounded division) is the float nearest
        # k cents. Near a half, or larger, or not finite: the decimal way. (A positive amount first, then 0.0 and -0.0,
        # which most savings lines are and which round to themselves, then a negative one: its magnitude's cents, negated;
        # -amount x 100.0 is amount x -100.0, exactly.)
        if amount > 0.0:
            if amount < _CENTS_FAST_BELOW:
                scaled = amount * 100.0
                whole = int(scaled)
                fraction = scaled - whole  # exact
                if fraction < _CENTS_BELOW_HALF:
                    return whole / 100
                if fraction > _CENTS_ABOVE_HALF:
                    return (whole + 1) / 100
        elif amount == 0.0:
            return amount
        elif amount > -_CENTS_FAST_BELOW:
            scaled = amount * -100.0
            whole = int(scaled)
            fraction = scaled - whole  # exact
            if fraction < _CENTS_BELOW_HALF:
                return -(whole / 100)
            if fraction > _CENTS_ABOVE_HALF:
                return -((whole + 1) / 100)
    if not math.isfinite(amount) or abs(amount) >= 1e15:  # past 15 digits a float has no cents to round
        return amount
    return float(Decimal(f"{amount:.6f}").quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def as_billed(assumptions: Assumptions) -> bool:
    """True when the plan prices cloud tokens as providers bill them (assumption `pricing = "as_billed"`)."""
    return assumptions.text("pricing") == "as_billed"


def prompt_tokens(workload: ResolvedWorkload, assumptions: Assumptions) -> float:
    """Input tokens a request sends as billed: the token overhead (system prompt, few-shot) is part of the prompt."""
    return workload.input_tokens * (1 + assumptions.num("token_overhead"))


def cached_prefix_tokens(workload: ResolvedWorkload, model: CloudModel, assumptions: Assumptions) -> float:
    """Tokens of a request's repeated prefix that the provider caches (0 when the model has no cache price or the prefix is too short).

    The token overhead is a repeated prefix by definition, so the prefix is never a smaller share of the prompt than it.
    """
    if model.cache_read_usd_per_mtok is None:
        return 0.0
    overhead = assumptions.num("token_overhead")
    prompt = prompt_tokens(workload, assumptions)
    prefix = prompt * max(workload.cached_prefix_share, overhead / (1 + overhead))
    return prefix if prefix >= model.min_cacheable_tokens and prefix > 0 else 0.0


def batch_priced(workload: ResolvedWorkload, model: CloudModel) -> bool:
    """As billed, the workload runs through the provider's batch API: it is batch-eligible and the model has a batch price."""
    return workload.batch and model.batch_discount > 0


def batch_billed(workload: ResolvedWorkload, model: CloudModel, assumptions: Assumptions) -> bool:
    """The plan prices as billed and the workload goes through the batch API."""
    return as_billed(assumptions) and batch_priced(workload, model)


def lifecycle_warning(model: CloudModel, catalog: Catalog) -> Message | None:
    """A warning that the workload's cloud model is deprecated or retired by its provider (catalog dates and
    source), naming the replacement the provider recommends; None for a model the catalog knows no end of."""
    if model.retired is None and model.deprecated is None:
        return None
    replacement = catalog.cloud_models.get(model.replacement)
    if model.retired is not None and replacement is not None:
        return msg("{model} is retired by its provider from {retired}: requests to it fail from that day; the provider names {replacement} instead ({source})",
                   model=model.name, retired=model.retired.isoformat(), replacement=replacement.name, source=model.lifecycle_source)
    if model.retired is not None:
        return msg("{model} is retired by its provider from {retired}: requests to it fail from that day ({source})",
                   model=model.name, retired=model.retired.isoformat(), source=model.lifecycle_source)
    if replacement is not None:
        return msg("{model} is deprecated by its provider since {deprecated} (no retirement date known yet); the provider names {replacement} instead ({source})",
                   model=model.name, deprecated=model.deprecated.isoformat(), replacement=replacement.name, source=model.lifecycle_source)  # type: ignore[union-attr]
    return msg("{model} is deprecated by its provider since {deprecated} (no retirement date known yet; {source})",
               model=model.name, deprecated=model.deprecated.isoformat(), source=model.lifecycle_source)  # type: ignore[union-attr]


def online_share(workload: ResolvedWorkload, catalog: Catalog, assumptions: Assumptions) -> float:
    """Share of the workload's requests sent to the provider's online API (what counts against its rate-limit tier).

    Batch traffic has its own queue limits: 0 for a workload billed through the batch API, else 1.
    """
    return 0.0 if batch_billed(workload, catalog.cloud_models[workload.cloud_model], assumptions) else 1.0


def _units(tokens_per_minute: float, offer: CommittedOffer) -> int:
    """Units of the offer that serve `tokens_per_minute` normalized tokens (at least its minimum, in its increments)."""
    steps = math.ceil(tokens_per_minute / offer.input_tokens_per_minute_per_unit / offer.unit_increment - 1e-9)
    return max(offer.min_units, steps * offer.unit_increment)


def _output_units(output_tokens_per_minute: float, offer: CommittedOffer) -> int:
    """Output units of an offer that sells them that serve `output_tokens_per_minute` (0 for an offer without them)."""
    if not offer.output_tokens_per_minute_per_unit:
        return 0
    return max(1, math.ceil(output_tokens_per_minute / offer.output_tokens_per_minute_per_unit - 1e-9))


def _offer_cost(offer: CommittedOffer, input_tpm: float, output_tpm: float) -> tuple[float, int, int]:
    """(USD a month, input units, output units) of the offer for a peak of `input_tpm` normalized input tokens and
    `output_tpm` output tokens a minute."""
    units, output_units = _units(input_tpm, offer), _output_units(output_tpm, offer)
    return units * offer.usd_per_unit_month + output_units * (offer.usd_per_output_unit_month or 0.0), units, output_units


def _break_even_requests(offer: CommittedOffer, per_request_usd: float, input_tpm_per_request: float, output_tpm_per_request: float) -> float | None:
    """Fewest requests a month from which the offer costs no more than paying `per_request_usd` a request (None: never).

    The units needed grow with the volume (`input_tpm_per_request` normalized input tokens, and for an offer with
    output units `output_tpm_per_request` output tokens, a minute at the peak per monthly request), so below the
    minimum purchase the offer is a fixed price and above it a price per request: when that price is above
    pay-as-you-go, no volume makes the offer pay.
    """
    marginal = offer.usd_per_unit_month * input_tpm_per_request / offer.input_tokens_per_minute_per_unit
    if offer.output_tokens_per_minute_per_unit:
        marginal += (offer.usd_per_output_unit_month or 0.0) * output_tpm_per_request / offer.output_tokens_per_minute_per_unit
    if per_request_usd <= 0 or marginal > per_request_usd:
        return None
    volume = _offer_cost(offer, 0.0, 0.0)[0] / per_request_usd
    for _ in range(1_000):  # each step buys at least one more increment; converges in a few
        needed = _offer_cost(offer, input_tpm_per_request * volume, output_tpm_per_request * volume)[0] / per_request_usd
        if needed <= volume * (1 + 1e-12):
            return volume
        volume = needed
    return None


class CostRates:
    """What a workload's cloud costs (`token_cost_breakdown`, `committed_use`) read besides the workload: the catalog,
    the assumptions and the horizon, for every workload of an evaluation. The assumptions every workload's costs read
    are read once here; each cloud model priced once (`priced_model`) and its figures read once, and its offers'
    figures (within the horizon, at the plan's `committed_price_factor`) once, when a workload first needs them: the
    same values the costs read one workload at a time, read once (~1,000 workloads, most of them on a handful of models)."""

    __slots__ = ("catalog", "assumptions", "horizon_months", "overhead", "overhead_share", "retry", "written", "pricing", "peak", "hours", "_models", "_offers", "breakdown", "committed")

    def __init__(self, catalog: Catalog | None, assumptions: Assumptions, horizon_months: int | None = None):
        """`catalog`: None for `committed_use` alone (`model` reads it)."""
        self.catalog, self.assumptions, self.horizon_months = catalog, assumptions, horizon_months
        self.overhead = assumptions.num("token_overhead")
        self.overhead_share = self.overhead / (1 + self.overhead)
        """The share of a prompt the token overhead is (a repeated prefix: see `cached_prefix_tokens`)."""
        self.retry = assumptions.num("retry_rate")
        self.written = assumptions.num("cache_write_share")
        self.pricing = assumptions.text("pricing")
        self.peak = assumptions.num("peak_factor")
        self.hours = assumptions.num("hours_per_month")
        self._models: dict[str, tuple] = {}
        self._offers: dict[int, tuple] = {}
        self.breakdown, self.committed = CloudCostBreakdown.compact({}), CommittedUse.compact({})
        """A compact dict of CloudCostBreakdown's fields and one of CommittedUse's (`_Result.compact`), in field order:
        each breakdown's and offer's values are set in a copy (not a dict made, then copied into one by `of_valid`)."""

    def model(self, name: str) -> tuple:
        """(the cloud model `priced_model` gives, its fields: its `__dict__`) of the catalog's model `name`."""
        found = self._models.get(name)
        if found is None:
            model = priced_model(self.catalog.cloud_models[name], self.assumptions)
            found = self._models[name] = (model, model.__dict__)  # (its fields, where pydantic keeps them: read without the hook)
        return found

    def offers(self, model: CloudModel) -> list[tuple]:
        """`committed_use`'s offers of `model` (within the horizon, at the plan's `committed_price_factor`), each with
        its figures: (its place among them, the least it can cost a month, offer, cached token weight, output token
        weight, output tokens a minute per output unit, input tokens a minute per unit, unit increment, minimum units,
        USD per unit a month, USD per output unit a month), by the least it can cost, then by its place (`_by_floor`)."""
        found = self._offers.get(id(model))
        if found is None or found[0] is not model:  # (the entry holds its model: no other object has its id)
            horizon = self.horizon_months
            offers = [o for o in model.committed_offers if horizon is None or o.term_months <= horizon]
            factor = self.assumptions.level("committed_price_factor") if offers else None
            if factor is not None and factor != 1:  # a plan's pin (ranges draw it in the ledger)
                offers = [
                    o.model_copy(update={"usd_per_unit_month": o.usd_per_unit_month * factor, "usd_per_output_unit_month": o.usd_per_output_unit_month and o.usd_per_output_unit_month * factor})
                    for o in offers
                ]
            figures = [_OFFER_FIGURES(o.__dict__) for o in offers]
            found = self._offers[id(model)] = (model, _by_floor([(o, *f) for o, f in zip(offers, figures)]))
        return found[1]


def _by_floor(offers: list[tuple]) -> list[tuple]:
    """`offers` (`CostRates.offers`' items without their place and floor) with each one's place and the least it can cost a
    month, its floor: its minimum units and, where it sells output units, one of them (`committed_use` buys no fewer), at
    its prices, with the same arithmetic; ordered by floor, then by place. A cost is never below its offer's floor (a
    float product and sum do not decrease as a factor or a term grows, the prices being finite and not negative), so
    `committed_use` leaves out an offer whose floor is above its cheapest so far, or equal to it from a later place:
    the offer it picks is the one walking the offers in order picks. Prices that are not finite or negative: each
    floor -inf (none left out), in order."""
    floors = []
    for _offer, _cached, _output_weight, output_per_unit, _input_per_unit, _increment, least, usd_per_unit, usd_per_output_unit in offers:
        output_price = usd_per_output_unit or 0.0
        if not (math.isfinite(least) and least >= 0 and math.isfinite(usd_per_unit) and usd_per_unit >= 0 and math.isfinite(output_price) and output_price >= 0):
            return [(place, -math.inf, *offer) for place, offer in enumerate(offers)]
        floors.append(least * usd_per_unit + (1 * output_price if output_per_unit else 0 * output_price))
    return sorted(((place, floor, *offer) for place, (floor, offer) in enumerate(zip(floors, offers))), key=_FLOOR_PLACE)


_FLOOR_PLACE = itemgetter(1, 0)
"""An offer's (floor, place) in `CostRates.offers`: what `_by_floor` orders them by."""


_OFFER_FIGURES = itemgetter(
    "cached_token_weight",
    "output_token_weight",
    "output_tokens_per_minute_per_unit",
    "input_tokens_per_minute_per_unit",
    "unit_increment",
    "min_units",
    "usd_per_unit_month",
    "usd_per_output_unit_month",
)
"""What `committed_use` reads of an offer (`CostRates.offers`), from its fields."""


def committed_use(
    workload: ResolvedWorkload, model: CloudModel, assumptions: Assumptions, pay_as_you_go_usd: float, requests: float, horizon_months: int | None = None, rates: CostRates | None = None
) -> CommittedUse | None:
    """The cheapest provisioned-throughput offer for the workload's peak and whether it beats paying per token.

    Units are bought for the peak (requests/day over busy hours x peak factor, retries included; the month's
    `requests`); a cached prompt token counts at the offer's `cached_token_weight`, an output token at its
    `output_token_weight`, or, where the offer sells output units, buys those. Offers whose term is longer than
    `horizon_months` are left out. None when the model has no offer (or the workload no requests).
    `rates`: `CostRates(catalog, assumptions, horizon_months)`, when the caller has it (for many workloads).
    """
    if requests <= 0:
        return None
    if rates is None or rates.horizon_months != horizon_months or rates.assumptions is not assumptions:
        rates = CostRates(None, assumptions, horizon_months)
    offers = rates.offers(model)
    if not offers:
        return None
    written = rates.written
    prompt = workload.input_tokens * (1 + rates.overhead)  # (`prompt_tokens`, `cached_prefix_tokens` and `peak_requests_per_second`, inline)
    prefix = 0.0
    priced = model.__dict__  # (the model's fields: read without the hook)
    if priced["cache_read_usd_per_mtok"] is not None:
        share = rates.overhead_share  # (`max(workload.cached_prefix_share, ...)` written out: the same, without the call)
        if share > workload.cached_prefix_share:
            prefix = prompt * share
        else:
            prefix = prompt * workload.cached_prefix_share
        prefix = prefix if prefix >= priced["min_cacheable_tokens"] and prefix > 0 else 0.0
    read = prefix * (1 - written)
    month = workload.requests_per_day * workload.days_per_month  # (`requests_per_month`, without the property's call)
    growth = requests / month if month else 1.0
    retried = 1 + rates.retry
    rpm = workload.requests_per_day * growth / (workload.busy_hours * 3600) * rates.peak * 60 * retried
    output_tokens = workload.output_tokens
    best = None
    for place, floor, offer, cached_weight, output_weight, output_per_unit, input_per_unit, increment, least, usd_per_unit, usd_per_output_unit in offers:
        if best is not None and (floor > best[0] or (floor == best[0] and place > best[9])):
            continue  # (it costs no less than the cheapest so far, which comes first: `_by_floor`)
        per_request = prompt - read * (1 - cached_weight) + output_tokens * output_weight
        # (`_offer_cost` of rpm x per_request and rpm x output, inline; `max(least, ...)` and `max(1, ...)` written out:
        # the same, without the calls; an offer without output units buys none, `output` being 0.0 for it)
        units = _CEIL(rpm * per_request / input_per_unit / increment - 1e-9) * increment
        if not units > least:
            units = least
        output_units = 0
        if output_per_unit:
            output_units = _CEIL(rpm * output_tokens / output_per_unit - 1e-9)
            if not output_units > 1:
                output_units = 1
            cost = units * usd_per_unit + output_units * (usd_per_output_unit or 0.0)
        else:
            cost = units * usd_per_unit + 0 * (usd_per_output_unit or 0.0)
        if best is None or cost < best[0] or (cost == best[0] and place < best[9]):  # (the first in order of the cheapest)
            best = (cost, units, output_units, offer, per_request, output_per_unit, input_per_unit, usd_per_unit, usd_per_output_unit, place)
    cost, units, output_units, offer, per_request, output_per_unit, input_per_unit, usd_per_unit, usd_per_output_unit, _place = best
    minutes = rates.hours * 60
    served = requests * retried
    input_cost = units * usd_per_unit
    capacity = units * input_per_unit * minutes
    utilization = served * per_request / capacity if capacity > 0 else 0.0
    if output_units and output_per_unit:
        output_used = served * output_tokens / (output_units * output_per_unit * minutes)
        utilization = (utilization * input_cost + output_used * (cost - input_cost)) / cost
    output = output_tokens if output_per_unit else 0.0
    figures = offer.__dict__  # (its fields: read without the hook)
    # `_break_even_requests`' first test, inline (most workloads: the offer's price per request is above pay-as-you-go,
    # no volume makes it pay): the same figures of the offer (`CostRates.offers`), the same arithmetic
    per_request_usd = pay_as_you_go_usd / requests
    input_tpm, output_tpm = rpm * per_request / requests, rpm * output / requests
    marginal = usd_per_unit * input_tpm / input_per_unit
    if output_per_unit:
        marginal += (usd_per_output_unit or 0.0) * output_tpm / output_per_unit
    values = rates.committed.copy()  # CommittedUse's fields in its order, each set here (`CostRates.committed`)
    values["offer"] = figures["name"]
    values["unit"] = figures["unit"]
    values["units"] = units
    values["output_units"] = output_units
    values["output_unit"] = figures["output_unit"]
    values["usd_per_month"] = usd_cents(cost)
    values["pay_as_you_go_usd_per_month"] = usd_cents(pay_as_you_go_usd)
    values["utilization"] = utilization
    values["break_even_utilization"] = utilization * cost / pay_as_you_go_usd if pay_as_you_go_usd > 0 else None
    values["break_even_requests_per_month"] = None if per_request_usd <= 0 or marginal > per_request_usd else _break_even_requests(offer, per_request_usd, input_tpm, output_tpm)
    values["used"] = cost < pay_as_you_go_usd
    if not _valid_committed(values):
        return CommittedUse(**values)
    made = _NEW(CommittedUse)  # (`CommittedUse.of_valid(values, compact=True)`, written out)
    SET_VALUES(made, values)
    return made


_CEIL = math.ceil
_NEW = object.__new__
"""`math.ceil`, read once (`committed_use`'s loop)."""


def _valid_committed(values: dict) -> bool:
    """`values` are what CommittedUse's validation keeps (`_Result.of_valid`): its texts str, its counts int, its
    figures float (validation makes an int a float), the optional ones None or float, `used` a bool."""
    return (
        type(values["offer"]) is str
        and type(values["unit"]) is str
        and type(values["output_unit"]) is str
        and type(values["units"]) is int
        and type(values["output_units"]) is int
        and type(values["usd_per_month"]) is float
        and type(values["pay_as_you_go_usd_per_month"]) is float
        and type(values["utilization"]) is float
        and (values["break_even_utilization"] is None or type(values["break_even_utilization"]) is float)
        and (values["break_even_requests_per_month"] is None or type(values["break_even_requests_per_month"]) is float)
        and type(values["used"]) is bool
    )


PRICE_FIELDS = ("input_usd_per_mtok", "output_usd_per_mtok", "cache_read_usd_per_mtok", "cache_write_usd_per_mtok", "long_context_input_usd_per_mtok", "long_context_output_usd_per_mtok")
"""A cloud model's token prices (what `cloud_price_factor` multiplies)."""


def priced_model(model, assumptions: Assumptions):
    """The model at the catalog's prices, or with its token prices times the plan's pin of `cloud_price_factor`."""
    factor = assumptions.level("cloud_price_factor")
    if factor is None or factor == 1:
        return model
    return model.model_copy(update={f: getattr(model, f) * factor for f in PRICE_FIELDS if getattr(model, f) is not None})


def token_cost_breakdown(
    workload: ResolvedWorkload, catalog: Catalog, assumptions: Assumptions, growth_factor: float = 1.0, horizon_months: int | None = None, rates: CostRates | None = None
) -> CloudCostBreakdown:
    """USD a month for the tokens (no embeddings) at list price, and each effect that takes it to the bill (unrounded).

    list: requests/month x (in x price_in + out x price_out) / 1e6 x (1 + token_overhead) x (1 + retry_rate), the framework's formula.
    As billed, per request: the prompt is in x (1 + token_overhead) input tokens (token_overhead_adjustment: the
    framework also inflates the output by it); the cached prefix is read at the cache-read price, its
    `cache_write_share` written at the cache-write price (cache_savings); a prompt over the long-context threshold
    pays the long-context prices on the whole request (long_context_surcharge); a batch job gets the batch discount
    on everything (batch_savings); a workload whose peak is served more cheaply by the model's provisioned
    throughput (`committed_use`, online and not over the long-context threshold) is billed that instead
    (committed_use_savings). as_billed = list + adjustment - cache_savings + surcharge - batch_savings - committed_use_savings.
    `rates`: `CostRates(catalog, assumptions, horizon_months)`, when the caller has it (for many workloads).
    """
    if rates is None or rates.horizon_months != horizon_months or rates.assumptions is not assumptions or rates.catalog is not catalog:
        rates = CostRates(catalog, assumptions, horizon_months)
    found = rates._models.get(workload.cloud_model)  # (`rates.model(...)`, its look-up inline)
    model, figures = found if found is not None else rates.model(workload.cloud_model)
    overhead = rates.overhead
    per_month = workload.requests_per_day * workload.days_per_month  # (`requests_per_month`, without the property's call)
    volume = per_month * growth_factor * (1 + rates.retry) / 1e6
    out = workload.output_tokens
    p_in, p_out = figures["input_usd_per_mtok"], figures["output_usd_per_mtok"]
    listed = volume * (workload.input_tokens * p_in + out * p_out) * (1 + overhead)
    prompt = workload.input_tokens * (1 + overhead)  # (`prompt_tokens` and `cached_prefix_tokens`, inline)
    list_rate = volume * (prompt * p_in + out * p_out)
    cache_read, cache_write = figures["cache_read_usd_per_mtok"], figures["cache_write_usd_per_mtok"]
    prefix = 0.0
    if cache_read is not None:
        share = rates.overhead_share  # (`max(workload.cached_prefix_share, ...)` written out: the same, without the call)
        if share > workload.cached_prefix_share:
            prefix = prompt * share
        else:
            prefix = prompt * workload.cached_prefix_share
        prefix = prefix if prefix >= figures["min_cacheable_tokens"] and prefix > 0 else 0.0
    written = rates.written
    read_price = cache_read if cache_read is not None else p_in
    write_price = cache_write if cache_write is not None else p_in
    # the prompt's price per request, cached and not (the same for the list and the long-context prices of the input)
    uncached = (prompt - prefix) * p_in + prefix * (1 - written) * read_price + prefix * written * write_price
    cached = volume * (uncached * 1.0 + out * p_out)
    threshold = figures["long_context_threshold_tokens"]
    long_context = threshold is not None and prompt > threshold
    billed = cached
    if long_context:
        scale = figures["long_context_input_usd_per_mtok"] / p_in if p_in else 1.0
        billed = volume * (uncached * scale + out * figures["long_context_output_usd_per_mtok"])
    discount = figures["batch_discount"]
    batch = billed * discount if workload.batch and discount > 0 else 0.0  # (`batch_priced`, inline)
    committed = None
    if figures["committed_offers"] and not batch and not long_context:
        committed = committed_use(workload, model, assumptions, billed, per_month * growth_factor, horizon_months, rates)
    commitment = billed - committed.usd_per_month if committed is not None and committed.used else 0.0
    values = rates.breakdown.copy()  # CloudCostBreakdown's fields in its order, each set here (`CostRates.breakdown`)
    values["pricing"] = rates.pricing
    values["list_usd"] = listed
    values["token_overhead_adjustment_usd"] = list_rate - listed
    values["cache_savings_usd"] = list_rate - cached
    values["batch_savings_usd"] = batch
    values["long_context_surcharge_usd"] = billed - cached
    values["committed_use_savings_usd"] = commitment
    values["as_billed_usd"] = billed - batch - commitment
    values["cached_prefix_tokens"] = prefix
    values["long_context"] = long_context
    values["batch"] = batch > 0
    values["committed_use"] = committed
    if not _valid_breakdown(values):
        return CloudCostBreakdown(**values)
    made = _NEW(CloudCostBreakdown)  # (`CloudCostBreakdown.of_valid(values, compact=True)`, written out)
    SET_VALUES(made, values)
    return made


_BREAKDOWN_FLOATS = (*(name for name in CloudCostBreakdown.model_fields if name.endswith("_usd")), "cached_prefix_tokens")
"""CloudCostBreakdown's float fields: its money lines and the cached prefix (`_valid_breakdown` names each: a test checks it checks them all)."""


def _valid_breakdown(values: dict) -> bool:
    """`values` are what CloudCostBreakdown's validation keeps (`_Result.of_valid`): the figures float (validation makes
    an int a float), the pricing text, the two flags bools, the offer None or a CommittedUse (kept as it is)."""
    committed = values["committed_use"]
    return (  # (written out, `_BREAKDOWN_FLOATS` in order: a loop over the names cost more than the checks)
        type(values["list_usd"]) is float
        and type(values["token_overhead_adjustment_usd"]) is float
        and type(values["cache_savings_usd"]) is float
        and type(values["batch_savings_usd"]) is float
        and type(values["long_context_surcharge_usd"]) is float
        and type(values["committed_use_savings_usd"]) is float
        and type(values["as_billed_usd"]) is float
        and type(values["cached_prefix_tokens"]) is float
        and type(values["pricing"]) is str
        and type(values["long_context"]) is bool
        and type(values["batch"]) is bool
        and (committed is None or type(committed) is CommittedUse)
    )


def token_cost_usd_per_month(workload: ResolvedWorkload, catalog: Catalog, assumptions: Assumptions, growth_factor: float = 1.0, horizon_months: int | None = None) -> float:
    """USD a month for the tokens alone (no embeddings), at list price or as billed (assumption `pricing`)."""
    breakdown = token_cost_breakdown(workload, catalog, assumptions, growth_factor, horizon_months)
    return breakdown.as_billed_usd if as_billed(assumptions) else breakdown.list_usd


def cloud_cost_usd_per_month(workload: ResolvedWorkload, catalog: Catalog, assumptions: Assumptions, growth_factor: float = 1.0, horizon_months: int | None = None) -> float:
    """USD a month on the workload's cloud model: tokens (list or as billed), plus embeddings (unrounded)."""
    return token_cost_usd_per_month(workload, catalog, assumptions, growth_factor, horizon_months) + workload.embeddings_usd_per_month


def peak_requests_per_second(requests_per_day: float, busy_hours: float, assumptions: Assumptions) -> float:
    """Peak request rate: a day's requests spread over the busy hours, times the peak factor."""
    return requests_per_day / (busy_hours * 3600) * assumptions.num("peak_factor")


def rate_limit_check(workload: ResolvedWorkload, catalog: Catalog, assumptions: Assumptions, cloud_share: float = 1.0) -> RateLimitCheck:
    """Peak requests and tokens per minute against the provider's tiers (lowest tier that carries it).

    `cloud_share` is the share of requests sent to the cloud (1 - sensitive share for a hybrid).
    Retries count as requests; the token overhead (system prompts, few-shot) counts as input tokens;
    requests billed through the batch API do not count (`online_share`).
    """
    model = catalog.cloud_models[workload.cloud_model]
    provider = catalog.providers[model.provider]
    online = cloud_share * online_share(workload, catalog, assumptions)  # batch jobs queue apart from the online tier
    rate = peak_requests_per_second(workload.requests_per_day * online, workload.busy_hours, assumptions)
    per_minute = rate * 60 * (1 + assumptions.num("retry_rate"))
    tokens = per_minute * (workload.input_tokens * (1 + assumptions.num("token_overhead")) + workload.output_tokens)
    needed = next((t.tier for t in provider.tiers if t.rpm >= per_minute and t.tpm >= tokens), None)
    return RateLimitCheck(provider=provider.id, peak_rpm=round(per_minute, 2), peak_tpm=round(tokens, 1), tier_needed=needed)
