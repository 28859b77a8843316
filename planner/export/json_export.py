"""The evaluation as the JSON document of DESIGN.md (`show --json`, `export --format json`).

Compact by default, encoded by orjson in slices of a list (or of a mapping's keys) at a time, so that a
10,000-workload document is never one string in memory, and its workloads, tasks, thresholds and the
workloads' costs per Mtok are turned into dicts or text a slice at a time too (at 10,000 workloads those dicts
alone took ~95 MB at once, the tasks' text ~23 MB three times over); `indent` (a person reading it) uses the
pure-Python indenting encoder, its text written a few thousand pieces at a time and the deferred parts converted
as it reaches them.
"""

from __future__ import annotations

import codecs
import functools
import json
import operator
import os
import string
from itertools import chain, islice
import types
import typing
from datetime import date
from typing import Any, BinaryIO, Callable, Iterator, Literal, Mapping, Sequence, TextIO

import orjson
from pydantic_core import SchemaSerializer

from planner.domain.models_compare import SIDE_ASPECTS, compare_models, comparison_prices, comparison_sources, open_on_rented, open_side, price_message
from planner.domain.money import krw
from planner.domain.messages import Message
from planner.domain.coremodel import _Result
from planner.domain.results import (
    CloudCostBreakdown,
    CloudCostBreakdownKrw,
    CommittedUse,
    Evaluation,
    KEY_DATES,
    GpuaasQuote,
    RateLimitCheck,
    TraceStep,
    UnitCost,
    WorkloadResult,
    to_json,
)
from planner.domain.money import round_like_builtin
from planner.export.billing import cost_per_mtok_document, unit_cost_document


def _workload(result: WorkloadResult, ev: Evaluation) -> dict[str, Any]:
    """A `workloads[]` entry: the WorkloadResult as `to_json` gives it, and before `warnings` the one key
    composed from the whole evaluation, `closed_vs_open` (`models_compare.compare_models`)."""
    document = to_json(result)
    warnings = document.pop("warnings")
    document["closed_vs_open"] = compare_models(result, ev)
    document["warnings"] = warnings
    return document


_WARNINGS_KEY = b',"warnings":'
_DATA_KEY = b',"data":'


class Shared:
    """What many workloads of one document share, written once: the JSON text of the closed-vs-open comparison's catalog
    texts, one per cloud model and one per open model and rented offer (1,000 generated workloads: ~2 KB each, from a
    handful of models), keyed by the ids of their `ev.model_terms` entries and the sides' prices; and of the trace steps, keyed by their ids
    (placement keeps one step object for the workloads of one shape: 1,000 generated workloads, ~8,400 steps, ~640
    objects). The evaluation holds every one of them while its document is written."""

    __slots__ = ("comparisons", "sides", "prices", "steps", "fragments", "options")

    def __init__(self) -> None:
        self.comparisons: dict[tuple, tuple] = {}
        self.sides: dict[tuple, tuple | None] = {}
        """The comparisons' texts around their amounts by what they are made of (`_comparison_text`)."""
        self.prices: dict[tuple, tuple[bytes, bytes] | None] = {}
        self.steps: dict[int, bytes] = {}
        self.fragments: dict[int, orjson.Fragment] = {}
        """The steps' texts as orjson puts them in (`_trace_fragments`)."""
        self.options: dict[int, orjson.Fragment] = {}
        """The JSON text of the rented-GPU quotes' option lists, keyed by the lists' ids (1,000 generated workloads: 1,000
        quotes, 16 lists), as orjson puts them in (`_quote_values`)."""

    def clear(self) -> None:
        """Let the texts go once the workloads are written (10,000 workloads: ~2,500 steps, ~0.9 MB, and the peak of
        `show --json` comes after them)."""
        self.comparisons, self.sides, self.prices, self.steps, self.fragments, self.options = {}, {}, {}, {}, {}, {}


def _trace_text(trace: list[TraceStep], shared: Shared) -> bytes:
    """The trace's steps as pydantic-core writes them within the workload, joined by commas (without the brackets)."""
    texts = shared.steps
    parts = list(map(texts.get, map(id, trace)))
    if None in parts:  # a step not written yet (a KeyError caught instead: ~40% more instructions at 1,000 workloads)
        for i, step in enumerate(trace):
            if parts[i] is None:
                text = texts.get(id(step))
                if text is None:
                    text = texts[id(step)] = _step_text(step)
                parts[i] = text
    return b",".join(parts)


def _trace_fragments(trace: list[TraceStep], shared: Shared) -> list[orjson.Fragment]:
    """The trace's steps as `_trace_text` writes them, each put in by orjson as it is (`orjson.Fragment`, one per step
    kept in `shared`): orjson writes the list's brackets and commas (~5 K instructions a workload less than joining the
    texts and putting the whole in)."""
    fragments = shared.fragments
    parts = list(map(fragments.get, map(id, trace)))
    if None in parts:  # a step not written yet
        for i, step in enumerate(trace):
            if parts[i] is None:
                fragment = fragments.get(id(step))
                if fragment is None:
                    fragment = fragments[id(step)] = orjson.Fragment(_step_text(step))
                parts[i] = fragment
    return parts


def _step_text(step: TraceStep) -> bytes:
    """A trace step's JSON text as pydantic-core writes it (`_STEP_SERIALIZER`): by orjson from its four texts (text or
    `Message`, written as text by both; `note` left out) where TraceStep's fields are those (`_steps_written`), else by
    pydantic-core (~8.7 -> ~3 K instructions a step, and a `show --json` process that writes nothing by pydantic-core's
    serializer does not import what its first use imports: `fractions`, `ipaddress`, ~7 M instructions)."""
    if type(step) is TraceStep and _steps_written():
        rule, question, answer, source = _STEP_TEXTS(step.__dict__)
        if _TEXT_TYPES.issuperset((type(rule), type(question), type(answer), type(source))):
            return orjson.dumps({"rule": rule, "question": question, "answer": answer, "source": source})
    return _STEP_SERIALIZER.to_json(step)


_STEP_TEXTS = operator.itemgetter("rule", "question", "answer", "source")
_TEXT_TYPES = frozenset({str, Message})


@functools.cache
def _steps_written() -> bool:
    """TraceStep's fields are those `_step_text` writes: four texts under their own names, then `note`, left out."""
    fields = TraceStep.model_fields
    return (
        tuple(fields) == ("rule", "question", "answer", "source", "note")
        and all(field.serialization_alias is None for field in fields.values())
        and [name for name, field in fields.items() if field.exclude] == ["note"]
    )


