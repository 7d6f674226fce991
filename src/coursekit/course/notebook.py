"""Jupyter notebook lessons: front matter from metadata, cells to Markdown.

A notebook lesson keeps its front matter under ``metadata.coursekit``; its markdown
cells become Markdown, code cells become fenced code, and text and image outputs
are kept (images inline as data URIs, so the page needs no extra files).

Outputs follow Jupyter's trust model: a notebook is untrusted unless the course says
otherwise (``trusted_notebooks`` in ``curriculum/course.yml``), and the HTML,
JavaScript and Markdown outputs of an untrusted notebook are never published as
such: the page shows the same output's image or plain-text form instead, as Jupyter
shows an untrusted notebook. The notebook's own Markdown cells are the lesson's
text, written by the author, and keep their HTML like a Markdown lesson.
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


_JSON_TOKEN = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"|[{}\[\],\n]')


def json_key_line(text: str, path: tuple[str, ...]) -> int | None:
    """The 1-based line of the key at ``path`` (``("metadata", "coursekit")``) in JSON.

    Only that key counts, at that place: a cell's own ``"metadata"`` is not the
    notebook's. One regular-expression pass, so a notebook of megabytes stays fast.
    """
    stack: list[list[Any]] = []  # [bracket, key so far, whether a key comes next]
    line = 1
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token == "\n":
            line += 1
        elif token[0] == '"':
            top = stack[-1] if stack else None
            if top is not None and top[0] == "{" and top[2]:
                try:
                    top[1] = json.loads(token)
                except ValueError:
                    top[1] = None
                top[2] = False
                if len(stack) == len(path) and all(
                    b == "{" and k == want for (b, k, _), want in zip(stack, path, strict=True)
                ):
                    return line
        elif token in "{[":
            stack.append([token, None, token == "{"])
        elif token in "}]":
            if stack:
                stack.pop()
        elif stack and stack[-1][0] == "{":  # a comma: the object's next key follows
            stack[-1][2] = True
    return None


def coursekit_line(text: str) -> int | None:
    """The line of a notebook's ``metadata.coursekit``, ``None`` when it has none."""
    return json_key_line(text, ("metadata", "coursekit"))


def read_notebook(
    text: str, path: str, trusted: bool = False
) -> tuple[dict[str, Any], str, dict[str, int]]:
    """Return ``(front_matter, markdown_body, key_lines)`` for a notebook's text.

    ``trusted`` publishes HTML, JavaScript and Markdown outputs as they are (see the
    module docstring). Raises :class:`CourseError` for invalid JSON, an invalid
    notebook or missing ``coursekit`` metadata; positions are reported where JSON
    gives them.
    """
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CourseError(
            Problem(path, f"not valid notebook JSON: {exc.msg}", exc.lineno)
        ) from None
    except RecursionError:
        raise CourseError(Problem(path, "nested too deeply to be a notebook")) from None
    if (
        not isinstance(raw, dict)
        or not isinstance(raw.get("cells", []), list)
        or not isinstance(raw.get("nbformat"), int)
    ):
        raise CourseError(
            Problem(path, "not a Jupyter notebook: no notebook object with nbformat and cells")
        )
    import warnings

    import nbformat  # heavy: only when a course actually has notebooks

    try:
        notebook = nbformat.from_dict(raw)
        if notebook.get("nbformat", 0) < 4:
            notebook = nbformat.convert(notebook, 4)
        with warnings.catch_warnings():
            # cells without ids (notebooks written by hand or by older tools) only
            # make nbformat print a Python warning; the lesson reads fine
            warnings.simplefilter("ignore")
            nbformat.validate(notebook)
    except RecursionError:
        raise CourseError(Problem(path, "nested too deeply to be a notebook")) from None
    except Exception as exc:  # nbformat raises several types for a broken notebook
        raise CourseError(
            Problem(
                path,
                f"not a valid Jupyter notebook: {_invalid(exc)}; open it in Jupyter and save "
                "it (notebook format 4)",
            )
        ) from None
    meta = notebook.get("metadata", {}).get("coursekit")
    if not isinstance(meta, dict):
        found = "none found" if meta is None else "it is not a mapping of keys"
        raise CourseError(
            Problem(
                path,
                "a notebook lesson keeps its front matter in metadata.coursekit "
                f"(title, study_time, status, ...); {found}",
                # the notebook's own metadata (a cell's comes first), else its end
                coursekit_line(text) or json_key_line(text, ("metadata",)) or text.count("\n") + 1,
                "metadata.coursekit",
            )
        )
    start = coursekit_line(text) or 1
    lines = {str(k): json_line(text, str(k), start) or start for k in meta}
    return dict(meta), cells_to_markdown(notebook, trusted), lines


