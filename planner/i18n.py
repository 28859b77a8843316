"""The display language: which one (--lang, PLANNER_LANG, the locale), and gettext lookups in it.

Two gettext domains ship in planner/locale/<lang>/LC_MESSAGES/: `ui` (the app, CLI help and framework
messages) and `reports` (domain messages, command output, reports); one translator reads both.
Only what is shown is translated: saved plans, `[summary]` and JSON never go through here.

    _("Workloads")                                    # a label
    _("{path}: {count} workloads", path=p, count=n)   # named parameters, str.format after lookup
    ngettext("{n} workload", "{n} workloads", n)      # plural forms; n is a parameter too
    translate(message)                                # a planner.domain.messages.Message

`PLANNER_LANG=qps` is a pseudo-locale for tests: every string the Korean catalogs translate comes back with
its letters accented (same width), so English left on screen is a string Korean would show in English too
(it never went through gettext, or its msgid is not in the catalogs).
"""

from __future__ import annotations

import gettext
import string
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Mapping

from planner.domain.messages import Message, Part, Won

LANGUAGES = ("en", "ko")
PSEUDO = "qps"
DOMAINS = ("ui", "reports")
LOCALE_DIR = Path(__file__).parent / "locale"

_current = "en"


def _language_of(value: str) -> str | None:
    """'ko_KR.UTF-8' -> 'ko'; a language planner has (or the pseudo-locale), else None."""
    code = value.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES or code == PSEUDO else None


def resolve_language(cli_lang: str | None, environ: Mapping[str, str]) -> str:
    """The display language: --lang, else PLANNER_LANG, else the locale as gettext reads it, else English.

    The locale: the first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is set (LANGUAGE may list several,
    'fr:ko'); its first entry that planner has wins. 'C'/'POSIX' end the list, as in gettext.
    """
    for value in (cli_lang, environ.get("PLANNER_LANG")):
        if value and _language_of(value):
            return _language_of(value)
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable)
        if not value:
            continue
        for entry in value.split(":"):
            if entry in ("C", "POSIX") or entry.startswith(("C.", "POSIX.")):
                return "en"
            found = _language_of(entry)
            if found and found != PSEUDO:
                return found
        return "en"
    return "en"


class _Pseudo(gettext.NullTranslations):
    """What Korean would show, made readable: a string the Korean catalogs translate comes back accented letter
    for letter ({parameters} and [markup] untouched); one they do not (never extracted: built in an f-string,
    looked up from a variable, a domain text that is a plain str) comes back as the English it would show."""

    def __init__(self) -> None:
        super().__init__()
        known: set = set()
        for domain in DOMAINS:
            known.update(gettext.translation(domain, LOCALE_DIR, languages=["ko"])._catalog)  # type: ignore[attr-defined]
        self.known = known

    def gettext(self, message: str) -> str:
        return pseudo(message) if message in self.known else message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        chosen = msgid1 if n == 1 else msgid2
        return pseudo(chosen) if (msgid1, 0) in self.known else chosen


_ACCENTED = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    "ÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽáƀçðéƒĝĥîĵķļṁñöþǫŕšţûṽŵẋýž",
)


def pseudo(text: str) -> str:
    """`text` with every letter outside {parameters} and [markup] accented (one cell each, like the original)."""
    out, depth, closing = [], 0, {"{": "}", "[": "]"}
    opener = None
    for char in text:
        if depth == 0 and char in closing:
            opener, depth = char, 1
            out.append(char)
        elif depth and char == opener:
            depth += 1
            out.append(char)
        elif depth and char == closing[opener]:
            depth -= 1
            out.append(char)
        else:
            out.append(char if depth else char.translate(_ACCENTED))
    return "".join(out)


@lru_cache(maxsize=None)
def translator(lang: str) -> gettext.NullTranslations:
    """The translations for `lang`: the ui catalog falling back to the reports catalog, then to English."""
    if lang == PSEUDO:
        return _Pseudo()
    if lang not in LANGUAGES or lang == "en":
        return gettext.NullTranslations()
    first, *rest = (gettext.translation(domain, LOCALE_DIR, languages=[lang]) for domain in DOMAINS)
    for other in rest:
        first.add_fallback(other)
    return first


def set_language(lang: str) -> None:
    """Show everything from now on in `lang` ('en', 'ko', or the pseudo-locale 'qps')."""
    global _current
    if lang not in LANGUAGES and lang != PSEUDO:
        raise ValueError(f"unknown language {lang!r}; choose one of: {', '.join(LANGUAGES)}")
    _current = lang


