"""Run Playwright work on a thread of its own.

The browser tests share one session-scoped sync Playwright, whose event loop stays running on the
main thread for the rest of the pytest session. `asyncio.run` and a second `sync_playwright()` both
refuse to start inside a running loop, so the benchmark's own Playwright work runs on a fresh
thread, which has no loop until it makes one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def in_own_thread(fn: Callable[..., T], *args, **kwargs) -> T:
    """Call `fn(*args, **kwargs)` on a new thread, wait for it, and return its result or re-raise its error."""
    out: dict = {}

    def target() -> None:
        try:
            out["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # re-raised on the caller's thread
            out["error"] = exc

    t = threading.Thread(target=target, name=f"isolated-{getattr(fn, '__name__', 'call')}", daemon=True)
    t.start()
    t.join()
    if "error" in out:
        raise out["error"]
    return out["value"]
