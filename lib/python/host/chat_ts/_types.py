"""Small helpers over ``typing`` that behave the same on Python 3.9 to 3.13."""
import collections.abc
import dataclasses
import enum
import types
import typing
from typing import Any, Tuple

NONE_TYPE = type(None)
_UNION_TYPE = getattr(types, "UnionType", None)
_REQUIRED_WRAPPERS = tuple(w for w in (getattr(typing, "Required", None), getattr(typing, "NotRequired", None))
                           if w is not None)
SEQUENCE_ORIGINS = (list, collections.abc.Sequence, collections.abc.MutableSequence, collections.abc.Iterable,
                    collections.abc.Collection)
SET_ORIGINS = (set, frozenset, collections.abc.Set, collections.abc.MutableSet)
MAPPING_ORIGINS = (dict, collections.abc.Mapping, collections.abc.MutableMapping)


def origin_and_args(hint: Any) -> Tuple[Any, Tuple[Any, ...]]:
    """``typing.get_origin`` / ``get_args``, with ``X | Y`` reported as ``typing.Union``."""
    origin = typing.get_origin(hint)
    if _UNION_TYPE is not None and isinstance(hint, _UNION_TYPE):
        origin = typing.Union
    return origin, typing.get_args(hint)


def strip_annotated(hint: Any) -> Tuple[Any, Tuple[Any, ...]]:
    """``Annotated[T, *extras]`` -> ``(T, extras)``; also unwraps ``Required``/``NotRequired``."""
    extras: Tuple[Any, ...] = ()
    while True:
        origin = typing.get_origin(hint)
        if origin is typing.Annotated:
            extras = extras + tuple(hint.__metadata__)
            hint = hint.__origin__
        elif _REQUIRED_WRAPPERS and origin in _REQUIRED_WRAPPERS:
            hint = typing.get_args(hint)[0]
        else:
            return hint, extras


def is_typed_dict(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, dict) and hasattr(hint, "__required_keys__")


def is_dataclass_type(hint: Any) -> bool:
    return isinstance(hint, type) and dataclasses.is_dataclass(hint)


def is_enum_type(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, enum.Enum)


def describe(hint: Any) -> str:
    """A readable name for a type hint, for error messages."""
    if isinstance(hint, type) and typing.get_origin(hint) is None:
        return hint.__qualname__
    return repr(hint).replace("typing.", "")
