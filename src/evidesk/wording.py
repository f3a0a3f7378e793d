"""Messages of the pure cores: English wherever they are read as text (the command line, files,
logs), and in the reader's language on the pages, which translate them with
`system.language.translated`. A message is a string, so whatever reads it as one reads English;
it also keeps its message id and values, because a message with its values filled in can no
longer be looked up in the translation catalogue.

Cores write `_("… %(name)s …", name=value)` (importing `Wording as _`), the form the
catalogue's extractor (`django-admin makemessages`) finds. A value may itself be a message or a
`Named` thing (a country, a treaty); messages joined with `+` or listed with `series` stay
translatable, so a sentence made of several parts reads wholly in the reader's language."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

# The languages the project's catalogues are written for; English is the messages' own.
LANGUAGES = ("en", "ru")
# Joinings, the same in every language: not in the catalogue, so they read as they are.
JOINED = "%(first)s%(then)s"
LISTED = "%(first)s, %(then)s"


class _Joinable(str):
    """Stays translatable when joined with `+` (a plain `str` would keep only its English)."""

    def __add__(self, other: str) -> Wording:
        return Wording(JOINED, first=self, then=other)

    def __radd__(self, other: str) -> Wording:
        return Wording(JOINED, first=other, then=self)


class Wording(_Joinable):
    msgid: str
    values: dict[str, object]

    def __new__(cls, msgid: str, **values: object) -> Wording:
        message = super().__new__(cls, msgid % values if values else msgid)
        message.msgid, message.values = msgid, values
        return message


class Named(_Joinable):
    """A name in English, with its forms in the other languages (from the knowledge base)."""

    forms: dict[str, str]

    def __new__(cls, english: str, forms: dict[str, str] | None = None) -> Named:
        name = super().__new__(cls, english)
        name.forms = forms or {}
        return name

    def in_language(self, language: str) -> str:
        return self.forms.get(language) or str(self)


def language_named(code: str) -> Named:
    """An ISO 639 language by its name in each catalogue language (CLDR's, through Babel):
    "Azerbaijani", «азербайджанский»; the code itself where CLDR has no name."""
    return _cldr_named("languages", code)


def country_named(code: str) -> Named:
    """An ISO 3166 country by its name in each catalogue language (CLDR's, through Babel):
    "Georgia", «Грузия»; the code itself where CLDR has no name."""
    return _cldr_named("territories", code)


@cache
def _cldr_named(table: str, code: str) -> Named:
    from babel import Locale

    names = {lang: getattr(Locale.parse(lang), table).get(code, code) for lang in LANGUAGES}
    return Named(names["en"], names)


def authority_named(authority: dict) -> Named:
    """An authority of the knowledge base by its name, and in Russian where the knowledge base
    gives its Russian name (`name_ru`)."""
    forms = {"ru": authority["name_ru"]} if authority.get("name_ru") else {}
    return Named(authority["name"], forms)


def lacks_form(message: object, language: str) -> bool:
    """Whether `message` names something the knowledge base has no name for in `language`
    (an authority known by its English name alone): read in it, the English would remain."""
    if isinstance(message, list | tuple):
        return any(lacks_form(item, language) for item in message)
    if isinstance(message, Named):
        return language != "en" and language not in message.forms
    if isinstance(message, Wording):
        return any(lacks_form(value, language) for value in message.values.values())
    return False


def amount_named(value: object) -> Named:
    """An amount written as each catalogue language writes it: '5,000' and '5,000.5' in
    English, «5 000» and «5 000,5» in Russian (CLDR's grouping and decimal mark, through
    Babel); a fraction is kept, never rounded away."""
    from babel.numbers import format_decimal

    forms = {lang: format_decimal(value, format="#,##0.##", locale=lang) for lang in LANGUAGES}
    return Named(forms["en"], forms)


def languages_named(codes: list[str] | tuple[str, ...]) -> str:
    """Languages listed by name, each read in the reader's language."""
    return series([language_named(code) for code in codes])


def series(items: list[str]) -> str:
    """The items separated by commas, each still translatable."""
    if not items:
        return ""
    listed = items[0]
    for item in items[1:]:
        listed = Wording(LISTED, first=listed, then=item)
    return listed


def worded_in(message: object, language: str, lookup: Callable[[str, str], str]) -> object:
    """`message` in `language`, with its values and the parts it was joined from; any other
    text or value as it is; a list item by item. `lookup(language, msgid)` reads the catalogue:
    the pages read it through Django, the drafted documents without it."""
    if isinstance(message, list | tuple):
        return [worded_in(item, language, lookup) for item in message]
    if isinstance(message, Named):
        return message.in_language(language)
    if not isinstance(message, Wording):
        return message
    text = lookup(language, message.msgid)
    if not message.values:
        return text
    values = message.values.items()
    return text % {name: worded_in(value, language, lookup) for name, value in values}


# The cores end a message with "verify" (or "(verify)") when they could not settle what it
# names: an unknown contact, a treaty date not on record. Such text is advice to the user, not
# something to send.
_ASKS_TO_VERIFY = re.compile(r"\bverify\)?$")


def asks_to_verify(message: object) -> bool:
    """Whether `message`, or any message it was made from, asks the user to verify it."""
    if isinstance(message, list | tuple):
        return any(asks_to_verify(item) for item in message)
    if not isinstance(message, Wording):
        return False
    if _ASKS_TO_VERIFY.search(message.msgid):
        return True
    return any(asks_to_verify(value) for value in message.values.values())


def as_data(message: object) -> object:
    """A message as JSON data, to be kept with what it was written into (`from_data` makes the
    message again, still translatable)."""
    if isinstance(message, Named):
        return {"name": str(message), "forms": message.forms}
    if isinstance(message, Wording):
        return {"msgid": message.msgid,
                "values": {name: as_data(v) for name, v in message.values.items()}}  # fmt: skip
    if isinstance(message, list | tuple):
        return [as_data(item) for item in message]
    return message if isinstance(message, int | float) else str(message)


def from_data(data: object) -> object:
    if isinstance(data, list):
        return [from_data(item) for item in data]
    if isinstance(data, dict) and "msgid" in data:
        values = data.get("values") or {}
        return Wording(str(data["msgid"]), **{name: from_data(v) for name, v in values.items()})
    if isinstance(data, dict) and "name" in data:
        return Named(str(data["name"]), dict(data.get("forms") or {}))
    return data


def kept_wording(**texts: object) -> dict:
    """The `details` of a record written from worded texts: each kept as data, so its page can
    read it in the reader's language (`cases.models.KeepsWording`); {} when none is worded."""
    worded = {name: as_data(text) for name, text in texts.items() if _is_worded(text)}
    return {"worded": worded} if worded else {}


def _is_worded(text: object) -> bool:
    if isinstance(text, list | tuple):
        return any(_is_worded(item) for item in text)
    return isinstance(text, Wording | Named)
