"""Compiled regular expressions kept between processes (issue #16).

A process compiles a pattern's text to its matcher's code in Python (`re._parser`, `re._compiler`) the first time it
uses it: the ~22 patterns a headless command compiles, at import and on its way (json's, tomli's, argparse's, gettext's,
fractions', dataclasses', plan_io's), are ~17 M instructions of a ~290 M `show --json` process.

`load()` (when `planner.cli` is imported, before what it imports compiles any) reads the kept patterns' index and makes
`re`'s own cache (`re._cache`; from Python 3.12 `re._cache2`, `_LOOKED_UP`) a `_KeptCache`: when `re` looks a pattern
up there and it is not there, the cache makes it from its kept code, if it is kept (`_sre.compile`, as
`re._compiler.compile` makes it), so `re.compile` and the others find it there. Only the patterns a process uses are made: the file keeps the patterns of every command,
and some change with the hash seed (`show --ranges` imports numpy.ma, whose `inspect.signature` tokenizes, and
tokenize's pattern lists the string prefixes in a set's order: one more kept at each such process), so it grows to
hundreds of KB (~600 KB, ~130 patterns, on this machine); reading, checking and making all of them at every start
cost ~27 M instructions of a ~285 M `show --json` process of one workload, which uses ~28 of them.
`keep()` (as a headless command's process ends) adds the patterns the process compiled that were not kept yet, each
kept only when what its code makes is equal to what `re` made (a Pattern's `==` compares its text, flags and code);
the patterns no process used lately go first (the ones this process used are written after the others).

The file is marshal data (reading it runs no code): the Python it was written by (`sys.version`, `_sre.MAGIC`), then
each pattern's text and flags (`re`'s cache key) with its entry as marshal data and a digest of that entry. It is
read only when it is the user's own and private, and used only by that Python; an entry is made only when its digest
and its text and flags are right. Anything else is a miss: the pattern is compiled as usual, and kept anew."""

from __future__ import annotations

import marshal
import os
import re
import sys
from _sre import compile as _make

from planner.store.cachedir import cache_dir, own_and_private

try:
    from _blake2 import blake2b as _blake2b
except ImportError:  # a Python built without it
    from hashlib import blake2b as _blake2b

KEPT_PATTERNS = 256
"""Most patterns kept (the ones kept longest ago go first; `re` caches 512)."""

_kept: dict = {}
"""The kept entries this process read, by `re`'s cache key: (digest, entry as marshal data), as read (`_made` checks
an entry when `re` first looks its pattern up)."""

_read = False
"""Whether `load` has read the file (once a process)."""


def _file():
    folder = cache_dir()
    return folder / f"patterns-index-{sys.implementation.cache_tag}.marshal" if folder is not None else None


def _stamp() -> tuple:
    import _sre

    return (sys.version, _sre.MAGIC, _sre.CODESIZE)


def _digest(data: bytes) -> bytes:
    return _blake2b(data, digest_size=32).digest()


def load() -> None:
    """Make `re`'s cache a `_KeptCache` of the kept patterns (none when the file is missing, foreign, damaged or
    another Python's); once a process."""
    global _read
    if _read:
        return
    _read = True
    file = _file()
    if file is None:
        return
    try:
        with open(file, "rb") as kept:
            if not own_and_private(os.fstat(kept.fileno())):
                return
            data = kept.read()
        stamp, index = marshal.loads(data)
        if stamp != _stamp():
            return
        name, limit = _LOOKED_UP
        cache = getattr(re, name)
        if type(cache) is not dict:  # not `re`'s own dict (another tool's, or a `_KeptCache` already)
            return
        entries = {}
        for pattern, flags, digest, entry in index:
            if type(pattern) in (str, bytes) and type(flags) is int and type(digest) is bytes and type(entry) is bytes:
                entries[(type(pattern), pattern, flags)] = (digest, entry)
        _kept.update(entries)
        setattr(re, name, _KeptCache(cache, getattr(re, limit)))
    except Exception:  # a miss: the patterns are compiled as usual
        return


