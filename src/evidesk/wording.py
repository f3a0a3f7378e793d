"""Messages of the pure cores: English wherever they are read as text (the command line, files,
logs), and in the reader's language on the pages, which translate them with
`system.language.translated`. A message is a string, so whatever reads it as one reads English;
it also keeps its message id and values, because a message with its values filled in can no
longer be looked up in the translation catalogue.

Cores write `_("… %(name)s …", name=value)` (importing `Wording as _`), the form the
catalogue's extractor (`django-admin makemessages`) finds."""

from __future__ import annotations


class Wording(str):
    msgid: str
    values: dict[str, object]

    def __new__(cls, msgid: str, **values: object) -> Wording:
        message = super().__new__(cls, msgid % values if values else msgid)
        message.msgid, message.values = msgid, values
        return message