def get_language() -> str:
    return _current


def _(msgid: str, /, **params: Any) -> str:
    """`msgid` in the current language, then `.format(**params)` when there are parameters."""
    text = msgid if _current == "en" else _lookup(_current, msgid)
    return text.format(**params) if params else text


def ngettext(singular: str, plural: str, n: int, /, **params: Any) -> str:
    """The plural form for `n` in the current language, formatted with `n` and `params`."""
    return translator(_current).ngettext(singular, plural, n).format(n=n, **params)


_LOOKED_UP: dict[str, dict[str, str]] = {}
"""Per language, each msgid's translation as gettext gave it (the catalogs never change while planner runs):
`planner show` of 10,000 workloads looks up ~800,000 messages, most of them the same few hundred."""


def _lookup(lang: str, msgid: str) -> str:
    """`translator(lang).gettext(msgid)`, remembered."""
    known = _LOOKED_UP.get(lang)
    if known is None:
        known = _LOOKED_UP[lang] = {}
    text = known.get(msgid)
    if text is None:
        text = known[msgid] = translator(lang).gettext(msgid)
    return text


def translate(message: Any) -> str:
    """A domain Message in the current language (its Message parameters translated too); other values as str."""
    if not isinstance(message, Message):
        if isinstance(message, Part):  # a message's parameter, shown alone
            return str(message) if _current == "en" else _rendered(message, _current)
        return message if isinstance(message, str) else str(message)
    if _current == "en":
        # English translates every template to itself and keeps amounts in whole won (`_money`), so the
        # rendering is the text the Message was made with (messages.Message: template.format(**params))
        return str.__str__(message)
    return _rendered(message, _current)


_once: tuple[str, dict[int, tuple[Message, str]]] | None = None
"""Inside `rendering_once`: the language and each Message object rendered so far (kept alive, so ids stay theirs)."""


@contextmanager
def rendering_once() -> Iterator[None]:
    """Within the block, a Message object shown more than once is rendered once: the domain shares one
    Message among many results (at 10,000 workloads ~30,000 levelling notes are a few thousand objects).
    For a whole output (`planner show`), not for a screen that lives on while the plan changes."""
    global _once
    if _once is not None:
        yield
        return
    _once = (_current, {})
    try:
        yield
    finally:
        _once = None


def _rendered(message: Message | Part, lang: str) -> str:
    """`translate` in a language other than English: the template looked up, its Message (and Part) parameters rendered too."""
    once = _once
    if once is not None and once[0] == lang:
        seen = once[1].get(id(message))
        if seen is not None:
            return seen[1]
    params = message.params
    if params:
        params = {key: _rendered(value, lang) if isinstance(value, (Message, Part)) else value for key, value in params.items()}
    if message.plural is not None:
        text = translator(lang).ngettext(message.template, message.plural, message.n)
        text = text.format(n=message.n, **_money(params, text != (message.template if message.n == 1 else message.plural)))
    else:
        text = _lookup(lang, message.template)
        text = text.format(**_money(params, text != message.template))
    if once is not None and once[0] == lang:
        once[1][id(message)] = (message, text)
    return text


def _money(params: dict[str, Any], translated: bool) -> dict[str, Any]:
    """Amounts of won (messages.Won) in a translated message in the planner's Korean money style (1.1억원, 582만원),
    with the digits it takes to tell two of them apart; English (and a message without a translation) keeps whole won."""
    if not translated:
        return params
    wons = [key for key, value in params.items() if isinstance(value, Won)]
    if not wons:
        return params
    from planner.domain.money import krw, krw_apart

    shown = {key: krw(params[key]) for key in wons}
    if len(wons) == 2:
        shown[wons[0]], shown[wons[1]] = krw_apart(params[wons[0]], params[wons[1]])
    return params | shown


def catalog_text(text: str) -> str:
    """A catalog entry's display text (an industry's or a workload kind's name) in the current language where
    the shipped catalogs' translation has it (Babel extracts them into reports.po, braces doubled); a company
    catalog's own text stays as written."""
    if not text:
        return text
    found = translator(_current).gettext(text.replace("{", "{{").replace("}", "}}"))
    return found.replace("{{", "{").replace("}}", "}")


def placeholders(text: str) -> set[str]:
    """The {named} parameters of a template (for checking that a translation keeps them)."""
    return {field.split(".")[0].split("[")[0] for _lit, field, _spec, _conv in string.Formatter().parse(text) if field}


def N_(msgid: str) -> str:
    """Mark a string for extraction without translating it now (class-level labels translated when shown)."""
    return msgid
