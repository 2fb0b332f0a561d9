"""The ``@tool()`` decorator: marks a module-level function as a chat-ts tool."""
import inspect
import json
import re
from typing import Any, Callable, Dict, Optional, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

TOOL_ATTRIBUTE = "__chat_ts_tool__"
_TOOL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,63}$")


class ToolSpec:
    """What ``@tool()`` recorded on a function: an optional name and description, and free metadata."""

    __slots__ = ("name", "description", "metadata")

    def __init__(self, name: str, description: Optional[str], metadata: Dict[str, Any]):
        self.name = name
        self.description = description
        self.metadata = metadata

    def __repr__(self) -> str:
        return "ToolSpec(name=%r, metadata=%r)" % (self.name, self.metadata)


def tool(function: Optional[F] = None, *, name: Optional[str] = None, description: Optional[str] = None,
         **metadata: Any) -> Any:
    """Mark a module-level function as a tool.

    ``name`` defaults to the function name and ``description`` to its docstring; every other keyword
    argument is metadata (converted to camelCase, e.g. ``requires_approval`` -> ``requiresApproval``)
    that reaches the approval strategy but never the model. Works with and without parentheses.

    Raises ``TypeError`` at definition time for a nested function or method, an invalid name, or
    metadata that is not JSON serialisable.
    """

    def mark(target: F) -> F:
        if not inspect.isfunction(target):
            raise TypeError("@tool() decorates functions, not %r" % (target,))
        qualified = getattr(target, "__qualname__", target.__name__)
        if "." in qualified:
            raise TypeError("@tool() supports module-level functions only, not %s" % qualified)
        tool_name = name if name is not None else target.__name__
        if not isinstance(tool_name, str) or not _TOOL_NAME.match(tool_name):
            raise TypeError("@tool() on %s: invalid tool name %r (letters, digits, _ and -, at most 64)"
                            % (qualified, tool_name))
        if description is not None and not isinstance(description, str):
            raise TypeError("@tool() on %s: description must be a string" % qualified)
        try:
            json.dumps(metadata, allow_nan=False)
        except (TypeError, ValueError) as error:
            raise TypeError("@tool() on %s: metadata must be JSON serialisable (%s)" % (qualified, error))
        setattr(target, TOOL_ATTRIBUTE, ToolSpec(tool_name, description, dict(metadata)))
        return target

    if function is not None:
        return mark(function)
    return mark
