"""Compiled regular expressions kept between processes (issue #16).

A process compiles a pattern's text to its matcher's code in Python (`re._parser`, `re._compiler`) the first time it
uses it: the ~22 patterns a headless command compiles, at import and on its way (json's, tomli's, argparse's, gettext's,
fractions', dataclasses', plan_io's), are ~17 M instructions of a ~290 M `show --json` process.

`load()` (when `planner.cli` is imported, before what it imports compiles any) puts the patterns an earlier process kept in `re`'s own cache, each made by
`_sre.compile` from its kept code (as `re._compiler.compile` makes it), so `re.compile` and the others find them there.
`keep()` (as a headless command's process ends) adds the patterns the process compiled that were not kept yet, each
kept only when what its code makes is equal to what `re` made (a Pattern's `==` compares its text, flags and code).

The file is marshal data (reading it runs no code), with a digest of it; it is read only when it is the user's own and
private, and used only by the Python it was written by (`sys.version`, `_sre.MAGIC`). Anything else is a miss: the
patterns are compiled as usual, and kept anew."""

from __future__ import annotations

import marshal
import os
import sys

from planner.store.cachedir import cache_dir, own_and_private

KEPT_PATTERNS = 256
"""Most patterns kept (the ones kept longest ago go first; `re` caches 512)."""

_kept: dict = {}
"""The kept entries this process read, by `re`'s cache key."""

_read = False
"""Whether `load` has read the file (once a process)."""


def _file():
    folder = cache_dir()
    return folder / f"patterns-{sys.implementation.cache_tag}.marshal" if folder is not None else None


def _stamp() -> tuple:
    import _sre

    return (sys.version, _sre.MAGIC, _sre.CODESIZE)


def _digest(data: bytes) -> bytes:
    try:
        from _blake2 import blake2b
    except ImportError:  # a Python built without it
        from hashlib import blake2b

    return blake2b(data, digest_size=32).digest()


def load() -> None:
    """Put the kept patterns in `re`'s cache (none when the file is missing, foreign, damaged or another Python's);
    once a process."""
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
        if _digest(data[32:]) != data[:32]:
            return
        stamp, entries = marshal.loads(data[32:])
        if stamp != _stamp():
            return
        import re
        from _sre import compile as make

        cache = re._cache  # type: ignore[attr-defined]
        for entry in entries:
            pattern, flags = entry[0], entry[1]
            key = (type(pattern), pattern, flags)
            if key not in cache:
                cache[key] = make(pattern, *entry[2:])
            _kept[key] = entry
    except Exception:  # a miss: the patterns are compiled as usual
        return


def keep() -> None:
    """Keep the patterns in `re`'s cache that were not kept yet (written whole, then renamed over); nothing when
    none is new or the file cannot be written."""
    try:
        import re

        cache = re._cache  # type: ignore[attr-defined]
        new = [key for key in list(cache) if key not in _kept and type(key[1]) in (str, bytes) and type(key[2]) is int]
        if not new:
            return
        file = _file()
        if file is None:
            return
        import warnings
        from re import _compiler, _parser  # type: ignore[attr-defined]
        from _sre import compile as make

        entries = list(_kept.values())
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
                if make(pattern, *entry[2:]) == cache.get(key):
                    entries.append(entry)
        data = marshal.dumps((_stamp(), entries[-KEPT_PATTERNS:]))
        import tempfile

        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".patterns.", dir=file.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(_digest(data) + data)
            os.replace(temp, file)
        except BaseException:
            os.unlink(temp)
            raise
    except Exception:  # nothing kept: the next process compiles them as usual
        return
