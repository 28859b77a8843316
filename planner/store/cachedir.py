"""The user's cache directory, where planner keeps what a process made once for the next ones (the shipped and company
catalogs: store/catalogs; compiled patterns: store/patterns), and what a kept file must be to be read."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path | None:
    """$XDG_CACHE_HOME/planner (else ~/.cache/planner); None without a home. A relative $XDG_CACHE_HOME is ignored, as
    the XDG base directory specification says (it would put the cache in whatever folder planner runs in)."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):
            return None
    return Path(base) / "planner"


def own_and_private(status: os.stat_result) -> bool:
    """Whether a kept file is the user's own and only the user can write it. A pickle is code as much as data: a file
    another account owns, or could have written, is not read (only a cache miss: what it keeps is made anew)."""
    getuid = getattr(os, "getuid", None)  # POSIX; elsewhere the folder's own permissions are all there is
    return getuid is None or (status.st_uid == getuid() and not status.st_mode & 0o022)