def _comparison_text(result: WorkloadResult, ev: Evaluation, shared: Shared) -> bytes:
    """`_comparison_of` of the workload, its texts around the amounts kept in `shared.sides` by what they are made of
    (`comparison_prices` reads, without its lookups and its prices' tuples: 1,000 generated workloads, ~22 distinct):
    the two models, whether each side is priced and, where the open model runs on rented GPUs (`open_on_rented`), the
    quote's offer, GPUs, GPU and provider. Only the amounts (`krw`'s text and the number) are written per workload.
    Each part of the key is text, None, or an integer of its own type (a boolean is not 1 here), and the horizon and
    the terms are the evaluation's (`Shared` lives for one document)."""
    values = result.__dict__
    priced = values["priced_krw"]
    q = values["gpuaas"]
    if type(priced) is dict and (q is None or type(q) is GpuaasQuote):
        closed_krw, owned_krw = priced.get("cloud"), priced.get("on_prem")
        if q is not None and open_on_rented(result):
            gpus = q.gpus
            key = (values["cloud_model"], values["open_model"], closed_krw is None, owned_krw is None, q.offer, gpus.__class__, gpus, q.gpu, q.provider)
        else:
            key = (values["cloud_model"], values["open_model"], closed_krw is None, owned_krw is None)
        side = shared.sides.get(key)
        if side is None:
            side = shared.sides[key] = _comparison_side(result, ev, shared, key)
        if side is not None:
            pieces, rented = side
            open_krw = q.total_krw if rented else owned_krw
            if pieces is not None and type(closed_krw) is int and type(open_krw) is int:
                return b"".join((pieces[0], krw(closed_krw).encode(), pieces[1], b"%d" % closed_krw, pieces[2], krw(open_krw).encode(), pieces[3], b"%d" % open_krw, pieces[4]))
    return _comparison_of(result, ev, shared)


def _comparison_side(result: WorkloadResult, ev: Evaluation, shared: Shared, key: tuple) -> tuple | None:
    """For `shared.sides`: (the texts around the amounts as `_comparison_of` writes them, or None where it writes them
    otherwise; whether the open side's amount is the quote's total), None where `_comparison_of` is to write each
    workload of `key` (a model not in the catalogs, or a key part of another type than the ones told apart)."""
    parts = comparison_prices(result, ev)
    if parts is None or not all(part is None or type(part) in (str, bool, int, type) for part in key):
        return None
    closed_terms, closed_price, _, open_terms, offer, open_price, _ = parts
    _, _, tail, amounts = _comparison_texts(closed_terms, closed_price, open_terms, offer, open_price, shared)
    return (None if amounts is None else (*amounts, tail)), offer is not None


def _comparison_of(result: WorkloadResult, ev: Evaluation, shared: Shared) -> bytes:
    """`compare_models(result, ev)` as compact JSON (the bytes `_compact` writes of it): the sides' catalog texts and the
    sources written once per models and offer, the prices' texts around their amounts once per template and parameters
    (`_price_pieces`) and joined with them, only the amounts per workload (`_price_text` where a price is not a whole
    number in its template once)."""
    parts = comparison_prices(result, ev)
    if parts is None:
        return b"null"
    closed_terms, closed_price, closed_krw, open_terms, offer, open_price, open_krw = parts
    head, middle, tail, amounts = _comparison_texts(closed_terms, closed_price, open_terms, offer, open_price, shared)
    if amounts is not None and type(closed_krw) is int and type(open_krw) is int:  # the texts around the amounts
        return b"".join((amounts[0], krw(closed_krw).encode(), amounts[1], b"%d" % closed_krw, amounts[2], krw(open_krw).encode(), amounts[3], b"%d" % open_krw, tail))
    return b"".join((head, _price_text(closed_price, closed_krw, shared), middle, _price_text(open_price, open_krw, shared), tail))


def _comparison_texts(closed_terms: dict, closed_price: tuple, open_terms: dict, offer: dict | None, open_price: tuple, shared: Shared) -> tuple:
    """(head, middle, tail, the texts around the amounts or None) of `_comparison_of`, kept in `shared` by the terms'
    ids and the prices."""
    key = (id(closed_terms), id(open_terms), id(offer), _price_key(closed_price), _price_key(open_price))
    texts = shared.comparisons.get(key)
    if texts is None:  # '{"closed":{...' up to its price, ',"open":{...' likewise, then the sources (the dicts are never empty)
        closed = _compact({k: closed_terms[k] for k in SIDE_ASPECTS})[:-1]
        opened = _compact(open_side(open_terms, offer))[:-1]
        head, middle = b'{"closed":' + closed + b',"price":', b'},"open":' + opened + b',"price":'
        tail = b'},"sources":' + _compact(comparison_sources(closed_terms, open_terms, offer)) + b"}"
        closed_pieces, open_pieces = _price_pieces(closed_price), _price_pieces(open_price)
        amounts = None if closed_pieces is None or open_pieces is None else (
            head + closed_pieces[0], closed_pieces[1], middle + open_pieces[0], open_pieces[1],
        )
        texts = shared.comparisons[key] = (head, middle, tail, amounts)
    return texts


_AMOUNT = "\ue000"
"""Stands for a price's amount in `_price_pieces` (a private-use character: orjson writes it as its UTF-8 bytes, which
no other text's bytes contain)."""


def _price_text(price: tuple, amount: Any, shared: Shared) -> bytes:
    """A side's `"price":` value and its `,"price_krw":` key and value (`models_compare.comparison_prices`), as `_compact`
    writes them: the JSON text before and after the amount kept per price (`_price_pieces`; 1,000 generated workloads:
    2,000 prices of 2 templates, ~16 K -> ~8 K instructions each), `krw`'s text of a whole number put between them
    (digits, commas, a point, a sign and Korean units: nothing JSON escapes)."""
    key = _price_key(price)
    pieces = shared.prices.get(key)
    if pieces is None:
        pieces = shared.prices[key] = _price_pieces(price)
    if pieces is not None and type(amount) is int:
        return b"".join((pieces[0], krw(amount).encode(), pieces[1], b"%d" % amount))
    return _compact(price_message(price, amount)) + b',"price_krw":' + _compact(amount)


def _price_key(price: tuple) -> tuple:
    """A price (`comparison_prices`) with its parameters' types, as its texts are kept: equal prices whose texts differ
    (a GPU count of `True` == 1, written `True`) are told apart."""
    return price, tuple(type(value) for _, value in price[1])


def _price_pieces(price: tuple) -> tuple[bytes, bytes] | None:
    """The JSON text of a price's text before its amount and after it (with `,"price_krw":`), or None where the template
    does not have the amount once, as it is (no format spec or conversion)."""
    template, params = price
    fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(template) if name == "amount"]
    if fields != [("amount", "", None)]:
        return None
    text = template.format(amount=_AMOUNT, **dict(params))
    if text.count(_AMOUNT) != 1:
        return None
    before, after = _compact(text).split(_AMOUNT.encode())
    return before, after + b',"price_krw":'


def _workload_parts(result: WorkloadResult, ev: Evaluation, shared: Shared, parts: list, quotes_written: bool = False) -> None:
    """`_workload` as compact JSON, in pieces appended to `parts` (joined once per slice: ~8 KB a workload, copied
    once more instead of three times). The WorkloadResult is written by pydantic-core without a dict in between, the
    same bytes as orjson writes for `_workload`: pydantic-core writes floats, integers and text as orjson does (the
    shortest text that reads back as the same float, no escapes past the JSON ones). Without its trace (`Shared`'s
    steps, put back before `data`, the key after it) and its rented-GPU quote, written by orjson from its values where
    `quotes_written` (`_workloads_text`; ~1.5 KB a workload, ~40 -> ~8 M instructions at 1,000 workloads) and put back
    before `warnings`, WorkloadResult's last key, after `closed_vs_open`, which goes before `warnings` too. Each key's
    `,"key":` is found where it is: the first `data` (only text and booleans come before it) and the last `warnings`; a
    quote inside a JSON string follows a backslash, never a comma."""
    quote = result.gpuaas
    if quote is not None and type(quote) is not GpuaasQuote:  # another class's fields: as pydantic-core writes the field
        text, quote_text = memoryview(_without_trace().to_json(result, by_alias=True)), b""
    else:
        text = memoryview(_without_trace_or_quote().to_json(result, by_alias=True))
        quote_text = b',"gpuaas":' + (b"null" if quote is None else _quote_text(quote, quotes_written))
    data = text.obj.index(_DATA_KEY) + 1
    cut = text.obj.rindex(_WARNINGS_KEY)
    parts += (
        text[:data], b'"trace":[', _trace_text(result.trace, shared), b"],", text[data:cut], quote_text, b',"closed_vs_open":', _comparison_text(result, ev, shared),
        text[cut:],
    )