def _invalid(exc: Exception) -> str:
    """What nbformat found wrong, in one short line (its messages quote whole cells)."""
    where = list(getattr(exc, "absolute_path", None) or ())
    if where:
        loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in where).lstrip(".")
        return f"{loc} does not follow the notebook format"
    from nbformat import ValidationError

    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if isinstance(exc, ValidationError) and 0 < len(first) <= 120:
        return first
    return "it does not follow the notebook format"


def cells_to_markdown(notebook: Any, trusted: bool = False) -> str:
    """Markdown for a notebook's cells, in order.

    Markdown cells are kept as written (pasted images, ``attachment:`` links, become
    inline data URIs); code cells become fenced code in the kernel's language,
    followed by their outputs: streams (consecutive ones merged) and plain text as
    ``text`` blocks, PNG/JPEG/GIF/SVG images inline, errors as one ``Name: message``
    line; in a ``trusted`` notebook, HTML and Markdown as they are and JavaScript
    as a script (see the module docstring). Raw cells are left out. The cell tags
    of Jupyter Book are honoured: ``remove-cell``, ``remove-input`` and
    ``remove-output``.
    """
    meta = notebook.get("metadata", {}) or {}
    language = (meta.get("language_info") or {}).get("name") or (meta.get("kernelspec") or {}).get(
        "language", "python"
    )
    parts: list[str] = []
    for cell in notebook.get("cells", []):
        tags = set((cell.get("metadata") or {}).get("tags") or ())
        if "remove-cell" in tags:
            continue
        source = _joined(cell.get("source", "")).rstrip()
        if cell.get("cell_type") == "markdown":
            if source:
                parts.append(_inline_attachments(source, cell.get("attachments") or {}))
        elif cell.get("cell_type") == "code":
            if source and "remove-input" not in tags:
                parts.append(_fence(source, language))
            if "remove-output" not in tags:
                parts.extend(_outputs(cell.get("outputs", []), trusted))
    return "\n\n".join(parts) + ("\n" if parts else "")


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_IMAGES = ("image/png", "image/jpeg", "image/gif", "image/svg+xml")


def _joined(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def _fence(text: str, language: str = "") -> str:
    ticks = "```"
    while ticks in text:
        ticks += "`"
    return f"{ticks}{language}\n{text}\n{ticks}"


def _data_uri(mime: str, payload: Any) -> str:
    text = _joined(payload)
    if mime == "image/svg+xml":  # stored as text, not base64
        import base64

        return f"data:{mime};base64," + base64.b64encode(text.encode()).decode()
    return f"data:{mime};base64," + "".join(text.split())


def _inline_attachments(source: str, attachments: dict[str, Any]) -> str:
    for name, bundle in attachments.items():
        mime = next((m for m in _IMAGES if m in (bundle or {})), None)
        if mime is not None:
            source = source.replace(f"attachment:{name}", _data_uri(mime, bundle[mime]))
    return source


def _outputs(outputs: list[Any], trusted: bool = False) -> list[str]:
    parts: list[str] = []
    stream: list[str] = []

    def flush() -> None:
        text = _ANSI.sub("", "".join(stream)).rstrip()
        if text:
            parts.append(_fence(text, "text"))
        stream.clear()

    for out in outputs:
        kind = out.get("output_type")
        if kind == "stream":
            stream.append(_joined(out.get("text", "")))
            continue
        flush()
        if kind in ("execute_result", "display_data"):
            shown = _rich_output(out.get("data") or {}, trusted)
            if shown:
                parts.append(shown)
        elif kind == "error":
            trace = f"{out.get('ename', 'Error')}: {out.get('evalue', '')}"
            parts.append(_fence(_ANSI.sub("", trace), "text"))
    flush()
    return parts


def _rich_output(data: dict[str, Any], trusted: bool) -> str:
    """One display output as Markdown: what Jupyter would show of it.

    A trusted notebook's HTML, JavaScript and Markdown come first, as in Jupyter;
    otherwise (and for every other kind) an image, then the plain text, then the
    Markdown's source as text.
    """
    if trusted:
        if "text/html" in data:
            return _joined(data["text/html"]).strip()
        if "application/javascript" in data:
            script = _joined(data["application/javascript"]).replace("</script", "<\\/script")
            return f"<script>\n{script.strip()}\n</script>"
        if "text/markdown" in data:
            return _joined(data["text/markdown"]).rstrip()
    mime = next((m for m in _IMAGES if m in data), None)
    if mime is not None:
        return f"![output]({_data_uri(mime, data[mime])})"
    for kind in ("text/plain", "text/markdown"):
        text = _ANSI.sub("", _joined(data.get(kind, ""))).rstrip()
        if text.strip():
            return _fence(text, "text")
    return ""
