"""The user's TOML config file: base URL, theme, keymap, cache budget, start list.

Precedence for the base URL: ``--base-url`` > ``TAZREADER_BASE_URL`` > config file > taz.de.
A broken config file never stops the reader: its problems are collected in ``Config.problems``
and shown to the user, and the defaults are used.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tazreader import paths
from tazreader.i18n import _
from tazreader.store import DEFAULT_BUDGET_MB
from tazreader.taz.text import inert
from tazreader.taz.urls import DEFAULT_BASE, BadUrl, normalise_base


@dataclass(frozen=True)
class Config:
    """The reader's settings, as config.toml, the command line and the environment give them."""

    base_url: str = DEFAULT_BASE
    theme: str = "textual-dark"
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> keys
    cache_budget_mb: int = DEFAULT_BUDGET_MB
    start_list: str = "last"  # last | front | bookmarks | history | changed | offline | a section
    language: str = ""  # "de" | "en"; "" follows the locale (LANG, LC_ALL, LC_MESSAGES)
    images: str = "auto"  # "auto" (pictures in the article) | "off" (captions only)
    problems: tuple[str, ...] = ()


def _from_table(data: dict[str, Any]) -> Config:
    problems: list[str] = []
    cfg = Config()
    if "base_url" in data:
        try:
            cfg = replace(cfg, base_url=normalise_base(str(data["base_url"])))
        except BadUrl as exc:
            problems.append(f"base_url: {exc}")  # BadUrl's message is translated
    if isinstance(data.get("theme"), str):
        cfg = replace(cfg, theme=data["theme"])
    keymap = data.get("keymap", {})
    if isinstance(keymap, dict):
        cfg = replace(cfg, keymap={str(k): str(v) for k, v in keymap.items()})
    else:
        problems.append("keymap: " + _('must be a table of binding id = "keys"'))
    budget = data.get("cache_budget_mb")
    if budget is not None:
        if isinstance(budget, int) and not isinstance(budget, bool) and budget > 0:
            cfg = replace(cfg, cache_budget_mb=budget)
        else:
            problems.append("cache_budget_mb: " + _("must be a positive whole number"))
    if isinstance(data.get("start_list"), str):
        cfg = replace(cfg, start_list=data["start_list"])
    images = data.get("images")
    if images is not None:
        if images in ("auto", "off"):
            cfg = replace(cfg, images=images)
        else:
            problems.append("images: " + _('must be "auto" or "off"'))
    language = data.get("language")
    if language is not None:
        if language in ("de", "en"):
            cfg = replace(cfg, language=language)
        else:
            problems.append("language: " + _('must be "de" or "en"'))
    return replace(cfg, problems=tuple(problems))


def load(path: Path | None = None, *, base_url: str | None = None) -> Config:
    """Read the config; ``base_url`` (from ``--base-url``) wins over everything."""
    path = path or paths.config_file()
    cfg = Config()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError) as exc:
        cfg = replace(cfg, problems=(_("config file {path} could not be read: {why}").format(
            path=path, why=exc),))
    else:
        try:
            cfg = _from_table(tomllib.loads(text))
        except tomllib.TOMLDecodeError as exc:
            cfg = replace(cfg, problems=(_("config file {path} is not valid TOML: {why}")
                                         .format(path=path, why=exc),))
    env = os.environ.get("TAZREADER_BASE_URL")
    for source, value in (("TAZREADER_BASE_URL", env), ("--base-url", base_url)):
        if value:
            try:
                cfg = replace(cfg, base_url=normalise_base(value))
            except BadUrl as exc:
                cfg = replace(cfg, problems=(*cfg.problems, f"{source}: {exc}"))
    return cfg


class ConfigError(Exception):
    """The config file could not be changed; ``str(error)`` says why, on one line."""


def set_value(path: Path | None, key: str, value: str | int | bool) -> None:
    """Set the top-level ``key`` of the config file to ``value``, and change nothing else.

    The rest of the file stays as the user wrote it (comments, order, spelling: tomlkit edits
    it in place), and what came from the command line or the environment is never written,
    because only ``key`` is. A file that does not parse is refused (``ConfigError``), never
    replaced by the defaults. A missing file is started. Written atomically.
    """
    import tomlkit  # only when the file is written: it costs start-up time
    import tomlkit.exceptions

    path = path or paths.config_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            _("The config file {path} could not be read, so it was left as it is: {why}")
            .format(path=path, why=inert(str(exc)))
        ) from exc
    try:
        tomllib.loads(text)  # the parser that reads the config decides what parses
        document = tomlkit.parse(text)
    except (tomllib.TOMLDecodeError, tomlkit.exceptions.TOMLKitError) as exc:
        raise ConfigError(
            _("The config file {path} is not valid TOML ({why}), so it was left as it is")
            .format(path=path, why=" ".join(inert(str(exc)).split()))
        ) from exc
    if not text.strip():
        document.add(tomlkit.comment("tazreader configuration"))
    document[key] = value
    new_text = tomlkit.dumps(document)
    tomllib.loads(new_text)  # what is written must read back (a bug here must not hide)
    paths.atomic_write_text(path, new_text)