def _quote_text(quote: GpuaasQuote, written: bool) -> bytes:
    """A rented-GPU quote as pydantic-core writes it: by orjson from its values where `written` (`as_written` checked
    the slice's quotes)."""
    if written:
        try:
            return orjson.dumps(quote.__dict__, default=_result_values)
        except (orjson.JSONEncodeError, TypeError):  # an integer past 64 bits
            pass
    return _QUOTE_SERIALIZER.to_json(quote)


def _quote_values(quote: GpuaasQuote, shared: Shared) -> Any:
    """A rented-GPU quote whose values `as_written` checked, as orjson writes it within its workload as pydantic-core
    writes it: a copy of its values, its options' list as their text (written once per list, `Shared.options`), or
    the quote's text as pydantic-core writes it where orjson cannot write the options (an integer past 64 bits)."""
    values = quote.__dict__.copy()
    options = values["options"]
    text = shared.options.get(id(options))
    if text is None:
        try:
            text = shared.options[id(options)] = orjson.Fragment(orjson.dumps(options, default=_result_values))
        except (orjson.JSONEncodeError, TypeError):
            return orjson.Fragment(_QUOTE_SERIALIZER.to_json(quote))
    values["options"] = text
    return values


def _workloads_text(results: Sequence[WorkloadResult], ev: Evaluation, shared: Shared) -> bytes | memoryview:
    """`_workload_parts` of each of `results`, joined by commas: their quotes written from their values where orjson
    writes them as pydantic-core does (`as_written`, checked over the slice's quotes at once), and the slice's
    workloads by one orjson call from their values (`_workload_values`; 1,000 generated workloads: ~25 K instructions
    a workload less than pydantic-core's), each whose values it does not take (`_Odd`) as `_workload_parts` writes it,
    and the whole slice so where orjson cannot write a value (an integer past 64 bits)."""
    quotes = [quote for quote in map(_GPUAAS, results) if quote is not None]
    written = _QUOTE_WRITTEN is not None and {GpuaasQuote}.issuperset(map(type, quotes)) and _QUOTE_WRITTEN([quote.__dict__ for quote in quotes])
    if _values_written():
        items: list = []
        checked = _no_booleans(results)
        for result in results:
            try:
                items.append(_workload_values(result, ev, shared, written, checked))
            except _Odd:
                parts: list = []
                _workload_parts(result, ev, shared, parts, written)
                items.append(orjson.Fragment(b"".join(parts)))
        try:
            return memoryview(orjson.dumps(items))[1:-1]
        except orjson.JSONEncodeError:
            pass
    parts = []
    for result in results:
        parts.append(b",")
        _workload_parts(result, ev, shared, parts, written)
    if parts:
        parts[0] = b""
    return b"".join(parts)


class _Odd(Exception):
    """A value `_workload_values` cannot give orjson as pydantic-core writes it: the workload is written by `_workload_parts`."""


def _rounded(value: Any, digits: int) -> Any:
    """A rounded field's value (results._rounded) as pydantic-core writes it: a float rounded to `digits` (a whole one
    as it is; `money.round_like_builtin`: round()'s float), a whole number as it is (its round() is itself, written as an int);
    `_Odd` for anything else."""
    if type(value) is float:
        return value if value.is_integer() else round_like_builtin(value, digits, 10.0**digits)
    if type(value) is int:
        return value
    raise _Odd


def _as_float(value: Any) -> float:
    """A float field's value as pydantic-core writes it: a whole number or a boolean as a float (`0` -> `0.0`, the
    fields' defaults); `_Odd` for anything else."""
    if type(value) is float:
        return value
    if type(value) is int or type(value) is bool:
        return float(value)
    raise _Odd


def _no_booleans(results: Sequence[WorkloadResult]) -> bool:
    """Whether no boolean is among the slice's workloads' integer values that `_workload_values` checks (its int fields,
    `placement_costs_krw`'s amounts, the KRW breakdown's amounts): read from their JSON text by orjson, at once for the
    slice (integers, None and the placements' names have no `t` or `f`; 1,000 generated workloads: ~1.6 M instructions
    less than reading each value's type).
    False where the text has one (a boolean, or text), orjson cannot write a value, or a value is not where it is read:
    each workload's values are then checked by their types."""
    try:
        values = list(map(_FIELDS, results))
        text = orjson.dumps([
            list(map(_WORKLOAD_INTS, values)), list(map(_PRICED, values)),
            list(map(_KRW_VALUES, map(_FIELDS, map(_KRW_BREAKDOWN, values)))),
        ])
    except (orjson.JSONEncodeError, TypeError, KeyError, AttributeError):
        return False
    return b"t" not in text and b"f" not in text


_WORKLOAD_FIELDS = len(WorkloadResult.model_fields)
_WORKLOAD_INTS = operator.itemgetter("input_tokens", "output_tokens", "cloud_cost_krw_per_month", "cost_of_compliance_krw")
_BREAKDOWN_VALUES = operator.itemgetter(*CloudCostBreakdown.model_fields)
_KRW_VALUES = operator.itemgetter(*CloudCostBreakdownKrw.model_fields)
_FIELDS, _PRICED, _KRW_BREAKDOWN = operator.attrgetter("__dict__"), operator.itemgetter("priced_krw"), operator.itemgetter("cloud_cost_breakdown_krw")