_LOOKED_UP = ("_cache2", "_MAXCACHE2") if hasattr(re, "_cache2") else ("_cache", "_MAXCACHE")
"""The cache `re._compile` looks a pattern up in with `[]` (which asks `__missing__`), and its size: `_cache` up to
Python 3.11; from 3.12 `_cache2`, looked up first (`_cache` is then asked with `pop`, which does not ask it)."""


class _KeptCache(dict):
    """`re`'s cache (`_LOOKED_UP`, a dict of patterns by (type, text, flags)) that, when `re` looks up a pattern it does
    not hold, makes it from its kept entry (`_made`) and holds it from then on, as `re` would have after compiling it
    (the oldest goes first past `limit`, its size in `re`, as `re` does); not kept (or damaged): a KeyError, and `re`
    compiles it."""

    __slots__ = ("limit",)

    def __init__(self, cache: dict, limit: int) -> None:
        super().__init__(cache)
        self.limit = limit

    def __missing__(self, key):
        made = _made(key) if key in _kept else None
        if made is None:
            raise KeyError(key)
        if len(self) >= self.limit:
            try:
                del self[next(iter(self))]
            except (StopIteration, RuntimeError, KeyError):
                pass
        self[key] = made
        return made


def _made(key: tuple):
    """The pattern of `re`'s cache key `key` made from its kept entry, or None when that entry is not what it says (its
    digest, text or flags differ, or `_sre` refuses its code): the entry is then forgotten (the pattern is compiled
    as usual, and kept anew)."""
    try:
        digest, data = _kept[key]
        if _digest(data) != digest:
            raise ValueError("damaged")
        entry = marshal.loads(data)
        if (type(entry[0]), entry[0], entry[1]) != key:
            raise ValueError("another pattern's")
        return _make(entry[0], *entry[2:])
    except Exception:
        _kept.pop(key, None)
        return None


def keep() -> None:
    """Keep the patterns in `re`'s cache that were not kept yet (written whole, then renamed over); nothing when
    none is new or the file cannot be written."""
    try:
        cache = re._cache  # type: ignore[attr-defined]
        new = [key for key in list(cache) if key not in _kept and type(key[1]) in (str, bytes) and type(key[2]) is int]
        if not new:
            return
        file = _file()
        if file is None:
            return
        import warnings
        from re import _compiler, _parser  # type: ignore[attr-defined]

        looked_up = getattr(re, _LOOKED_UP[0])
        held = [key for key in _kept if dict.__contains__(looked_up, key)]  # made (used) in this process: kept longest
        entries = [(key[1], key[2], *_kept[key]) for key in _kept if not dict.__contains__(looked_up, key)]
        entries += [(key[1], key[2], *_kept[key]) for key in held]
        with warnings.catch_warnings():  # a pattern's warnings were given when it was compiled
            warnings.simplefilter("ignore")
            for key in new:
                _kind, pattern, flags = key
                parsed = _parser.parse(pattern, flags)  # as `_compiler.compile` makes what it gives `_sre.compile`
                code = [int(word) for word in _compiler._code(parsed, flags)]  # some are named ints, which marshal does not write
                names = dict(parsed.state.groupdict)
                indexgroup = [None] * parsed.state.groups
                for name, index in names.items():
                    indexgroup[index] = name
                entry = (pattern, flags, flags | parsed.state.flags, code, parsed.state.groups - 1, names, tuple(indexgroup))
                if _make(pattern, *entry[2:]) == cache.get(key):
                    data = marshal.dumps(entry)
                    entries.append((pattern, flags, _digest(data), data))
        data = marshal.dumps((_stamp(), entries[-KEPT_PATTERNS:]))
        import tempfile

        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".patterns.", dir=file.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temp, file)
        except BaseException:
            os.unlink(temp)
            raise
    except Exception:  # nothing kept: the next process compiles them as usual
        return
