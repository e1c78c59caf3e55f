"""A headless Streamlit client: opens a session over Streamlit's own websocket (/_stcore/stream) and
runs pages with BackMsg/ForwardMsg protobufs exactly as a browser does, but draws nothing. The load
test (bench/load.py) and the replica tests drive servers with it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

import websocket
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

FINISHED = ForwardMsg.ScriptFinishedStatus
# Staffing Lens's pages: URL path → label; "" is the default page (Overview)
PAGES = {"": "Overview", "costs": "Costs", "break_even": "Break-even", "utilization": "Utilization",
         "duration": "Duration", "plan": "Plan", "data": "Data"}
# Element fields whose text a person reads (see PageRun.texts)
_TEXT_FIELDS = {"markdown": "body", "heading": "body", "alert": "body", "text": "body"}


class ClientError(Exception):
    """The server closed the session or did not answer in time."""


@dataclass
class PageRun:
    """One page run as the server sent it: how long until script_finished, what it drew, what failed."""

    page: str
    query: str
    seconds: float
    bytes: int
    elements: int
    texts: list[str] = field(default_factory=list)
    metrics: dict[str, str] = field(default_factory=dict)
    exceptions: list[str] = field(default_factory=list)
    page_not_found: bool = False

    @property
    def error(self) -> str | None:
        """Why this run counts as an error, or None."""
        if self.page_not_found:
            return f"page {self.page!r} not found"
        if self.exceptions:
            return self.exceptions[0]
        return None


class Session:
    """One Streamlit session on `base_url` (http://host:port), like one browser tab."""

    def __init__(self, base_url: str, timeout: float = 300.0):
        u = urlparse(base_url)
        self.ws_url = f"ws://{u.netloc}{u.path.rstrip('/')}/_stcore/stream"
        self.timeout = timeout
        self.ws = websocket.create_connection(
            self.ws_url, subprotocols=["streamlit"], timeout=timeout, enable_multithread=False,
        )

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:  # noqa: BLE001 - closing a dead socket is not an error worth reporting
            pass

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def run(self, page: str = "", query: str = "") -> PageRun:
        """Run `page` (its URL path, "" for the default page) with `query` (e.g. "worker_type=contractor")
        and read every message until the run finishes (reruns the app asks for are followed)."""
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_name = page
        msg.rerun_script.page_script_hash = ""
        t0 = time.perf_counter()
        self.ws.send_binary(msg.SerializeToString())
        run = PageRun(page, query, 0.0, 0, 0)
        deadline = t0 + self.timeout
        while True:
            if time.perf_counter() > deadline:
                raise ClientError(f"{page or 'default page'}: no end of run within {self.timeout:.0f} s")
            try:
                data = self.ws.recv()
            except (websocket.WebSocketException, OSError) as exc:
                raise ClientError(f"{page or 'default page'}: the connection ended ({exc})") from exc
            if not isinstance(data, bytes):
                continue
            run.bytes += len(data)
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "delta":
                self._read_delta(fwd.delta, run)
            elif kind == "page_not_found":
                run.page_not_found = True
            elif kind == "script_finished":
                if fwd.script_finished == FINISHED.FINISHED_EARLY_FOR_RERUN:
                    # the app reran itself (e.g. a deep link routed through app.py): what it drew is replaced
                    run.texts.clear()
                    run.metrics.clear()
                    run.exceptions.clear()
                    continue
                if fwd.script_finished == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                    run.exceptions.append("compile error")
                run.seconds = time.perf_counter() - t0
                return run

    @staticmethod
    def _read_delta(delta, run: PageRun) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        el = delta.new_element
        run.elements += 1
        kind = el.WhichOneof("type")
        if kind == "exception":
            run.exceptions.append(f"{el.exception.type}: {el.exception.message}")
        elif kind == "metric":
            run.metrics[el.metric.label] = el.metric.body
        elif kind in _TEXT_FIELDS:
            run.texts.append(getattr(getattr(el, kind), _TEXT_FIELDS[kind]))
