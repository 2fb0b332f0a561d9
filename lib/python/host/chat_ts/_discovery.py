"""Finds tool files in the given directories, imports them and describes their ``@tool()`` functions."""
import importlib.util
import inspect
import os
import re
import sys
import traceback
from typing import Any, Callable, Dict, List, Optional, Tuple

from ._schema import SchemaProblem, function_schema
from .decorator import TOOL_ATTRIBUTE

Problem = Dict[str, Any]


class ToolEntry:
    """A discovered tool: its description for chat-ts and what is needed to call it."""

    def __init__(self, function: Callable[..., Any], name: str, description: str, parameters: Dict[str, Any],
                 metadata: Dict[str, Any], hints: Dict[str, Any], file: str):
        self.function = function
        self.name = name
        self.description = description
        self.parameters = parameters
        self.metadata = metadata
        self.hints = hints
        self.file = file
        self.line = function.__code__.co_firstlineno
        self.is_async = inspect.iscoroutinefunction(function)
        self.positional_only = [p.name for p in inspect.signature(function).parameters.values()
                                if p.kind == p.POSITIONAL_ONLY]

    def call(self, arguments: Dict[str, Any]) -> Any:
        positional = [arguments.pop(name) for name in self.positional_only if name in arguments]
        return self.function(*positional, **arguments)

    def describe(self) -> Dict[str, Any]:
        return {"name": self.name, "description": self.description, "parameters": self.parameters,
                "metadata": self.metadata, "function": self.function.__qualname__, "file": self.file,
                "line": self.line, "async": self.is_async}


def camel_case(key: str) -> str:
    """``requires_approval`` -> ``requiresApproval``; keys without underscores are kept."""
    head, *rest = key.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest if part)


def _visible(name: str) -> bool:
    return not name.startswith((".", "_"))


def find_files(directories: List[str], recursive: bool) -> List[str]:
    """Every ``*.py`` not starting with ``_`` or ``.``, sorted, in the given directories only."""
    files: List[str] = []
    for directory in directories:
        root = os.path.realpath(directory)
        if recursive:
            for current, subdirectories, names in os.walk(root):
                subdirectories[:] = sorted(d for d in subdirectories if _visible(d) and d != "__pycache__")
                files.extend(os.path.join(current, n) for n in sorted(names) if n.endswith(".py") and _visible(n))
        else:
            files.extend(os.path.join(root, n) for n in sorted(os.listdir(root))
                         if n.endswith(".py") and _visible(n) and os.path.isfile(os.path.join(root, n)))
    unique: List[str] = []
    for file in files:
        if file not in unique:
            unique.append(file)
    return unique


def _import_problem(file: str, error: BaseException) -> Problem:
    if isinstance(error, SyntaxError) and error.filename:
        where = os.path.realpath(error.filename)
        problem: Problem = {"kind": "syntax", "file": where, "line": error.lineno,
                            "exceptionType": type(error).__name__, "message": error.msg,
                            "traceback": "".join(traceback.format_exception_only(type(error), error))}
        if where != file:
            problem["importedFrom"] = file
        return problem
    frames = traceback.extract_tb(error.__traceback__)
    in_file = [f for f in frames if os.path.realpath(f.filename) == file]
    return {"kind": "import", "file": file, "line": in_file[-1].lineno if in_file else None,
            "exceptionType": type(error).__name__, "message": str(error),
            "traceback": "".join(traceback.format_exception(type(error), error, error.__traceback__))}


def _module_name(index: int, file: str) -> str:
    stem = re.sub(r"\W", "_", os.path.splitext(os.path.basename(file))[0])
    return "chat_ts_tools.m%d_%s" % (index, stem)


def _load_module(index: int, file: str) -> Any:
    name = _module_name(index, file)
    spec = importlib.util.spec_from_file_location(name, file)
    if spec is None or spec.loader is None:
        raise ImportError("cannot load %s" % file)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def _tools_of(module: Any, file: str, problems: List[Problem]) -> List[ToolEntry]:
    found: List[Tuple[int, ToolEntry]] = []
    for value in list(vars(module).values()):
        spec = getattr(value, TOOL_ATTRIBUTE, None)
        if spec is None or not inspect.isfunction(value) or value.__module__ != module.__name__:
            continue
        try:
            description, parameters, hints = function_schema(value)
        except SchemaProblem as problem:
            problems.append({"kind": "schema", "file": file, "line": value.__code__.co_firstlineno,
                             "function": value.__qualname__, "parameter": problem.parameter,
                             "message": str(problem)})
            continue
        metadata = {camel_case(key): item for key, item in spec.metadata.items()}
        entry = ToolEntry(value, spec.name, spec.description if spec.description is not None else description,
                          parameters, metadata, hints, file)
        found.append((entry.line, entry))
    return [entry for _, entry in sorted(found, key=lambda pair: pair[0])]


def discover(directories: List[str], recursive: bool) -> Tuple[Dict[str, ToolEntry], List[Problem]]:
    """Import the tool files; returns the tools by name and every problem met (never raises)."""
    problems: List[Problem] = []
    tools: Dict[str, ToolEntry] = {}
    for directory in directories:
        if not os.path.isdir(directory):
            problems.append({"kind": "directory", "file": directory, "message": "not a directory: %s" % directory})
    if problems:
        return tools, problems
    for directory in directories:
        sys.path.append(os.path.realpath(directory))
    for index, file in enumerate(find_files(directories, recursive)):
        try:
            module = _load_module(index, file)
        except BaseException as error:  # a tool file may raise anything, even SystemExit
            problems.append(_import_problem(file, error))
            continue
        for entry in _tools_of(module, file, problems):
            existing: Optional[ToolEntry] = tools.get(entry.name)
            if existing is not None:
                problems.append({"kind": "clash", "name": entry.name, "file": entry.file, "line": entry.line,
                                 "message": "tool name '%s' is defined twice: %s:%d and %s:%d" % (
                                     entry.name, existing.file, existing.line, entry.file, entry.line),
                                 "files": [existing.file, entry.file]})
                continue
            tools[entry.name] = entry
    return tools, problems
