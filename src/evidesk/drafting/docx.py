"""The document as an editable Word file. The office's letterhead, fonts and styles come from a
reference document (EVIDESK_DOCX_REFERENCE): its body is replaced, its headers, footers and
styles kept."""

from __future__ import annotations

import io
import os
from pathlib import Path

from docx import Document as WordDocument
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor

from evidesk.drafting.document import Document, Field, Paragraph, Table
from evidesk.drafting.language import translate
from evidesk.drafting.render import PLACEHOLDER, TO_TRANSLATE, runs

RED, AMBER = RGBColor(0xB0, 0x00, 0x00), RGBColor(0xA0, 0x60, 0x00)
# The proofing language of each part, so that Word checks the Russian part's spelling as
# Russian and not every word as a mistake in English (the wording is British English).
PROOFING = {"en": "en-GB", "ru": "ru-RU"}


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


def _style_ids(word) -> dict[str, str]:
    """Style ids looked up once: python-docx's lookup by name scans all styles every time."""
    ids = {}
    for style in word.styles:
        if style.name in {"Heading 1", "Heading 2", "Table Grid"}:
            ids[style.name] = style.style_id
    return ids


def _heading(word, text: str, style_id: str | None) -> None:
    paragraph = word.add_paragraph()
    run = paragraph.add_run(text)
    if style_id:
        paragraph._p.style = style_id  # the id found once, instead of a lookup per heading
    else:  # a reference document without heading styles
        run.bold = True


def _block(word, block, lang: str, ids: dict[str, str]) -> None:
    if isinstance(block, Field):
        paragraph = word.add_paragraph()
        paragraph.add_run(translate(lang, block.label) + ": ").bold = True
        _write_runs(paragraph, block.value, lang)
    elif isinstance(block, Paragraph):
        _write_runs(word.add_paragraph(), block.segments, lang)
    elif isinstance(block, Table):
        table = word.add_table(rows=1, cols=len(block.headers))
        if "Table Grid" in ids:
            table._tbl.tblStyle_val = ids["Table Grid"]
        for cell, header in zip(table.rows[0].cells, block.headers, strict=True):
            cell.paragraphs[0].add_run(translate(lang, header)).bold = True
        for row in block.rows:
            cells = table.add_row().cells
            for cell, segments in zip(cells, row, strict=True):
                _write_runs(cell.paragraphs[0], segments, lang)
    else:
        raise TypeError(block)


def _proofed_in(elements, lang: str) -> None:
    """Mark every run of these body elements as written in `lang`."""
    for element in elements:
        for run in element.iter(qn("w:r")):
            marked = OxmlElement("w:lang")
            marked.set(qn("w:val"), PROOFING[lang])
            run.get_or_add_rPr().append(marked)


def to_docx(document: Document, languages: tuple[str, ...], reference: Path | None = None) -> bytes:
    word = _blank(reference or reference_document())
    ids = _style_ids(word)
    body = word.element.body
    for index, lang in enumerate(languages):
        if index:
            word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        before = set(body)  # the new part is written before the section's page set-up
        _heading(word, translate(lang, document.title), ids.get("Heading 1"))
        for number, section in enumerate(document.sections, 1):
            title = f"{number}. {translate(lang, section.title)}"
            _heading(word, title, ids.get("Heading 2"))
            for block in section.blocks:
                _block(word, block, lang, ids)
        _proofed_in([element for element in body if element not in before], lang)
    word.core_properties.language = PROOFING[languages[0]]
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
