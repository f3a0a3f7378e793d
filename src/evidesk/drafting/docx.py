"""The document as an editable Word file. The office's letterhead, fonts and styles come from a
reference document (EVIDESK_DOCX_REFERENCE): its body is replaced, its headers, footers and
styles kept."""

from __future__ import annotations

import io
import os
from pathlib import Path

from docx import Document as WordDocument
from docx.enum.text import WD_BREAK
from docx.shared import RGBColor

from evidesk.drafting.document import Document, Field, Paragraph, Table
from evidesk.drafting.language import translate
from evidesk.drafting.render import PLACEHOLDER, TO_TRANSLATE, runs

RED, AMBER = RGBColor(0xB0, 0x00, 0x00), RGBColor(0xA0, 0x60, 0x00)


def reference_document() -> Path | None:
    path = os.environ.get("EVIDESK_DOCX_REFERENCE", "").strip()
    return Path(path) if path else None


def _blank(reference: Path | None):
    word = WordDocument(str(reference)) if reference else WordDocument()
    body = word.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):  # keep page set-up, headers and footers
            body.remove(child)
    return word


def _write_runs(paragraph, segments, lang: str) -> None:
    for run in runs(segments, lang):
        written = paragraph.add_run(run.text)
        if run.style == PLACEHOLDER:
            written.bold = True
            written.font.color.rgb = RED
        elif run.style == TO_TRANSLATE:
            written.italic = True
            written.font.color.rgb = AMBER


def _block(word, block, lang: str) -> None:
    if isinstance(block, Field):
        paragraph = word.add_paragraph()
        paragraph.add_run(translate(lang, block.label) + ": ").bold = True
        _write_runs(paragraph, block.value, lang)
    elif isinstance(block, Paragraph):
        _write_runs(word.add_paragraph(), block.segments, lang)
    elif isinstance(block, Table):
        table = word.add_table(rows=1, cols=len(block.headers))
        table.style = "Table Grid" if "Table Grid" in [s.name for s in word.styles] else None
        for cell, header in zip(table.rows[0].cells, block.headers, strict=True):
            cell.paragraphs[0].add_run(translate(lang, header)).bold = True
        for row in block.rows:
            cells = table.add_row().cells
            for cell, segments in zip(cells, row, strict=True):
                _write_runs(cell.paragraphs[0], segments, lang)
    else:
        raise TypeError(block)


def to_docx(document: Document, languages: tuple[str, ...], reference: Path | None = None) -> bytes:
    word = _blank(reference or reference_document())
    for index, lang in enumerate(languages):
        if index:
            word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        word.add_heading(translate(lang, document.title), level=1)
        for number, section in enumerate(document.sections, 1):
            word.add_heading(f"{number}. {translate(lang, section.title)}", level=2)
            for block in section.blocks:
                _block(word, block, lang)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
