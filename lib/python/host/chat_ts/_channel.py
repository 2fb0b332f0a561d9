"""The protocol channel (newline-delimited JSON) and the capture of ``print()`` output.

At start the host keeps private duplicates of fd 0 and fd 1 for the protocol, points fd 0 at the null
device and fd 1 at stderr, and replaces ``sys.stdout``/``sys.stderr`` with streams that send each line
as an ``output`` message tagged with the running call. Nothing a tool writes can reach the protocol.
"""
import contextvars
import io
import json
import os
import sys
import threading
from typing import Any, BinaryIO, Dict, Optional

CURRENT_CALL: "contextvars.ContextVar[Optional[str]]" = contextvars.ContextVar("chat_ts_call", default=None)
_MAX_PENDING = 65536


class Channel:
    """Writes protocol messages (thread-safe); reads requests line by line."""

    def __init__(self, reader: BinaryIO, writer: BinaryIO):
        self.reader = reader
        self._writer = writer
        self._lock = threading.Lock()

    @classmethod
    def take_over_stdio(cls) -> "Channel":
        reader = os.fdopen(os.dup(0), "rb")
        writer = os.fdopen(os.dup(1), "wb")
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        os.dup2(2, 1)
        return cls(reader, writer)

    def send_raw(self, line: str) -> None:
        data = (line + "\n").encode("ascii")
        with self._lock:
            try:
                self._writer.write(data)
                self._writer.flush()
            except (BrokenPipeError, OSError, ValueError):
                os._exit(0)  # chat-ts is gone: nobody can receive results any more

    def send(self, message: Dict[str, Any]) -> None:
        self.send_raw(json.dumps(message, ensure_ascii=True))


class CaptureStream(io.TextIOBase):
    """A text stream that turns each written line into an ``output`` message for the current call."""

    def __init__(self, stream: str, channel: Channel):
        super().__init__()
        self._stream = stream
        self._channel = channel
        self._pending: Dict[Optional[str], str] = {}
        self._lock = threading.Lock()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError("write() argument must be str, not %s" % type(text).__name__)
        call = CURRENT_CALL.get()
        with self._lock:
            pending = self._pending.pop(call, "") + text
            *lines, rest = pending.split("\n")
            if len(rest) > _MAX_PENDING:
                lines.append(rest)
                rest = ""
            if rest:
                self._pending[call] = rest
        for line in lines:
            self._emit(call, line)
        return len(text)

    def flush_call(self, call: Optional[str]) -> None:
        with self._lock:
            rest = self._pending.pop(call, "")
        if rest:
            self._emit(call, rest)

    def _emit(self, call: Optional[str], line: str) -> None:
        self._channel.send({"type": "output", "id": call, "stream": self._stream, "text": line})


def capture_output(channel: Channel) -> Dict[str, CaptureStream]:
    streams = {"stdout": CaptureStream("stdout", channel), "stderr": CaptureStream("stderr", channel)}
    sys.stdout = streams["stdout"]
    sys.stderr = streams["stderr"]
    sys.stdin = io.StringIO("")
    return streams