def _workload_values(result: WorkloadResult, ev: Evaluation, shared: Shared, quotes_written: bool, ints_checked: bool = False) -> dict[str, Any]:
    """What orjson writes as `_workload_parts` writes the workload: a copy of its values (`__dict__`: its fields in their
    order) under their JSON names, `closed_vs_open` before `warnings`, the trace, the quote and the comparison as their
    text (`orjson.Fragment`), the nested results as their values likewise (`_breakdown_values`, `_krw_values`), the
    rounded fields rounded (`_rounded`) and a whole number in a float field as a float (`_as_float`): the values
    pydantic-core writes as orjson does (floats, ints, text; a value of an undeclared type is written by both as what
    it is). `_Odd` where a number field holds another type, a boolean where an int is declared, or another class
    (`_VALUES_WRITTEN` checks the fields against the ones handled here)."""
    if type(result) is not WorkloadResult:
        raise _Odd
    values = result.__dict__.copy()
    if len(values) != _WORKLOAD_FIELDS:
        raise _Odd
    value = values["requests_per_day"]
    if type(value) is not float:
        values["requests_per_day"] = _rounded(value, 2)
    elif not value.is_integer():
        values["requests_per_day"] = round_like_builtin(value, 2, 1e2)
    value = values["requests_per_month"]
    if type(value) is not float:
        values["requests_per_month"] = _rounded(value, 2)
    elif not value.is_integer():
        values["requests_per_month"] = round_like_builtin(value, 2, 1e2)
    value = values["cloud_cost_usd_per_month"]
    if type(value) is not float:
        values["cloud_cost_usd_per_month"] = _rounded(value, 2)
    elif not value.is_integer():
        values["cloud_cost_usd_per_month"] = round_like_builtin(value, 2, 1e2)
    value = values["onprem_share"]
    if type(value) is not float:
        values["onprem_share"] = _as_float(value)
    value = values["embeddings_usd_per_month"]
    if type(value) is not float:
        values["embeddings_usd_per_month"] = _as_float(value)
    if not ints_checked and bool in map(type, _WORKLOAD_INTS(values)):
        raise _Odd
    values["trace"] = _trace_fragments(values["trace"], shared)
    values["cloud_cost_breakdown"] = _breakdown_values(values["cloud_cost_breakdown"])
    values["cloud_cost_breakdown_krw"] = _krw_values(values["cloud_cost_breakdown_krw"], ints_checked)
    check = values["rate_limit"]
    if check is not None:
        values["rate_limit"] = _rate_limit_values(check)
    priced = values.pop("priced_krw")
    if type(priced) is dict and not ints_checked and bool in map(type, priced.values()):
        raise _Odd
    compliance, offers, quote, warnings = values.pop("cost_of_compliance_krw"), values.pop("gpuaas_offers"), values.pop("gpuaas"), values.pop("warnings")
    if quote is not None and type(quote) is not GpuaasQuote:
        raise _Odd
    values["placement_costs_krw"] = priced
    values["cost_of_compliance_krw"] = compliance
    values["gpuaas_offers"] = offers
    values["gpuaas"] = None if quote is None else _quote_values(quote, shared) if quotes_written else orjson.Fragment(_QUOTE_SERIALIZER.to_json(quote))
    values["closed_vs_open"] = orjson.Fragment(_comparison_text(result, ev, shared))
    values["warnings"] = warnings
    return values


def _breakdown_values(breakdown: Any) -> dict[str, Any]:
    """A CloudCostBreakdown's values under their JSON names (`_workload_values`)."""
    if type(breakdown) is not CloudCostBreakdown:
        raise _Odd
    pricing, listed, overhead, cache, batch_savings, surcharge, committed_savings, as_billed, prefix, long_context, batch, committed = _BREAKDOWN_VALUES(breakdown.__dict__)
    return {
        "pricing": pricing,
        "list": listed if type(listed) is float else _as_float(listed),
        "token_overhead_adjustment": overhead if type(overhead) is float else _as_float(overhead),
        "cache_savings": cache if type(cache) is float else _as_float(cache),
        "batch_savings": batch_savings if type(batch_savings) is float else _as_float(batch_savings),
        "long_context_surcharge": surcharge if type(surcharge) is float else _as_float(surcharge),
        "committed_use_savings": committed_savings if type(committed_savings) is float else _as_float(committed_savings),
        "as_billed": as_billed if type(as_billed) is float else _as_float(as_billed),
        "cached_prefix_tokens": prefix if type(prefix) is float and prefix.is_integer() else _rounded(prefix, 1),
        "long_context": long_context,
        "batch": batch,
        "committed_use": None if committed is None else _committed_values(committed),
    }


_COMMITTED_FIGURES = operator.itemgetter(
    "units", "output_units", "usd_per_month", "pay_as_you_go_usd_per_month", "utilization", "break_even_utilization", "break_even_requests_per_month",
)


def _committed_values(committed: Any) -> dict[str, Any]:
    """A CommittedUse's values, rounded as its fields declare (`_workload_values`): a float's round() without a call of
    `_rounded` (a whole one as it is)."""
    if type(committed) is not CommittedUse:
        raise _Odd
    values = committed.__dict__.copy()
    units, output_units, usd, pay_as_you_go, utilization, at_utilization, at_requests = _COMMITTED_FIGURES(values)
    if type(units) is not int or type(output_units) is not int:
        raise _Odd
    if type(usd) is not float:
        values["usd_per_month"] = _rounded(usd, 2)
    elif not usd.is_integer():
        values["usd_per_month"] = round_like_builtin(usd, 2, 1e2)
    if type(pay_as_you_go) is not float:
        values["pay_as_you_go_usd_per_month"] = _rounded(pay_as_you_go, 2)
    elif not pay_as_you_go.is_integer():
        values["pay_as_you_go_usd_per_month"] = round_like_builtin(pay_as_you_go, 2, 1e2)
    if type(utilization) is not float:
        values["utilization"] = _rounded(utilization, 4)
    elif not utilization.is_integer():
        values["utilization"] = round_like_builtin(utilization, 4, 1e4)
    if type(at_utilization) is float:
        if not at_utilization.is_integer():
            values["break_even_utilization"] = round_like_builtin(at_utilization, 4, 1e4)
    elif at_utilization is not None:
        values["break_even_utilization"] = _rounded(at_utilization, 4)
    if type(at_requests) is float:
        if not at_requests.is_integer():
            values["break_even_requests_per_month"] = round_like_builtin(at_requests, 0, 1.0)
    elif at_requests is not None:
        values["break_even_requests_per_month"] = _rounded(at_requests, 0)
    return values


def _krw_values(breakdown: Any, checked: bool = False) -> dict[str, Any]:
    """A CloudCostBreakdownKrw's values under their JSON names (`_workload_values`); `checked`: no boolean among them
    (`_no_booleans`)."""
    if type(breakdown) is not CloudCostBreakdownKrw:
        raise _Odd
    listed, overhead, cache, batch, surcharge, committed, as_billed = values = _KRW_VALUES(breakdown.__dict__)
    if not checked and bool in map(type, values):
        raise _Odd
    return {
        "list": listed, "token_overhead_adjustment": overhead, "cache_savings": cache, "batch_savings": batch,
        "long_context_surcharge": surcharge, "committed_use_savings": committed, "as_billed": as_billed,
    }


def _rate_limit_values(check: Any) -> dict[str, Any]:
    """A RateLimitCheck's values, its peaks as floats (`_workload_values`)."""
    if type(check) is not RateLimitCheck:
        raise _Odd
    values = check.__dict__.copy()
    values["peak_rpm"] = _as_float(values["peak_rpm"])
    values["peak_tpm"] = _as_float(values["peak_tpm"])
    return values


def _json_names(cls: type) -> tuple[str, ...] | None:
    """A result class's JSON keys in order (None where a field is left out)."""
    fields = cls.model_fields.values()
    return None if any(field.exclude for field in fields) else tuple(field.serialization_alias or name for name, field in cls.model_fields.items())


