"""Output languages: the project's own catalogues for fixed wording, and a check that free text
is written in the script of the output language. No Django: the catalogues are read with the
standard library, so drafting works from a scenario file on a machine without a database."""

from __future__ import annotations

import gettext
import re
import unicodedata
from datetime import date
from functools import cache
from pathlib import Path

from evidesk.wording import LANGUAGES, Wording, worded_in

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
# The Cyrillic script is what Russian is written in; the other output language uses Latin.
SCRIPT = {"en": "LATIN", "ru": "CYRILLIC"}


def parse_languages(spec: str) -> tuple[str, ...]:
    """'en', 'ru' or 'en+ru' (both, one after the other)."""
    languages = tuple(part.strip().lower() for part in spec.split("+") if part.strip())
    if not languages or any(lang not in LANGUAGES for lang in languages):
        raise ValueError(f"Output language must be en, ru or en+ru, not {spec!r}.")
    return tuple(dict.fromkeys(languages))


@cache
def catalogue(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation("django", localedir=LOCALE_DIR, languages=[lang])


def translate(lang: str, msgid: str, values: tuple[tuple[str, str], ...] = ()) -> str:
    message = _gettext(lang, msgid)
    return message % dict(values) if values else message


def in_language(message: Wording, lang: str) -> str:
    """A message the advisor worded, in `lang`, with its values in `lang` too."""
    return str(worded_in(message, lang, _gettext))


def counted(
    lang: str, singular: str, plural: str, count: int, values: tuple[tuple[str, object], ...]
) -> str:
    """Words with a whole number in `lang`, the noun agreeing with it by the catalogue's plural
    forms: "1 day", «1 день», «2 дня», «5 дней», «21 день» (never "1 days" or «1 дней»)."""
    return catalogue(lang).ngettext(singular, plural, count) % dict(values)


UP_TO_YEAR, UP_TO_YEARS = "up to %(years)s year", "up to %(years)s years"
DECIMAL_MARK = {"en": ".", "ru": ","}


def up_to_years(lang: str, years: float) -> str:
    """A maximum penalty in `lang`, the noun agreeing with the number: "up to 1 year",
    "до 1 года", "до 5 лет", "до 7,5 года" (a fraction takes its own form)."""
    if years == 0:  # a fine or another penalty only: no term of deprivation of liberty
        return catalogue(lang).pgettext("deprivation of liberty", "none")
    if float(years).is_integer():
        return counted(lang, UP_TO_YEAR, UP_TO_YEARS, int(years), (("years", int(years)),))
    number = f"{years:g}".replace(".", DECIMAL_MARK[lang])
    return catalogue(lang).pgettext("a fraction of years", UP_TO_YEARS) % {"years": number}


# The locale whose long date form each language's letters use: "7 December 2026" (the day
# first, as in the rest of the British English wording), and the Russian long form.
DATE_LOCALE = {"en": "en_GB", "ru": "ru"}


def calendar_date(lang: str, day: date) -> str:
    """A letter's date as `lang` writes it, through CLDR (Babel). CLDR's narrow no-break
    space before the Russian year's abbreviation becomes a space: Windows-1251, in which a text
    may be pasted on, has none."""
    from babel.dates import format_date

    return format_date(day, "long", locale=DATE_LOCALE[lang]).replace("\u202f", " ")


# A date in figures as each language writes it: English keeps ISO 8601, the form the provider's
# logs are searched by; Russian puts the day first (01.10.2026), as its official letters do.
NUMERIC_DATE = {"en": "{year}-{month}-{day}", "ru": "{day}.{month}.{year}"}
ISO_MOMENT = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)[T ]"
    r"(?P<time>[^Z+-]*)Z?(?P<offset>[+-]\d\d:\d\d)?$"
)


def moment(lang: str, stamp: str) -> str:
    """An ISO 8601 moment as `lang` writes it: '2026-10-01 00:00:00 +04:00', «01.10.2026
    00:00:00 +04:00»; the time and its offset unchanged. Anything else as it is."""
    found = ISO_MOMENT.match(stamp)
    if not found:
        return stamp
    day = NUMERIC_DATE[lang].format(**found.groupdict())
    offset = f" {found['offset']}" if found["offset"] else ""
    return f"{day} {found['time']}{offset}"


def _gettext(lang: str, msgid: str) -> str:
    return catalogue(lang).gettext(msgid)


def dominant_script(value: str) -> str | None:
    """LATIN, CYRILLIC or None (no letters, e.g. an IP address or a number)."""
    counts: dict[str, int] = {}
    for ch in value:
        if ch.isalpha():
            script = unicodedata.name(ch, "").split(" ")[0]
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


def needs_translation(value: str, lang: str) -> bool:
    script = dominant_script(value)
    return script is not None and script in SCRIPT.values() and script != SCRIPT[lang]
