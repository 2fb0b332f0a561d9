"""Reads Google-style (and Sphinx ``:param x:``) docstrings: a description and per-parameter texts."""
import inspect
import re
from typing import Dict, List, Optional, Tuple

_PARAMETER_SECTIONS = {"args", "arguments", "parameters", "params", "attributes", "keyword args",
                       "keyword arguments", "fields"}
_OTHER_SECTIONS = {"returns", "return", "yields", "yield", "raises", "raise", "example", "examples",
                   "note", "notes", "warning", "warnings", "see also", "todo", "references"}
_SECTION = re.compile(r"^([A-Za-z][A-Za-z ]*?)\s*:\s*$")
_ENTRY = re.compile(r"^\*{0,2}([A-Za-z_][A-Za-z0-9_]*)\s*(?:\([^)]*\))?\s*:\s*(.*)$")
_SPHINX_FIELD = re.compile(r"^:[A-Za-z]+[^:]*:")
_SPHINX_PARAM = re.compile(r"^:param\s+(?:[^:]*\s)?([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*)$")


def _section_name(line: str) -> Optional[str]:
    match = _SECTION.match(line.strip())
    if not match:
        return None
    name = match.group(1).lower()
    return name if name in _PARAMETER_SECTIONS or name in _OTHER_SECTIONS else None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _join_paragraphs(lines: List[str]) -> str:
    paragraphs: List[str] = []
    current: List[str] = []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def parse_docstring(doc: Optional[str]) -> Tuple[str, Dict[str, str]]:
    """Return ``(description, {parameter: text})``.

    The description is the text before the first section (``Args:``, ``Returns:`` ...), paragraphs
    kept apart and lines of a paragraph joined.
    """
    if not doc:
        return "", {}
    lines = inspect.cleandoc(doc).splitlines()
    description: List[str] = []
    params: Dict[str, str] = {}
    section: Optional[str] = None
    entry_indent: Optional[int] = None
    current: Optional[str] = None
    for line in lines:
        sphinx = _SPHINX_PARAM.match(line.strip())
        if sphinx:
            current = sphinx.group(1)
            params[current] = sphinx.group(2).strip()
            section, entry_indent = "sphinx", None
            continue
        if _SPHINX_FIELD.match(line):
            section, entry_indent, current = "sphinx", None, None
            continue
        header = _section_name(line) if _indent(line) == 0 else None
        if header is not None:
            section, entry_indent, current = header, None, None
            continue
        if section is None:
            description.append(line)
            continue
        if not line.strip():
            continue
        if section == "sphinx":
            if _indent(line) > 0 and current:
                params[current] = (params[current] + " " + line.strip()).strip()
            elif _indent(line) == 0:
                section, current = None, None
                description.append(line)
            continue
        if _indent(line) == 0:
            section, current = None, None
            continue
        if section not in _PARAMETER_SECTIONS:
            continue
        if entry_indent is None or _indent(line) <= entry_indent:
            match = _ENTRY.match(line.strip())
            if match:
                entry_indent = _indent(line)
                current = match.group(1)
                params[current] = match.group(2).strip()
                continue
        if current is not None:
            params[current] = (params[current] + " " + line.strip()).strip()
    return _join_paragraphs(description), params