@functools.cache
def _values_written() -> bool:
    """The classes' fields are those `_workload_values` writes (else every workload is written by `_workload_parts`);
    checked the first time workloads are written (not at import: ~0.4 M instructions of every process)."""
    return (
        _json_names(WorkloadResult) == (
            "id", "name", "kind", "placement", "recommended", "overridden", "regulatory", "needs_deidentification", "cloud_allowed", "trace", "data",
            "requests_per_day", "requests_per_month", "input_tokens", "output_tokens", "onprem_share", "cloud_model", "open_model", "precision",
            "cloud_cost_usd_per_month", "cloud_cost_krw_per_month", "embeddings_usd_per_month", "cloud_cost_breakdown", "cloud_cost_breakdown_krw",
            "rate_limit", "defaults", "allowed", "framework", "hybrid", "placement_costs_krw", "cost_of_compliance_krw", "gpuaas_offers", "gpuaas", "warnings",
        )
        and tuple(WorkloadResult.model_fields)[29] == "priced_krw"
        and _json_names(CloudCostBreakdown) == (
            "pricing", "list", "token_overhead_adjustment", "cache_savings", "batch_savings", "long_context_surcharge", "committed_use_savings", "as_billed",
            "cached_prefix_tokens", "long_context", "batch", "committed_use",
        )
        and _json_names(CloudCostBreakdownKrw) == ("list", "token_overhead_adjustment", "cache_savings", "batch_savings", "long_context_surcharge", "committed_use_savings", "as_billed")
        and _json_names(CommittedUse) == tuple(CommittedUse.model_fields) == (
            "offer", "unit", "units", "output_units", "output_unit", "usd_per_month", "pay_as_you_go_usd_per_month", "utilization", "break_even_utilization",
            "break_even_requests_per_month", "used",
        )
        and _json_names(RateLimitCheck) == tuple(RateLimitCheck.model_fields) == ("provider", "peak_rpm", "peak_tpm", "tier_needed")
    )


_GPUAAS = operator.attrgetter("gpuaas")


def _serializer_without(cls: type, names: frozenset[str]) -> SchemaSerializer:
    """`cls`'s serializer leaving out the fields `names`: the class's core schema with those fields excluded (a filter
    given at each call, `to_json(exclude=...)`, costs more than the fields it leaves out)."""
    schema = cls.__pydantic_core_schema__
    inner = schema["schema"]
    fields = {name: {**field, "serialization_exclude": True} if name in names else field for name, field in inner["fields"].items()}
    return SchemaSerializer({**schema, "schema": {**inner, "fields": fields}})


@functools.cache
def _without_trace() -> SchemaSerializer:
    """WorkloadResult's serializer leaving out only the trace, built the first time a quote of another class than
    GpuaasQuote is written (never, in the planner's own evaluations: ~0.5 M instructions of every `show --json` process)."""
    return _serializer_without(WorkloadResult, frozenset({"trace"}))


@functools.cache
def _without_trace_or_quote() -> SchemaSerializer:
    """WorkloadResult's serializer leaving out the trace and the quote, built the first time a workload is not written
    from its values (`_workload_values`; never, in the planner's own evaluations)."""
    return _serializer_without(WorkloadResult, frozenset({"trace", "gpuaas"}))


_STEP_SERIALIZER = TraceStep.__pydantic_serializer__
_QUOTE_SERIALIZER = GpuaasQuote.__pydantic_serializer__


class Deferred:
    """A list of the document whose items become JSON values only when they are encoded (`json_chunks`
    converts a slice at a time); `list(...)` gives them all at once."""

    __slots__ = ("items", "convert", "texts", "done")

    def __init__(
        self, items: Sequence[Any], convert: Callable[[Any], Any], texts: Callable[[Sequence[Any]], bytes | memoryview] | None = None, done: Callable[[], None] | None = None,
    ):
        self.items, self.convert, self.texts, self.done = items, convert, texts, done
        """`texts`: a slice of items' compact JSON texts (UTF-8), joined by commas: the same as encoding `convert(item)` of
        each (faster). `done`: called once the items are written (what they kept for the document is let go)."""

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Any]:
        return map(self.convert, self.items)

    def slice(self, start: int, stop: int) -> list[Any]:
        return [self.convert(item) for item in self.items[start:stop]]


class DeferredOne:
    """A value of the document that becomes a JSON value only when it is encoded: `text(value)` its compact JSON text
    (UTF-8), the same as encoding `convert(value)` (faster)."""

    __slots__ = ("value", "convert", "text")

    def __init__(self, value: Any, convert: Callable[[Any], Any], text: Callable[[Any], bytes]):
        self.value, self.convert, self.text = value, convert, text


class DeferredMap:
    """A mapping of the document whose values become JSON values only when they are encoded (`json_chunks`
    converts a slice of keys at a time); `whole()` gives them all at once."""

    __slots__ = ("items", "convert", "texts")

    def __init__(self, items: Mapping[str, Any], convert: Callable[[Any], Any], texts: Callable[[Sequence[str]], bytes | memoryview] | None = None):
        self.items, self.convert, self.texts = items, convert, texts
        """`texts`: the compact JSON text (UTF-8) of a slice of keys and their converted values, without the braces: the
        same as encoding `part(keys)` (faster)."""

    def part(self, keys: Sequence[str]) -> dict[str, Any]:
        items, convert = self.items, self.convert
        return {key: convert(items[key]) for key in keys}

    def whole(self) -> dict[str, Any]:
        return self.part(list(self.items))


def _task(task: Any) -> dict[str, Any]:
    return task.model_dump(mode="json")


def _tasks_text(tasks: Sequence[Any]) -> bytes | memoryview:
    """`_task` of each of `tasks` as compact JSON, joined by commas: one orjson call for the slice of their values as they
    are (`as_written`: 3,000 tasks, ~64 -> ~25 M instructions), or, where orjson would write a value otherwise (or
    cannot: an integer past 64 bits), each task as pydantic-core writes it."""
    kinds = set(map(type, tasks))
    written = as_written(kinds.pop()) if len(kinds) == 1 else None
    values = [task.__dict__ for task in tasks]
    if written is not None and written(values):
        try:
            return memoryview(orjson.dumps(values))[1:-1]
        except orjson.JSONEncodeError:
            pass
    return b",".join(task.__pydantic_serializer__.to_json(task) for task in tasks)


_AS_WRITTEN: dict[type, Callable[[list[dict[str, Any]]], bool] | None] = {}


def as_written(cls: type) -> Callable[[list[dict[str, Any]]], bool] | None:
    """For a result class whose JSON is its values as they are (every field under its own name, none left out, no
    serializer of its own, only text, booleans, whole numbers, floats, dates, None, lists and dicts of those, and lists
    of results of such classes, given to orjson as their values by `_result_values`): a check that orjson writes a
    result's values (`__dict__`, its fields in order) as pydantic-core writes the result.
    They differ only where pydantic-core converts: a whole number or a boolean in a float field it writes as a float
    (`0.0`), a boolean in an integer field as `1`/`0`: the check takes a list of results' values and tells whether
    every one is written alike. None for any other class (its values need pydantic-core)."""
    if cls in _AS_WRITTEN:
        return _AS_WRITTEN[cls]
    checks = _written_checks(cls)
    _AS_WRITTEN[cls] = checks
    return checks


_PLAIN_TYPES = {str, bool, date, Message}
_FLOAT = frozenset({float})
_FLOAT_OR_NONE = frozenset({float, type(None)})


