"""The document as HTML, for the PDF renderer. Everything is escaped; nothing the user wrote
is ever read as markup."""

from __future__ import annotations

from html import escape

from evidesk.drafting.document import Document, Field, Paragraph, Table
from evidesk.drafting.language import translate
from evidesk.drafting.render import runs

STYLE = """
@page { size: A4; margin: 2cm; @bottom-right { content: counter(page) " / " counter(pages);
  font-size: 8pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.35; }
h1 { font-size: 14pt; } h2 { font-size: 11pt; margin-top: 1.2em; }
table { border-collapse: collapse; width: 100%; } td, th { border: 0.5pt solid #555;
  padding: 3pt; vertical-align: top; font-size: 8.5pt; } th { background: #eee; }
.placeholder { color: #b00; font-weight: bold; background: #fee; }
.to_translate { color: #a60; font-style: italic; }
.language { page-break-before: always; } .language:first-child { page-break-before: auto; }
.label { font-weight: bold; }
"""


def _cells(segments, lang: str) -> str:
    return "".join(
        f'<span class="{run.style}">{escape(run.text)}</span>'
        if run.style != "plain"
        else escape(run.text).replace("\n", "<br>")
        for run in runs(segments, lang)
    )


def _block(block, lang: str) -> str:
    if isinstance(block, Field):
        label = escape(translate(lang, block.label))
        return f'<p><span class="label">{label}:</span> {_cells(block.value, lang)}</p>'
    if isinstance(block, Paragraph):
        return f"<p>{_cells(block.segments, lang)}</p>"
    if isinstance(block, Table):
        head = "".join(f"<th>{escape(translate(lang, h))}</th>" for h in block.headers)
        body = "".join(
            "<tr>" + "".join(f"<td>{_cells(cell, lang)}</td>" for cell in row) + "</tr>"
            for row in block.rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    raise TypeError(block)


def to_html(document: Document, languages: tuple[str, ...]) -> str:
    parts = []
    for lang in languages:
        sections = "".join(
            f"<h2>{number}. {escape(translate(lang, section.title))}</h2>"
            + "".join(_block(block, lang) for block in section.blocks)
            for number, section in enumerate(document.sections, 1)
        )
        parts.append(
            f'<section class="language" lang="{lang}">'
            f"<h1>{escape(translate(lang, document.title))}</h1>"
            f"{sections}</section>"
        )
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>{STYLE}</style></head>'
        f"<body>{''.join(parts)}</body></html>"
    )


def to_pdf(document: Document, languages: tuple[str, ...]) -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(document, languages)).write_pdf()
