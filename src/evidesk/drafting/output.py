"""One entry point for every output format, used by the CLI, the pages and the benchmarks."""

from __future__ import annotations

from evidesk.drafting.document import Document

FORMATS = {"docx": ".docx", "pdf": ".pdf", "txt": ".txt"}
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "txt": "text/plain; charset=utf-8",
}


def render(document: Document, languages: tuple[str, ...], fmt: str) -> bytes:
    if fmt == "docx":
        from evidesk.drafting.docx import to_docx

        return to_docx(document, languages)
    if fmt == "pdf":
        from evidesk.drafting.html import to_pdf

        return to_pdf(document, languages)
    if fmt == "txt":
        from evidesk.drafting.render import to_text

        return to_text(document, languages).encode("utf-8")
    raise ValueError(f"Output format must be one of {', '.join(FORMATS)}, not {fmt!r}.")


def findings_text(findings) -> str:
    """The completeness findings as lines for a terminal or a log."""
    marks = {"missing": "MISSING", "recommended": "advised", "weak": "weak"}
    lines = []
    for f in findings:
        detail = f" ({f.detail})" if f.detail else ""
        lines.append(f"{marks[f.severity]}: {f.label}{detail} — {f.why}")
        lines += [f"    source: {source}" for source in f.sources]
    return "\n".join(lines) + ("\n" if lines else "")
