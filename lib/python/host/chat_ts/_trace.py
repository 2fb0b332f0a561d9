"""The W3C trace context of the running tool call, as chat-ts sent it."""
import contextvars
from typing import Dict, Mapping, Optional

CURRENT_TRACE: "contextvars.ContextVar[Optional[Mapping[str, str]]]" = contextvars.ContextVar("chat_ts_trace",
                                                                                            default=None)


def trace_context() -> Dict[str, str]:
    """The ``traceparent`` (and ``tracestate``) headers of the chat-ts span running this tool call.

    Empty outside a call, or when the chat records no trace (no ``openTelemetry()`` observer, no
    active span). Send them with the tool's own HTTP calls so those join the trace::

        from chat_ts import tool, trace_context

        @tool()
        def fetch_order(order_id: str) -> dict:
            \"\"\"Fetch an order.\"\"\"
            return requests.get(URL + order_id, headers=trace_context()).json()

    With OpenTelemetry for Python: ``context.attach(propagate.extract(trace_context()))``.
    """
    current = CURRENT_TRACE.get()
    return dict(current) if current else {}


def trace_from(message: Mapping[str, object]) -> Optional[Dict[str, str]]:
    """The ``trace`` of a ``call`` message: string headers only, ``None`` without one."""
    raw = message.get("trace")
    if not isinstance(raw, dict):
        return None
    headers = {key: value for key, value in raw.items()
               if key in ("traceparent", "tracestate") and isinstance(value, str)}
    return headers if "traceparent" in headers else None
