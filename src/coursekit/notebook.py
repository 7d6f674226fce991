"""Jupyter notebook lessons: front matter from metadata, cells to Markdown.

A notebook lesson keeps its front matter under ``metadata.coursekit``; its markdown
cells become Markdown, code cells become fenced code, and text and image outputs
are kept (images inline as data URIs, so the page needs no extra files).
"""

from __future__ import annotations

import json
import re
from typing import Any

from coursekit.errors import CourseError, Problem


def json_line(text: str, key: str, after: int = 0) -> int | None:
    """The 1-based line where ``"key":`` first appears at or after line ``after``."""
    pattern = re.compile(r'"' + re.escape(key) + r'"\s*:')
    for number, line in enumerate(text.splitlines(), start=1):
        if number >= after and pattern.search(line):
            return number
    return None


def read_notebook(text: str, path: str) -> tuple[dict[str, Any], str, dict[str, int]]:
    """Return ``(front_matter, markdown_body, key_lines)`` for a notebook's text.

    Raises :class:`CourseError` for invalid JSON, an invalid notebook or missing
    ``coursekit`` metadata; positions are reported where JSON gives them.
    """
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CourseError(
            Problem(path, f"not valid notebook JSON: {exc.msg}", exc.lineno)
        ) from None
    import nbformat  # heavy: only when a course actually has notebooks

    try:
        notebook = nbformat.from_dict(raw)
        if notebook.get("nbformat", 0) < 4:
            notebook = nbformat.convert(notebook, 4)
        nbformat.validate(notebook)
    except Exception as exc:  # nbformat raises several types for a broken notebook
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CourseError(Problem(path, f"not a valid Jupyter notebook: {first}")) from None
    meta = notebook.get("metadata", {}).get("coursekit")
    if not isinstance(meta, dict):
        raise CourseError(
            Problem(
                path,
                "a notebook lesson keeps its front matter in metadata.coursekit "
                "(title, study_time, status, ...); none found",
                json_line(text, "metadata"),
                "metadata.coursekit",
            )
        )
    start = json_line(text, "coursekit") or 1
    lines = {str(k): json_line(text, str(k), start) or start for k in meta}
    return dict(meta), cells_to_markdown(notebook), lines


def cells_to_markdown(notebook: Any) -> str:
    """Markdown for a notebook's cells, in order."""
    language = (notebook.get("metadata", {}).get("language_info", {}) or {}).get("name", "python")
    parts: list[str] = []
    for cell in notebook.get("cells", []):
        source = _joined(cell.get("source", "")).rstrip()
        if cell.get("cell_type") == "markdown":
            if source:
                parts.append(source)
        elif cell.get("cell_type") == "code":
            if source:
                parts.append(_fence(source, language))
            parts.extend(_outputs(cell.get("outputs", [])))
    return "\n\n".join(parts) + ("\n" if parts else "")


def _joined(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def _fence(text: str, language: str = "") -> str:
    ticks = "```"
    while ticks in text:
        ticks += "`"
    return f"{ticks}{language}\n{text}\n{ticks}"


def _outputs(outputs: list[Any]) -> list[str]:
    parts: list[str] = []
    for out in outputs:
        kind = out.get("output_type")
        if kind == "stream":
            text = _joined(out.get("text", "")).rstrip()
            if text:
                parts.append(_fence(text, "text"))
        elif kind in ("execute_result", "display_data"):
            data = out.get("data", {})
            for mime in ("image/png", "image/jpeg", "image/gif"):
                if mime in data:
                    payload = _joined(data[mime]).replace("\n", "")
                    parts.append(f"![output](data:{mime};base64,{payload})")
                    break
            else:
                if "text/markdown" in data:
                    parts.append(_joined(data["text/markdown"]).rstrip())
                elif "text/plain" in data:
                    parts.append(_fence(_joined(data["text/plain"]).rstrip(), "text"))
        elif kind == "error":
            trace = f"{out.get('ename', 'Error')}: {out.get('evalue', '')}"
            parts.append(_fence(trace, "text"))
    return parts
