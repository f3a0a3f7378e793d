"""Turning a document into the words of one language, and the plain-text output.

Each run of words keeps its style, so the Word and PDF outputs can show placeholders and text
that needs translation in a way nobody overlooks. Free text is made printable: control
characters become their visible symbols, so nothing a user typed can break a file format."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from evidesk.drafting.document import (
    Day,
    Document,
    Field,
    Fixed,
    Free,
    Missing,
    Moment,
    Paragraph,
    Penalty,
    Segment,
    Table,
    Unsettled,
    Worded,
)
from evidesk.drafting.document import gettext_noop as _  # marks msgids; translated below
from evidesk.drafting.language import (
    calendar_date,
    in_language,
    moment,
    needs_translation,
    translate,
    up_to_years,
)
from evidesk.wording import lacks_form

PLAIN, PLACEHOLDER, TO_TRANSLATE = "plain", "placeholder", "to_translate"
MISSING_MARK = _("[MISSING: %(element)s]")
TRANSLATE_MARK = _("[translation needed]")
VERIFY_MARK = _("[TO VERIFY: %(element)s]")


@dataclass(frozen=True)
class Run:
    text: str
    style: str = PLAIN


def printable(value: str) -> str:
    """Control characters (other than line breaks and tabs) as their visible Unicode symbols."""
    out = []
    for ch in value:
        code = ord(ch)
        if code < 0x20 and ch not in "\n\t":
            out.append(chr(0x2400 + code))
        elif code == 0x7F:
            out.append("\u2421")
        elif 0x80 <= code < 0xA0:
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


def runs(segments: tuple[Segment, ...], lang: str) -> list[Run]:
    out: list[Run] = []
    for segment in segments:
        if isinstance(segment, Fixed):
            values = tuple(
                (name, calendar_date(lang, value) if isinstance(value, date) else value)
                for name, value in segment.values
            )
            out.append(Run(translate(lang, segment.msgid, values)))
        elif isinstance(segment, Day):
            out.append(Run(calendar_date(lang, segment.value)))
        elif isinstance(segment, Moment):
            out.append(Run(moment(lang, segment.value)))
        elif isinstance(segment, Free):
            out.append(Run(printable(segment.text)))
            if segment.translatable and needs_translation(segment.text, lang):
                out.append(Run(" " + translate(lang, TRANSLATE_MARK), TO_TRANSLATE))
        elif isinstance(segment, Worded):
            out.append(Run(printable(in_language(segment.message, lang))))
            if lacks_form(segment.message, lang):  # a name on record in English alone
                out.append(Run(" " + translate(lang, TRANSLATE_MARK), TO_TRANSLATE))
        elif isinstance(segment, Missing):
            element = translate(lang, segment.element)
            out.append(Run(translate(lang, MISSING_MARK, (("element", element),)), PLACEHOLDER))
        elif isinstance(segment, Penalty):
            out.append(Run(up_to_years(lang, segment.years)))
        elif isinstance(segment, Unsettled):
            element = translate(lang, segment.element)
            mark = translate(lang, VERIFY_MARK, (("element", element),))
            out.append(Run(" " + mark, PLACEHOLDER))
    return out


def flat(segments: tuple[Segment, ...], lang: str) -> str:
    return "".join(run.text for run in runs(segments, lang))


def to_text(document: Document, languages: tuple[str, ...]) -> str:
    """Plain text for a provider's portal or an e-mail; languages one after the other."""
    return ("\n" + "=" * 72 + "\n\n").join(_text_in(document, lang) for lang in languages)


def _text_in(document: Document, lang: str) -> str:
    title = translate(lang, document.title)
    lines = [title, "=" * len(title), ""]
    for number, section in enumerate(document.sections, 1):
        heading = f"{number}. {translate(lang, section.title)}"
        lines += [heading, "-" * len(heading)]
        for block in section.blocks:
            lines += _text_block(block, lang)
        lines.append("")
    return "\n".join(lines).strip() + "\n"


def _text_block(block, lang: str) -> list[str]:
    if isinstance(block, Field):
        return [f"{translate(lang, block.label)}: {flat(block.value, lang)}"]
    if isinstance(block, Paragraph):
        return [flat(block.segments, lang)]
    if isinstance(block, Table):
        headers = [translate(lang, h) for h in block.headers]
        return [
            "- "
            + "; ".join(
                f"{h}: {flat(cell, lang)}" for h, cell in zip(headers, row, strict=True) if cell
            )
            for row in block.rows
        ]
    raise TypeError(block)