def _written_checks(cls: type) -> Callable[[list[dict[str, Any]]], bool] | None:
    if getattr(cls, "_blank", None) is None:  # values in field order: a compact dict (see coremodel._Result.compact)
        return None
    ints, floats, int_values, float_values, int_items, float_items, nested = [], [], [], [], [], [], []
    for name, field in cls.model_fields.items():
        if field.serialization_alias is not None or field.exclude:
            return None
        annotation = field.annotation
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
            annotation = args[0] if args[1] is type(None) else args[1]  # Optional[X]: None is written as null by both
            origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if annotation in _PLAIN_TYPES or origin is Literal or (origin is list and args[0] in _PLAIN_TYPES) or (origin is dict and args == (str, str)):
            continue
        if annotation is int:
            ints.append(name)
        elif annotation is float:
            floats.append(name)
        elif origin is dict and args == (str, int):
            int_values.append(name)
        elif origin is dict and args == (str, float):
            float_values.append(name)
        elif origin is list and args == (int,):
            int_items.append(name)
        elif origin is list and args == (float,):
            float_items.append(name)
        elif origin is list and isinstance(args[0], type) and issubclass(args[0], _Result) and as_written(args[0]) is not None:
            nested.append((name, frozenset({args[0]}), as_written(args[0])))  # results of a class written from their values
        else:
            return None
    int_fields, float_fields = _values_getter(ints), _values_getter(floats)
    whole_numbers = operator.itemgetter(*ints, *int_items) if ints or int_items else None

    def float_values_of(values: list[dict[str, Any]]) -> Iterator[Any]:
        return chain.from_iterable(map(float_fields, values)) if len(floats) > 1 else values_of(floats[0], values)

    def values_of(name: str, values: list[dict[str, Any]]) -> Iterator[Any]:
        return map(operator.itemgetter(name), values)

    def booleans_in_int_fields(values: list[dict[str, Any]]) -> bool:
        """Whether a boolean is among the int fields' values or the int lists' items. Their JSON text by orjson first
        (1,000 rented-GPU quotes, 17 such values each: ~6 -> ~2 M instructions): integers, lists and null have no `t` or
        `f`; where it has one (`true`, `false`, or text) or orjson cannot write a value, each value's type is read."""
        try:
            text = orjson.dumps(list(map(whole_numbers, values)))
        except orjson.JSONEncodeError:
            text = b"t"
        if b"t" not in text and b"f" not in text:
            return False
        if ints and bool in map(type, chain.from_iterable(map(int_fields, values))):
            return True
        return any(bool in map(type, chain.from_iterable(values_of(name, values))) for name in int_items)

    def written(values: list[dict[str, Any]]) -> bool:  # C-level walks over a slice (64 tasks: ~0.4 K instructions a task)
        if whole_numbers is not None and booleans_in_int_fields(values):
            return False
        if floats and not _FLOAT_OR_NONE.issuperset(map(type, float_values_of(values))):
            return False
        for name in int_values:
            if bool in map(type, chain.from_iterable(map(dict.values, values_of(name, values)))):
                return False
        for name in float_values:
            if not _FLOAT.issuperset(map(type, chain.from_iterable(map(dict.values, values_of(name, values))))):
                return False
        for name in float_items:
            if not _FLOAT.issuperset(map(type, chain.from_iterable(values_of(name, values)))):
                return False
        for name, kind, check in nested:  # each list once (many results share one: a quote's options, ~16 lists at 1,000 workloads)
            lists = list(values_of(name, values))
            items = list(chain.from_iterable(dict(zip(map(id, lists), lists)).values()))
            if not kind.issuperset(map(type, items)) or not check([item.__dict__ for item in items]):
                return False
        return True

    return written


def _values_getter(names: list[str]) -> Callable[[dict[str, Any]], tuple]:
    """The values of `names` in a dict, as a tuple (`itemgetter` gives one name's value alone)."""
    if len(names) == 1:
        name = names[0]
        return lambda values: (values[name],)
    return operator.itemgetter(*names) if names else lambda values: ()


def _result_values(value: Any) -> Any:
    """orjson's `default` for values whose results inside are written from their values (`as_written`)."""
    if isinstance(value, _Result):
        return value.__dict__
    return _plain(value)


def _dumped(model: Any) -> dict[str, Any]:
    return model.model_dump()


def _dumped_text(results: Sequence[Any], keys: Sequence[Any] | None = None) -> bytes | memoryview:
    """`_dumped` of each of `results` as compact JSON, joined by commas (`keys`: each under its key, a mapping's text
    without its braces). Where a result's JSON is its values as they are (`as_written`: no alias, none left out, no
    serializer, no nested result), `model_dump()` is a copy of those values (the python mode converts nothing), so its
    values are encoded without the copy (1,030 thresholds: ~25 -> ~8 M instructions), and without pydantic-core's
    serializer (its first use in a process imports `fractions` and `ipaddress`: ~7 M instructions)."""
    kinds = set(map(type, results))
    if len(kinds) == 1 and as_written(kinds.pop()) is not None:
        try:
            values = [result.__dict__ for result in results]
            return memoryview(_dumps(values if keys is None else dict(zip(keys, values))))[1:-1]
        except orjson.JSONEncodeError:
            pass
    dumped = [result.model_dump() for result in results]
    return memoryview(_compact(dumped if keys is None else dict(zip(keys, dumped))))[1:-1]


def _dumped_one(model: Any) -> bytes:
    """`_dumped(model)` as compact JSON (`_dumped_text`)."""
    return bytes(_dumped_text([model]))


def _dumped_values(models: Mapping[Any, Any]) -> dict[Any, Any]:
    return {key: model.model_dump() for key, model in models.items()}


def _dumped_values_text(models: Mapping[Any, Any]) -> bytes:
    """`_dumped_values(models)` as compact JSON (`_dumped_text`)."""
    return b"{" + bytes(_dumped_text(list(models.values()), list(models))) + b"}"


def _key_dates(schedule: Any) -> dict[str, Any]:
    return schedule.key_dates_json()


def _key_dates_text(schedule: Any) -> bytes:
    """`_key_dates(schedule)` as compact JSON: its dates (None, a date, or text to dates) by orjson as they are (ISO
    dates, as `model_dump(mode="json")` writes them: 1,000 generated workloads, ~1,000 dates), else as `_key_dates`
    gives them."""
    values = schedule.__dict__
    dates = {name: values[name] for name in KEY_DATES}
    for value in dates.values():
        if value is not None and type(value) is not date and not (type(value) is dict and _TEXT.issuperset(map(type, value)) and _DATE.issuperset(map(type, value.values()))):
            return _compact(_key_dates(schedule))
    return orjson.dumps(dates)


_TEXT, _DATE = frozenset({str}), frozenset({date})


def _cost_per_mtok(ev: Evaluation, deferred: bool) -> dict[str, Any]:
    """`cost_per_mtok_document` of the evaluation; `deferred`: its workloads a `DeferredMap` (10,000 workloads: ~9 MB of text)."""
    rate = float(ev.assumptions.get("krw_per_usd", 0))
    if not deferred:
        return cost_per_mtok_document(ev.cost_per_mtok, rate)
    units = ev.cost_per_mtok
    workloads = units.workloads
    convert = lambda entry: {k: unit_cost_document(u, rate) for k, u in entry.items()}  # noqa: E731
    written: dict[tuple, orjson.Fragment] = {}
    unkept: set[str] = set()
    return {
        "strategies": {name: unit_cost_document(u, rate) for name, u in units.strategies.items()},
        "workloads": DeferredMap(workloads, convert, texts=lambda keys: _unit_costs_text(workloads, keys, convert, rate, written, unkept)),
    }


_UNIT_TYPES = frozenset({float, type(None), str})


