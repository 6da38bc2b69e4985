"""The site's settings: defaults, an optional instance config file, then ``KB_*`` environment variables.

Each setting is defined once in :data:`SETTINGS` (the README's table lists the same names). They are
read in this order, a later source overriding an earlier one:

1. the defaults below;
2. ``config.toml`` in the instance folder (``REVIEW_REQUIRED = false``), if it exists;
3. environment variables with the ``KB_`` prefix (``KB_REVIEW_REQUIRED=false``), read with Flask's
   ``from_prefixed_env`` (values are JSON when they parse as JSON: ``8``, ``true``, ``"text"``);
4. the mapping given to ``create_app`` (tests).

Values are then checked and converted to their type; a wrong one stops the start with a
:class:`SettingsError` naming the variable. :func:`unsafe_combinations` is what ``kb check`` warns
about.
"""
from __future__ import annotations

import ipaddress
import logging
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from flask import Config

from kb.errors import KBError
from kb.web.security import DEFAULT_MAX_CONTENT_LENGTH

log = logging.getLogger(__name__)

PREFIX = "KB"
CONFIG_FILE = "config.toml"
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


class SettingsError(KBError):
    """A setting has a value of the wrong kind (a number expected, a switch expected…)."""


@dataclass(frozen=True)
class Setting:
    """One setting of the site: its name (without the ``KB_`` prefix), type, default and meaning."""

    name: str
    type: type
    default: object
    help: str


SETTINGS = (
    Setting("SECRET_KEY", str, None, "signs session cookies; default: generated once in instance/secret_key"),
    Setting("REVIEW_REQUIRED", bool, True, "an editor's work is published only after another editor or an admin approves it"),
    Setting("SESSION_HOURS", int, 8, "hours a login lasts"),
    Setting("LOGIN_FREE_ATTEMPTS", int, 3, "failed logins per account and address before each try must wait"),
    Setting("LOGIN_DELAY_BASE", int, 2, "seconds of the first wait, doubling with each further failure"),
    Setting("LOGIN_DELAY_MAX", int, 900, "longest wait between tries, in seconds"),
    Setting("MAX_CONTENT_LENGTH", int, DEFAULT_MAX_CONTENT_LENGTH, "largest request body (uploads) in bytes"),
    Setting("COOKIE_SECURE", bool, None, "send the session cookie over HTTPS only; default: on (off when testing or debugging)"),
    Setting("PROXY_COUNT", int, 0, "reverse proxies in front of the site whose X-Forwarded-For/-Proto/-Host/-Port/-Prefix are trusted; 0: none"),
    Setting("SEARCH_CACHE", int, 256, "result pages a server process keeps until the index changes; 0: none"),
    Setting("ACCESS_LOG", bool, True, "log one line per request (logger kb.access)"),
    Setting("LOG_JSON", bool, False, "write log lines as JSON objects instead of text"),
    Setting("LOG_LEVEL", str, "INFO", "level of the application log under `kb serve` (DEBUG, INFO, WARNING…)"),
)
BY_NAME = {setting.name: setting for setting in SETTINGS}
# KB_* variables read elsewhere (folders, the command line, indexing): not site settings, not typos.
OTHER_VARIABLES = {"CONTENT_DIR", "INSTANCE_DIR", "INDEX_PROCS", "INDEX_MEMORY_MB", "USER_PASSWORD", "WORKERS", "THREADS",
                   "HOST", "PORT", "DEBUG", "SOAK"}
MAX_SESSION_HOURS = 24 * 7
MAX_BODY_BYTES = 100 * 2**20


def _convert(setting: Setting, value: object) -> object:
    if value is None or setting.type is str:
        return value if value is None else str(value)
    if setting.type is bool:
        if isinstance(value, bool):
            return value
        if str(value).strip().lower() in _TRUE | _FALSE:
            return str(value).strip().lower() in _TRUE
        raise SettingsError(f"{PREFIX}_{setting.name}: expected true or false, got {value!r}")
    try:
        number = int(value)  # bool is an int too: True would read as 1
    except (TypeError, ValueError):
        number = None
    if number is None or isinstance(value, bool) or number < 0:
        raise SettingsError(f"{PREFIX}_{setting.name}: expected a whole number ≥ 0, got {value!r}")
    return number


