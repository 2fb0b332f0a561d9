"""Turns validated JSON arguments into the Python values a tool's type hints ask for.

JSON objects become dataclass instances, strings/numbers become Enum members, arrays become sets or
tuples where hinted. Values are data only: nothing is evaluated.
"""
import typing
from typing import Any, Dict

from ._types import (MAPPING_ORIGINS, NONE_TYPE, SET_ORIGINS, is_dataclass_type, is_enum_type, is_typed_dict,
                     origin_and_args, strip_annotated)


def convert(value: Any, hint: Any) -> Any:
    """Convert one JSON value to ``hint``; raises ``TypeError``/``ValueError`` when it does not fit."""
    hint, _ = strip_annotated(hint)
    if value is None:
        return None
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if is_enum_type(hint):
        return hint(value)
    if is_dataclass_type(hint):
        hints = typing.get_type_hints(hint)
        return hint(**{key: convert(item, hints[key]) for key, item in value.items()})
    if is_typed_dict(hint):
        hints = typing.get_type_hints(hint)
        return {key: convert(item, hints.get(key, Any)) for key, item in value.items()}
    origin, args = origin_and_args(hint)
    if origin is typing.Union:
        return _convert_union(value, [a for a in args if a is not NONE_TYPE])
    if hint in (set, frozenset) or origin in SET_ORIGINS:
        items = [convert(v, args[0]) for v in value] if args else list(value)
        return frozenset(items) if (origin or hint) is frozenset else set(items)
    if hint is tuple or origin is tuple:
        return tuple(convert(v, args[0]) for v in value) if args else tuple(value)
    if isinstance(value, list) and args:
        return [convert(v, args[0]) for v in value]
    if isinstance(value, dict) and origin in MAPPING_ORIGINS and len(args) == 2:
        return {key: convert(item, args[1]) for key, item in value.items()}
    return value


def _convert_union(value: Any, members: Any) -> Any:
    if len(members) == 1:
        return convert(value, members[0])
    last_error: Exception = TypeError("no member of the union accepts %r" % (value,))
    for member in members:
        try:
            return convert(value, member)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            last_error = error
    raise last_error


def convert_arguments(arguments: Dict[str, Any], hints: Dict[str, Any]) -> Dict[str, Any]:
    """Convert every argument of a call by its parameter's hint."""
    return {name: convert(value, hints.get(name, Any)) for name, value in arguments.items()}