def _copy(text: bytes) -> bytes:
    """A copy of `text` in bytes of its own size (orjson's each come from a block of a kilobyte or more of the C heap:
    ~12,000 of them kept took ~24 MB more at 10,000 workloads)."""
    return text[:-1] + text[-1:]


def _kept_by_values(values: tuple) -> bool:
    """Whether a UnitCost's values (its fields in order) are floats, none of them zero, where the API's figures are
    None, and text (its basis): the values `_unit_costs_text` keeps entries by, read without a call per value (most
    UnitCosts; the others are read value by value)."""
    if len(values) != _UNIT_FIELDS:
        return False
    mtok, request, usage_mtok, usage_request, utilization, basis = values
    if float is not type(mtok) or float is not type(request) or str is not type(basis) or not mtok or not request:
        return False
    if usage_mtok is None:
        return usage_request is None is utilization
    return float is type(usage_mtok) is type(usage_request) is type(utilization) and bool(usage_mtok and usage_request and utilization)


_UNIT_FIELDS = len(UnitCost.model_fields)


def _unit_costs_text(
    workloads: Mapping[str, Mapping[str, UnitCost]], keys: Sequence[str], convert: Callable[[Any], Any], rate: float, written: dict[tuple, orjson.Fragment], unkept: set[str],
) -> bytes | memoryview:
    """The workloads' `cost_per_mtok` entries of `keys` as compact JSON without the braces (`DeferredMap.texts`), put in
    as they are by orjson (`Fragment`): each entry (`unit_cost_document`) written once per distinct UnitCost values in
    `written` (1,000 generated workloads: 3,000 entries, ~1,160 distinct: the cloud ones repeat by model and traffic
    shape, the owned-GPU ones by fleet). Values are kept by what they are equal to where that tells their texts apart:
    floats, None and text only (1 == 1.0 == True) and no zero (0.0 == -0.0); a NaN is equal to no other value. Other
    entries are written each time. Where orjson would not write a value as the entries' encoding does (a float
    subclass, an integer past 64 bits), the slice is encoded as `convert` gives it.
    `unkept`: the entry names (`cloud`, `on_prem`, `gpuaas`) whose entries the first slice found all distinct, written
    each time from then on (1,000 generated workloads: 1,000 distinct `gpuaas` entries, their keys ~4 K instructions
    each for nothing); `written` is empty before the first slice."""
    try:
        entries = {}
        first, repeated = not written, set()
        for key in keys:
            entry = entries[key] = {}
            for where, unit in workloads[key].items():
                if where in unkept:  # its values, written by the slice's call (no orjson call of its own)
                    entry[where] = unit_cost_document(unit, rate)
                    continue
                values = tuple(unit.__dict__.values())
                if _kept_by_values(values) or (_UNIT_TYPES.issuperset(map(type, values)) and 0.0 not in values):
                    text = written.get(values)
                    if text is None:
                        text = written[values] = orjson.Fragment(_copy(orjson.dumps(unit_cost_document(unit, rate))))
                    elif first:
                        repeated.add(where)
                else:
                    text = orjson.Fragment(orjson.dumps(unit_cost_document(unit, rate)))
                entry[where] = text
        if first and len(keys) >= ITEMS_PER_SLICE:
            unkept.update({where for key in keys for where in workloads[key]} - repeated)
        return memoryview(orjson.dumps(entries))[1:-1]
    except orjson.JSONEncodeError:
        return memoryview(_compact({key: convert(workloads[key]) for key in keys}))[1:-1]


def evaluation_document(ev: Evaluation, ranges: Any = None, deferred: bool = False) -> dict[str, Any]:
    """The DESIGN.md keys (and a few more), with ISO dates, whole KRW and USD cents.

    Workloads, tasks, phases, hardware, TCO, rate limits and scenarios are their result models as `to_json`
    gives them (every field, in its order, under its JSON name: see planner.domain.results); `key_dates`
    is the schedule's milestone dates (`Schedule.key_dates_json`). `deferred`: workloads, tasks and thresholds
    are `Deferred` lists and the workloads' costs per Mtok a `DeferredMap`, converted as `json_chunks` encodes them.
    """
    ledger = ev.ledger
    shared = Shared()
    workloads = Deferred(ev.workloads, lambda w: _workload(w, ev), texts=lambda results: _workloads_text(results, ev, shared), done=shared.clear)
    tasks = Deferred(ev.schedule.tasks, _task, texts=_tasks_text)
    thresholds = Deferred(ledger.thresholds if ledger else [], _dumped, texts=_dumped_text)
    document = {
        "name": ev.name,
        "start": ev.start.isoformat(),
        "horizon_months": ev.horizon_months,
        "industry": ev.industry,
        "strategy": ev.strategy,
        "situation": ev.situation,
        "workloads": workloads if deferred else list(workloads),
        "hardware": Deferred(ev.sizing.groups, _dumped, texts=_dumped_text) if deferred else [g.model_dump() for g in ev.sizing.groups],
        "pilot_hardware": (DeferredOne(ev.sizing.pilot, _dumped, _dumped_one) if deferred else ev.sizing.pilot.model_dump()) if ev.sizing.pilot else None,
        "gpu_alternatives": Deferred(ev.sizing.alternatives, _dumped, texts=_dumped_text) if deferred else [a.model_dump() for a in ev.sizing.alternatives],
        "tasks": tasks if deferred else list(tasks),
        "critical_path": ev.schedule.critical_path,
        "key_dates": DeferredOne(ev.schedule, _key_dates, _key_dates_text) if deferred else ev.schedule.key_dates_json(),
        "staff_capacity": ev.schedule.capacity,
        "phases": Deferred(ev.phases, _task, texts=_tasks_text) if deferred else [p.model_dump(mode="json") for p in ev.phases],
        "tco": {
            "horizon_months": ev.horizon_months,
            "strategies": DeferredOne(ledger.tco if ledger else {}, _dumped_values, _dumped_values_text) if deferred else _dumped_values(ledger.tco if ledger else {}),
        },
        "break_even_month": ledger.break_even_month if ledger else None,
        "on_prem_break_even_month": ledger.on_prem_break_even_month if ledger else None,
        "like_for_like_break_even_month": ledger.like_for_like_break_even_month if ledger else None,
        "cost_per_mtok": _cost_per_mtok(ev, deferred),
        "api_only_break_even_month": ledger.api_only_break_even_month if ledger else None,
        "cloud_api_only_krw": ledger.cloud_api_only_krw if ledger else None,
        "gpuaas_break_even_month": ledger.gpuaas_break_even_month if ledger else None,
        "thresholds": thresholds if deferred else list(thresholds),
        "cost_of_compliance_krw": sum(w.cost_of_compliance_krw for w in ev.workloads),
        "rate_limits": [to_json(r) for r in ev.rate_limits],
        "scenarios": [to_json(s) for s in ev.scenarios],
        "assumptions": ev.assumptions,
        "catalog_dates": ev.catalog_dates,
        "warnings": ev.warnings,
    }
    if ranges is not None:  # only with --ranges (planner.domain.ranges)
        from planner.export.ranges_export import uncertainty_document

        document["uncertainty"] = uncertainty_document(ranges)
    return document


ITEMS_PER_SLICE = 64
"""List items encoded in one call of the encoder (a program setting: few calls, small strings)."""


def _plain(value: Any) -> Any:
    """What orjson leaves to its `default`: float subclasses (numpy's), numpy integers and arrays."""
    if isinstance(value, float):
        return float(value)
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"not JSON: {type(value).__name__}")


