"""Messages and labels in the reader's language: the pure cores' messages, and the labels of
models' choices."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache

from django.utils.translation import get_language, gettext, override

from evidesk.wording import worded_in


def translated(message: object, language: str = "") -> object:
    """`message` in the active language when a core worded it (`evidesk.wording`), with its
    values and the parts it was joined from; any other text or value as it is."""
    return worded_in(message, language or active_language(), _catalogue_text)


def active_language() -> str:
    return (get_language() or "en").split("-")[0]


@lru_cache(maxsize=4096)
def _catalogue_text(language: str, msgid: str) -> str:
    # Kept: a case page asks for some forty messages, and the catalogues do not change while
    # the process runs.
    with override(language):
        return gettext(msgid)


def yes_or_no(value: bool) -> str:
    return gettext("yes") if value else gettext("no")


def name_of(names: dict[str, str], code: str, language: str = "") -> str:
    """A code of the stable vocabulary in words, in the active language (the code itself when
    it has no name)."""
    return translated(names.get(code, code), language)


def country_name(code: str) -> str:
    """An ISO 3166 country's name in the active language (the code itself if it is none)."""
    return country_names(active_language()).get(code, code)


@cache
def country_names(language: str) -> dict[str, str]:
    """Every ISO 3166 country's name: CLDR's (through Babel) in other languages, ISO's own in
    English."""
    import pycountry
    from babel import Locale

    cldr = {} if language == "en" else Locale.parse(language).territories
    return {c.alpha_2: cldr.get(c.alpha_2, c.name) for c in pycountry.countries}


def display_of(field: str, choices) -> Callable[[object], str]:
    """`get_<field>_display` as Django makes it, without building a dict of every translated
    choice at each call (0.3 ms): the labels are translated once per language, since list
    pages ask for them hundreds of times."""
    labels, in_language = dict(choices), {}

    def display(self) -> str:
        value, language = getattr(self, field), get_language()
        if language not in in_language:
            in_language[language] = {code: str(label) for code, label in labels.items()}
        return in_language[language].get(value, value)

    return display
