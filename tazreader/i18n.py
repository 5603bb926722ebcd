"""The reader's language: German for German locales, English otherwise (gettext catalogs).

Every string of the interface is written in English in the code and goes through ``_()``;
``tazreader/locale/de/LC_MESSAGES/tazreader.po`` holds the German (compiled to ``.mo`` with
Babel: ``pybabel compile -d tazreader/locale -D tazreader``). A string defined before the
language is known (a module constant, a key's description) is marked with ``N_()`` and
translated where it is shown: ``_(FIRST_RUN)``.

The language comes from ``language = "de" | "en"`` in the config, else from the locale
(``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``de_DE.UTF-8`` and the like are German). The command
line (``tazreader/__main__.py``) chooses it before it builds its parser, and has argparse ask
this catalog for argparse's own words ("usage: ", "options" …) too.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "tazreader"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("de", "en")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def from_locale(env: Mapping[str, str] | None = None) -> str:
    """``de`` when the locale says German (the first of LC_ALL, LC_MESSAGES, LANG that is set
    decides, as in POSIX), else ``en``."""
    env = os.environ if env is None else env
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if value:
            return "de" if value.lower().startswith("de") else "en"
    return "en"


def configured() -> str | None:
    """The config file's ``language`` ("de"/"en"), or None (no file, no such key, anything
    wrong: :mod:`tazreader.config` says what when it reads the file). Read on its own, because
    the command line needs it before its parser is built, and the config module costs some
    50 ms to import (it loads the store); ``--help`` should not wait for that."""
    import tomllib

    from tazreader import paths

    try:
        data = tomllib.loads(paths.config_file().read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    language = data.get("language")
    return language if language in LANGUAGES else None


def set_language(language: str | None = None) -> str:
    """Use ``language`` ("de"/"en"; None or anything else: from the locale); returns it."""
    global _translation, _language
    chosen = language if language in LANGUAGES else from_locale()
    if chosen == "en":
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(
            DOMAIN, LOCALE_DIR, languages=[chosen], fallback=True
        )
    _language = chosen
    return chosen


def language() -> str:
    """The language in use: "de" or "en"."""
    return _language


def _(message: str) -> str:
    """``message`` in the reader's language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural of a message with a number, in the reader's language."""
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark ``message`` for the catalog; it is translated where it is shown."""
    return message


set_language()
