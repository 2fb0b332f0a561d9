"""JSON Schema (draft-07) of a tool's parameters, from type hints and the docstring."""
import dataclasses
import enum
import inspect
import json
import typing
from typing import Any, Callable, Dict, List, Optional, Tuple

from ._docstring import parse_docstring
from ._types import (MAPPING_ORIGINS, NONE_TYPE, SEQUENCE_ORIGINS, SET_ORIGINS, describe, is_dataclass_type,
                     is_enum_type, is_typed_dict, origin_and_args, strip_annotated)

Schema = Dict[str, Any]
_SCALARS = {str: "string", int: "integer", float: "number", bool: "boolean", NONE_TYPE: "null"}
SUPPORTED = ("str, int, float, bool, None, Any, Optional[...], Union[...], list[...], set[...], "
             "tuple[X, ...], dict[str, ...], Literal[...], Enum, dataclass, TypedDict, Annotated[..., 'text']")


class SchemaProblem(Exception):
    """A type hint chat-ts cannot describe; ``parameter`` names the parameter when known."""

    def __init__(self, message: str, parameter: Optional[str] = None):
        super().__init__(message)
        self.parameter = parameter


def _with_description(schema: Schema, text: Optional[str]) -> Schema:
    if text and "description" not in schema:
        schema = dict(schema)
        schema["description"] = text
    return schema


def _nullable(schema: Schema) -> Schema:
    kind = schema.get("type")
    if isinstance(kind, str) and "enum" not in schema and "anyOf" not in schema:
        out = dict(schema)
        out["type"] = [kind, "null"]
        return out
    return {"anyOf": [schema, {"type": "null"}]}


def json_default(value: Any) -> Tuple[bool, Any]:
    """``(True, json_value)`` when a default can be shown in the schema."""
    if isinstance(value, enum.Enum):
        value = value.value
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        return False, None
    return True, value


def _class_description(cls: type) -> Tuple[str, Dict[str, str]]:
    doc = cls.__doc__ or ""
    if is_dataclass_type(cls) and doc.startswith(cls.__name__ + "("):
        doc = ""
    return parse_docstring(doc)


class _SchemaBuilder:
    def __init__(self) -> None:
        self._stack: List[type] = []

    def build(self, hint: Any) -> Schema:
        hint, extras = strip_annotated(hint)
        texts = [e for e in extras if isinstance(e, str)]
        return _with_description(self._build(hint), texts[0] if texts else None)

    def _build(self, hint: Any) -> Schema:
        if hint is Any or hint is object:
            return {}
        if hint in _SCALARS:
            return {"type": _SCALARS[hint]}
        if hint is list or hint is tuple:
            return {"type": "array"}
        if hint is set or hint is frozenset:
            return {"type": "array", "uniqueItems": True}
        if hint is dict:
            return {"type": "object"}
        if is_enum_type(hint):
            return self._enum([member.value for member in hint])
        if is_dataclass_type(hint) or is_typed_dict(hint):
            return self._object(hint)
        origin, args = origin_and_args(hint)
        if origin is typing.Union:
            return self._union(args)
        if origin is typing.Literal:
            return self._enum(list(args))
        if origin in SEQUENCE_ORIGINS or origin is tuple:
            if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
                raise SchemaProblem("fixed-length %s is not supported; use tuple[X, ...] or list[X]" % describe(hint))
            return {"type": "array", "items": self.build(args[0])} if args else {"type": "array"}
        if origin in SET_ORIGINS:
            schema: Schema = {"type": "array", "uniqueItems": True}
            if args:
                schema["items"] = self.build(args[0])
            return schema
        if origin in MAPPING_ORIGINS:
            if args and strip_annotated(args[0])[0] not in (str, Any):
                raise SchemaProblem("%s: JSON object keys are strings, use dict[str, ...]" % describe(hint))
            return {"type": "object", "additionalProperties": self.build(args[1])} if args else {"type": "object"}
        raise SchemaProblem("unsupported type hint %s (supported: %s)" % (describe(hint), SUPPORTED))

    def _union(self, args: Tuple[Any, ...]) -> Schema:
        members = [a for a in args if a is not NONE_TYPE]
        nullable = len(members) != len(args)
        schema = self.build(members[0]) if len(members) == 1 else {"anyOf": [self.build(m) for m in members]}
        return _nullable(schema) if nullable else schema

    def _enum(self, values: List[Any]) -> Schema:
        for value in values:
            if not isinstance(value, (str, int, float, bool, NONE_TYPE)):
                raise SchemaProblem("Literal/Enum value %r is not a JSON scalar" % (value,))
        kinds = {_SCALARS[type(v)] if type(v) in _SCALARS else "number" for v in values}
        schema: Schema = {"enum": values}
        if len(kinds) == 1:
            schema = {"type": kinds.pop(), "enum": values}
        return schema

    def _object(self, cls: type) -> Schema:
        if cls in self._stack:
            raise SchemaProblem("recursive type %s is not supported" % cls.__qualname__)
        self._stack.append(cls)
        try:
            description, field_docs = _class_description(cls)
            hints = typing.get_type_hints(cls, include_extras=True)
            properties: Schema = {}
            required: List[str] = []
            if is_typed_dict(cls):
                names = list(hints)
                required = [n for n in names if n in cls.__required_keys__]
            else:
                names = [f.name for f in dataclasses.fields(cls) if f.init]
                required = [f.name for f in dataclasses.fields(cls) if f.init and f.default is dataclasses.MISSING
                            and f.default_factory is dataclasses.MISSING]
            for name in names:
                try:
                    properties[name] = _with_description(self.build(hints[name]), field_docs.get(name))
                except SchemaProblem as problem:
                    raise SchemaProblem("%s.%s: %s" % (cls.__qualname__, name, problem)) from None
            schema: Schema = {"type": "object", "properties": properties, "required": required,
                              "additionalProperties": False}
            return _with_description(schema, description)
        finally:
            self._stack.pop()


def schema_for_hint(hint: Any) -> Schema:
    """JSON Schema of one type hint; raises ``SchemaProblem`` when unsupported."""
    return _SchemaBuilder().build(hint)


def function_schema(function: Callable[..., Any]) -> Tuple[str, Schema, Dict[str, Any]]:
    """``(description, parameters schema, resolved hints)`` of a tool function."""
    description, parameter_docs = parse_docstring(function.__doc__)
    try:
        hints = typing.get_type_hints(function, include_extras=True)
    except Exception as error:  # NameError for an undefined forward reference, among others
        raise SchemaProblem("cannot resolve type hints: %s: %s" % (type(error).__name__, error)) from None
    properties: Schema = {}
    required: List[str] = []
    for parameter in inspect.signature(function).parameters.values():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            raise SchemaProblem("variadic parameter %s is not supported" % parameter.name, parameter.name)
        if parameter.name not in hints:
            raise SchemaProblem("parameter '%s' has no type hint" % parameter.name, parameter.name)
        try:
            schema = _with_description(schema_for_hint(hints[parameter.name]), parameter_docs.get(parameter.name))
        except SchemaProblem as problem:
            raise SchemaProblem("parameter '%s': %s" % (parameter.name, problem), parameter.name) from None
        if parameter.default is parameter.empty:
            required.append(parameter.name)
        else:
            shown, value = json_default(parameter.default)
            if shown:
                schema = dict(schema)
                schema["default"] = value
        properties[parameter.name] = schema
    parameters: Schema = {"type": "object", "properties": properties, "required": required,
                          "additionalProperties": False}
    return description, parameters, hints
