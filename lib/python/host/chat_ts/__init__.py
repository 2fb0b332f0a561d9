"""chat-ts for Python: mark functions with ``@tool()`` so chat-ts can offer them to a model.

Example::

    from chat_ts import tool

    @tool(requires_approval=True)
    def delete_file(path: str) -> bool:
        \"\"\"Delete a file.

        Args:
            path: Absolute path of the file.
        \"\"\"

Decorated functions stay plain Python functions: they can be called and tested directly.
``trace_context()`` gives a running tool the W3C trace headers of its chat-ts span.
"""
from ._trace import trace_context
from .decorator import ToolSpec, tool

__all__ = ["tool", "ToolSpec", "trace_context"]
