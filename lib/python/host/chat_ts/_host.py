"""The host loop: discovery, then calls (sync in a thread pool, ``async def`` on an event loop)."""
import asyncio
import json
import os
import platform
import signal
import sys
import threading
import traceback
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Dict, List, Optional

from ._channel import CURRENT_CALL, CaptureStream, Channel, capture_output
from ._convert import convert_arguments
from ._discovery import ToolEntry, discover
from ._trace import CURRENT_TRACE, trace_from

PROTOCOL_VERSION = 1
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def _error_payload(error: BaseException) -> Dict[str, Any]:
    tb = error.__traceback__
    while tb is not None and os.path.dirname(os.path.abspath(tb.tb_frame.f_code.co_filename)) == _PACKAGE_DIR:
        tb = tb.tb_next
    kind = type(error)
    return {"type": kind.__name__, "module": kind.__module__, "message": str(error),
            "traceback": "".join(traceback.format_exception(kind, error, tb))}


class Runner:
    """Runs calls concurrently and sends one ``result`` per call that was not cancelled."""

    def __init__(self, tools: Dict[str, ToolEntry], channel: Channel, streams: Dict[str, CaptureStream],
                 max_workers: Optional[int]):
        self._tools = tools
        self._channel = channel
        self._streams = streams
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="chat-ts-tool")
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._running: Dict[str, "Future[Any]"] = {}
        self._lock = threading.Lock()

    def _event_loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            threading.Thread(target=self._loop.run_forever, name="chat-ts-async", daemon=True).start()
        return self._loop

    def call(self, call_id: str, tool_name: str, arguments: Dict[str, Any],
             trace: Optional[Dict[str, str]] = None) -> None:
        entry = self._tools.get(tool_name)
        if entry is None:
            self._fail(call_id, LookupError("unknown tool %r" % tool_name))
            return
        if entry.is_async:
            future = asyncio.run_coroutine_threadsafe(self._run_async(call_id, entry, arguments, trace),
                                                      self._event_loop())
        else:
            future = self._pool.submit(self._run_sync, call_id, entry, arguments, trace)
        with self._lock:
            self._running[call_id] = future
        future.add_done_callback(lambda _: self._forget(call_id))

    def cancel(self, call_id: str) -> None:
        with self._lock:
            future = self._running.get(call_id)
        if future is not None:
            future.cancel()  # a sync call already running cannot be stopped; its result is then ignored

    def _forget(self, call_id: str) -> None:
        with self._lock:
            self._running.pop(call_id, None)

    def _run_sync(self, call_id: str, entry: ToolEntry, arguments: Dict[str, Any],
                  trace: Optional[Dict[str, str]]) -> None:
        token = CURRENT_CALL.set(call_id)
        trace_token = CURRENT_TRACE.set(trace)
        try:
            value = entry.call(convert_arguments(arguments, entry.hints))
        except BaseException as error:  # SystemExit and KeyboardInterrupt in a tool are tool errors too
            self._flush(call_id)
            self._fail(call_id, error)
        else:
            self._flush(call_id)
            self._succeed(call_id, entry, value)
        finally:
            CURRENT_TRACE.reset(trace_token)
            CURRENT_CALL.reset(token)

    async def _run_async(self, call_id: str, entry: ToolEntry, arguments: Dict[str, Any],
                         trace: Optional[Dict[str, str]]) -> None:
        CURRENT_CALL.set(call_id)  # each coroutine runs in its own copy of the context
        CURRENT_TRACE.set(trace)
        try:
            value = await entry.call(convert_arguments(arguments, entry.hints))
        except asyncio.CancelledError:
            self._flush(call_id)
            raise
        except BaseException as error:
            self._flush(call_id)
            self._fail(call_id, error)
        else:
            self._flush(call_id)
            self._succeed(call_id, entry, value)

    def _flush(self, call_id: str) -> None:
        for stream in self._streams.values():
            stream.flush_call(call_id)

    def _succeed(self, call_id: str, entry: ToolEntry, value: Any) -> None:
        try:
            encoded = json.dumps(value, ensure_ascii=True, allow_nan=False)
        except (TypeError, ValueError, RecursionError) as error:
            problem = TypeError("the return value of %s is not JSON serialisable: %s" % (entry.name, error))
            self._fail(call_id, problem)
            return
        self._channel.send_raw('{"type": "result", "id": %s, "ok": true, "value": %s}' % (json.dumps(call_id), encoded))

    def _fail(self, call_id: str, error: BaseException) -> None:
        self._channel.send({"type": "result", "id": call_id, "ok": False, "error": _error_payload(error)})


def _serve(channel: Channel, runner: Runner) -> None:
    for raw in channel.reader:
        if not raw.strip():
            continue
        try:
            message = json.loads(raw.decode("utf-8"))
            kind = message.get("type")
            if kind == "call":
                runner.call(str(message["id"]), str(message["tool"]), dict(message.get("arguments") or {}),
                            trace_from(message))
            elif kind == "cancel":
                runner.cancel(str(message["id"]))
            elif kind == "shutdown":
                break
            else:
                raise ValueError("unknown message type %r" % (kind,))
        except Exception as error:  # a bad request must not stop the host
            channel.send({"type": "protocol-error", "message": "%s: %s" % (type(error).__name__, error)})


def run(argv: List[str]) -> None:
    """Serve tools until the protocol input closes or a ``shutdown`` message arrives."""
    config = json.loads(argv[0]) if argv else {}
    sys.dont_write_bytecode = True
    if hasattr(signal, "SIGINT"):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the Node process, which then closes our stdin
    channel = Channel.take_over_stdio()
    streams = capture_output(channel)
    try:
        tools, problems = discover(list(config.get("directories", [])), bool(config.get("recursive", False)))
        for stream in streams.values():
            stream.flush_call(None)
        channel.send({"type": "ready", "protocol": PROTOCOL_VERSION, "python": platform.python_version(),
                      "executable": sys.executable, "pid": os.getpid(),
                      "tools": [entry.describe() for entry in tools.values()], "problems": problems})
        runner = Runner(tools, channel, streams, config.get("maxWorkers"))
        _serve(channel, runner)
    except BaseException:  # a host bug: report it on the real stderr, which chat-ts keeps for its error
        os.write(2, traceback.format_exc().encode("utf-8", "replace"))
        os._exit(70)
    for stream in streams.values():
        stream.flush_call(None)
    os._exit(0)  # do not wait for tool threads that may never return