_JSON_MODULE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False, default=_plain).encode


def _compact(value: Any) -> bytes:
    """One value as compact JSON, UTF-8 (orjson: about twice the json module's C encoder on a 10,000-workload document,
    1.5 -> 0.7 s). The text differs from json.dumps only in how very small or large floats are written
    (`0.00003`, not `3e-05`), the same number to any JSON reader. orjson refuses integers past 64 bits, which a
    hostile plan or company catalog can produce (a role at 10^18 FTE): such a slice goes through the json module."""
    try:
        return _dumps(value)
    except orjson.JSONEncodeError:
        return _JSON_MODULE(value).encode()


def _dumps(value: Any) -> bytes:
    """orjson's text of `value`, keys other than text written as text (`OPT_NON_STR_KEYS`): first without the option
    (its keys all text, as in most values: the option's encoder takes ~50% more instructions on 1,030 thresholds),
    then, where that raises (a key of another type, or a value orjson cannot write), with it."""
    try:
        return orjson.dumps(value, default=_plain)
    except orjson.JSONEncodeError:
        return orjson.dumps(value, default=_plain, option=orjson.OPT_NON_STR_KEYS)


class _LazyList(list):
    """A `Deferred` as the indenting encoder reads a list (json's Python encoder: `if not lst`, then `for value in lst`):
    its items converted one at a time as they are encoded, never all at once."""

    def __init__(self, deferred: Deferred) -> None:
        super().__init__()
        self.deferred = deferred

    def __len__(self) -> int:
        return len(self.deferred)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.deferred)


class _LazyDict(dict):
    """A `DeferredMap` as the indenting encoder reads a dict (`if not dct`, then `dct.items()`): its values converted one at a time."""

    def __init__(self, deferred: DeferredMap) -> None:
        super().__init__()
        self.deferred = deferred

    def __len__(self) -> int:
        return len(self.deferred.items)

    def items(self) -> Iterator[tuple[str, Any]]:  # type: ignore[override]
        items, convert = self.deferred.items, self.deferred.convert
        return ((key, convert(value)) for key, value in items.items())


def _whole(value: Any) -> Any:
    """`value` with its deferred parts as the indenting encoder reads them, converted as they are encoded."""
    if isinstance(value, Deferred):
        return _LazyList(value)
    if isinstance(value, DeferredMap):
        return _LazyDict(value)
    if isinstance(value, DeferredOne):
        return value.convert(value.value)
    if isinstance(value, dict) and any(isinstance(v, _DEFERRED) for v in value.values()):
        return {key: _whole(v) for key, v in value.items()}
    return value


_DEFERRED = (Deferred, DeferredMap, DeferredOne)
_INDENTED_PIECES = 4096
"""Pieces of the indenting encoder's text joined into one chunk (a program setting: a few hundred KB a chunk)."""


def _chunks(value: Any, encode: Callable[[Any], bytes]) -> Iterator[bytes | memoryview]:
    """`value` as compact JSON (UTF-8) in pieces: lists longer than a slice and deferred lists and mappings a slice at a
    time, a dict holding deferred values key by key."""
    if isinstance(value, Deferred) and value.texts is not None:  # a slice at a time: the whole list's text never at once
        items, texts = value.items, value.texts
        yield b"["
        for start in range(0, len(items), ITEMS_PER_SLICE):
            if start:
                yield b","
            yield texts(items[start : start + ITEMS_PER_SLICE])
        yield b"]"
        if value.done is not None:
            value.done()
    elif isinstance(value, Deferred) and len(value) <= ITEMS_PER_SLICE:
        yield encode(value.slice(0, len(value)))
    elif isinstance(value, (list, Deferred)) and len(value) > ITEMS_PER_SLICE:
        part = value.slice if isinstance(value, Deferred) else lambda start, stop: value[start:stop]
        yield b"["
        for start in range(0, len(value), ITEMS_PER_SLICE):
            if start:
                yield b","
            yield memoryview(encode(part(start, start + ITEMS_PER_SLICE)))[1:-1]  # without its brackets, not copied
        yield b"]"
    elif isinstance(value, DeferredMap):
        keys = list(value.items)
        yield b"{"
        for start in range(0, len(keys), ITEMS_PER_SLICE):
            if start:
                yield b","
            part = keys[start : start + ITEMS_PER_SLICE]
            yield value.texts(part) if value.texts is not None else memoryview(encode(value.part(part)))[1:-1]
        yield b"}"
    elif isinstance(value, DeferredOne):
        yield value.text(value.value)
    elif isinstance(value, dict) and any(isinstance(v, _DEFERRED) for v in value.values()):
        separator = b"{"
        for key, item in value.items():
            yield separator + encode(key) + b":"
            separator = b","
            yield from _chunks(item, encode)
        yield b"{}" if separator == b"{" else b"}"
    else:
        yield encode(value)


def json_chunks(document: dict[str, Any], indent: int | None = None) -> Iterator[bytes | memoryview]:
    """The document as JSON text (UTF-8) in pieces (bytes, or memoryviews of bytes: a slice of an encoded list without
    its brackets, not copied), ending with a newline: compact unless `indent` is given. Each piece ends where a JSON
    value or separator does, so each is whole UTF-8 text."""
    if indent is not None:  # json.dumps' text, a few thousand pieces at a time (10,000 workloads: ~157 MB of it)
        pieces = json.JSONEncoder(ensure_ascii=False, indent=indent).iterencode(_whole(document))
        while batch := list(islice(pieces, _INDENTED_PIECES)):
            yield "".join(batch).encode()
        yield b"\n"
        return
    yield from _chunks(document, _compact)  # key by key where it holds deferred values, else at once: the same text
    yield b"\n"


def evaluation_json(ev: Evaluation, indent: int | None = None, ranges: Any = None) -> str:
    """`show --json` text: compact, or indented by `indent` spaces; `uncertainty{}` when given the plan's ranges."""
    return b"".join(json_chunks(evaluation_document(ev, ranges, deferred=True), indent)).decode()


def _utf8_bytes(out: TextIO) -> BinaryIO | None:
    """The byte stream under a text stream that writes text as UTF-8 with no newline translation (stdout on Linux
    and macOS), for the JSON to go there as orjson and pydantic-core write it, without decoding and encoding it again
    (10,000 workloads: ~12 MB twice); None for any other stream."""
    binary = getattr(out, "buffer", None)
    encoding = getattr(out, "encoding", None)
    if binary is None or not isinstance(encoding, str) or os.linesep != "\n":
        return None
    try:
        return binary if codecs.lookup(encoding).name == "utf-8" else None
    except LookupError:
        return None


def write_evaluation_json(ev: Evaluation, out: TextIO, indent: int | None = None, ranges: Any = None) -> None:
    """Write `show --json` text to a stream piece by piece (the whole text never held at once)."""
    chunks = json_chunks(evaluation_document(ev, ranges, deferred=True), indent)
    binary = _utf8_bytes(out)
    if binary is None:
        for chunk in chunks:
            out.write(str(chunk, "utf-8"))  # a chunk is bytes or a memoryview of them
        return
    out.flush()  # what the stream holds goes first
    for chunk in chunks:
        binary.write(chunk)


_QUOTE_WRITTEN = as_written(GpuaasQuote)