def config_file(instance_dir: str | Path) -> Path:
    """The optional settings file of an instance folder."""
    return Path(instance_dir) / CONFIG_FILE


def load(config: Config, instance_dir: str | Path, overrides: Mapping | None = None) -> None:
    """Fill ``config`` from the defaults, the instance's ``config.toml``, ``KB_*`` and ``overrides``."""
    for setting in SETTINGS:
        config.setdefault(setting.name, setting.default)
    path = config_file(instance_dir)
    try:
        config.from_file(str(path), load=tomllib.load, text=False, silent=True)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML ({exc})") from exc
    config.from_prefixed_env(PREFIX)
    if overrides:
        config.from_mapping(overrides)
    for setting in SETTINGS:
        config[setting.name] = _convert(setting, config.get(setting.name))
    config["LOG_LEVEL"] = config["LOG_LEVEL"].upper()
    if config["LOG_LEVEL"] not in logging.getLevelNamesMapping():
        raise SettingsError(f"{PREFIX}_LOG_LEVEL: expected DEBUG, INFO, WARNING or ERROR, got {config['LOG_LEVEL']!r}")


def resolved(instance_dir: str | Path) -> dict:
    """The settings a server started now would use (for ``kb check``), without starting one."""
    config = Config(str(instance_dir))
    load(config, instance_dir)
    return dict(config)


def unknown_names(instance_dir: str | Path, environ: Mapping[str, str]) -> list[str]:
    """``KB_*`` variables and config-file keys that no part of the site reads (typos, old names)."""
    names = [f"{PREFIX}_{key[len(PREFIX) + 1:]}" for key in environ if key.startswith(f"{PREFIX}_")
             and key[len(PREFIX) + 1:] not in BY_NAME and key[len(PREFIX) + 1:] not in OTHER_VARIABLES]
    path = config_file(instance_dir)
    if path.is_file():
        with open(path, "rb") as handle:
            names += [f"{path}: {key}" for key in tomllib.load(handle) if key not in BY_NAME]
    return sorted(names)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def unsafe_combinations(settings: Mapping, environ: Mapping[str, str]) -> list[str]:
    """What a careful administrator would not run in production, each as one sentence."""
    problems = []
    if settings.get("COOKIE_SECURE") is False:
        problems.append("COOKIE_SECURE is off: session cookies also travel over plain HTTP "
                        "(serve the site over HTTPS and leave it on)")
    host = environ.get(f"{PREFIX}_HOST", "127.0.0.1")
    if settings["PROXY_COUNT"] and not _is_loopback(host):
        problems.append(f"PROXY_COUNT={settings['PROXY_COUNT']} while `kb serve` listens on {host}: "
                        "anyone who reaches the port directly can forge X-Forwarded-For and dodge the "
                        "login throttle (listen on 127.0.0.1 behind the proxy)")
    if settings["LOGIN_FREE_ATTEMPTS"] > 10 or settings["LOGIN_DELAY_MAX"] < 60:
        problems.append("login throttling is weak (LOGIN_FREE_ATTEMPTS > 10 or LOGIN_DELAY_MAX < 60 s): "
                        "passwords can be guessed quickly")
    if settings["SESSION_HOURS"] > MAX_SESSION_HOURS:
        problems.append(f"SESSION_HOURS={settings['SESSION_HOURS']}: logins last more than a week")
    if settings["MAX_CONTENT_LENGTH"] > MAX_BODY_BYTES:
        problems.append(f"MAX_CONTENT_LENGTH={settings['MAX_CONTENT_LENGTH']}: uploads are read into "
                        f"memory; more than {MAX_BODY_BYTES // 2**20} MB lets a few requests exhaust it")
    if not settings["REVIEW_REQUIRED"]:
        problems.append("REVIEW_REQUIRED is off: editors publish without anyone else reading their work")
    return problems
