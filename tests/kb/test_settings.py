"""Settings: defaults, the instance's config.toml, ``KB_*`` variables, and what ``kb check`` warns about."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from kb import create_app
from kb.maintenance import check
from kb.knowledge_base import KnowledgeBase
from kb.settings import SETTINGS, SettingsError
from tests.conftest import PROJECT

# A value other than the default for each setting, as an administrator would type it, and what it reads as.
NON_DEFAULTS = {
    "SECRET_KEY": ("9f1c7e0b2d4a6c8e9f1c7e0b2d4a6c8e", "9f1c7e0b2d4a6c8e9f1c7e0b2d4a6c8e"),
    "REVIEW_REQUIRED": ("false", False),
    "SESSION_HOURS": ("2", 2),
    "LOGIN_FREE_ATTEMPTS": ("5", 5),
    "LOGIN_DELAY_BASE": ("4", 4),
    "LOGIN_DELAY_MAX": ("600", 600),
    "MAX_CONTENT_LENGTH": ("1048576", 1048576),
    "COOKIE_SECURE": ("0", False),
    "PROXY_COUNT": ("1", 1),
    "SEARCH_CACHE": ("0", 0),
    "ACCESS_LOG": ("off", False),
    "LOG_JSON": ("true", True),
    "LOG_LEVEL": ("WARNING", "WARNING"),
}


def _app(indexed_kb, tmp_path, **config):
    return create_app({"CONTENT_DIR": str(indexed_kb.content.root), "INSTANCE_DIR": str(tmp_path / "instance"),
                       **config})


def test_every_setting_has_a_case_here():
    assert set(NON_DEFAULTS) == {s.name for s in SETTINGS}


@pytest.mark.parametrize("name", sorted(NON_DEFAULTS))
def test_each_setting_is_read_from_the_environment(name, indexed_kb, tmp_path, monkeypatch):
    text, expected = NON_DEFAULTS[name]
    default = _app(indexed_kb, tmp_path).config[name]
    assert default != expected
    monkeypatch.setenv(f"KB_{name}", text)
    app = _app(indexed_kb, tmp_path)
    assert app.config[name] == expected


def test_settings_take_effect(indexed_kb, tmp_path, monkeypatch):
    for name in ("SESSION_HOURS", "COOKIE_SECURE", "SEARCH_CACHE", "MAX_CONTENT_LENGTH"):
        monkeypatch.setenv(f"KB_{name}", NON_DEFAULTS[name][0])
    app = _app(indexed_kb, tmp_path)
    assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=2)
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.extensions["kb"].engine.cache_size == 0
    big = "x" * 1048577
    assert app.test_client().post("/login", data={"username": big}).status_code == 413


def test_the_instance_config_file_is_read_and_the_environment_wins(indexed_kb, tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.toml").write_text("REVIEW_REQUIRED = false\nSESSION_HOURS = 3\n", encoding="utf-8")
    monkeypatch.setenv("KB_SESSION_HOURS", "5")
    app = _app(indexed_kb, tmp_path)
    assert app.config["REVIEW_REQUIRED"] is False and app.config["SESSION_HOURS"] == 5


@pytest.mark.parametrize("name, value", [("SESSION_HOURS", "tám"), ("REVIEW_REQUIRED", "có lẽ"),
                                         ("PROXY_COUNT", "-1"), ("LOG_LEVEL", "ồn-ào")])
def test_a_wrong_value_stops_the_start_and_names_the_variable(name, value, indexed_kb, tmp_path, monkeypatch):
    monkeypatch.setenv(f"KB_{name}", value)
    with pytest.raises(SettingsError, match=f"KB_{name}"):
        _app(indexed_kb, tmp_path)


def test_kb_check_warns_about_unsafe_combinations_and_unknown_names(indexed_kb, tmp_path, monkeypatch):
    kb = KnowledgeBase(indexed_kb.content.root, tmp_path / "instance")

    def problems():
        return [f.message for f in check(kb) if f.problem]

    for name in ("KB_SECRET_KEY", "FLASK_DEBUG", "KB_DEBUG", "KB_HOST"):
        monkeypatch.delenv(name, raising=False)
    assert not [p for p in problems() if "setting" in p or "COOKIE" in p or "PROXY" in p]
    monkeypatch.setenv("KB_COOKIE_SECURE", "false")
    monkeypatch.setenv("KB_PROXY_COUNT", "1")
    monkeypatch.setenv("KB_HOST", "0.0.0.0")
    monkeypatch.setenv("KB_REVIEW_REQUIRD", "false")  # a typo: silently ignored without the check
    found = problems()
    assert any(p.startswith("COOKIE_SECURE is off") for p in found)
    assert any(p.startswith("PROXY_COUNT=1 while `kb serve` listens on 0.0.0.0") for p in found)
    assert any(p.startswith("KB_REVIEW_REQUIRD is not a setting") for p in found)
    monkeypatch.setenv("KB_SESSION_HOURS", "nhiều")
    assert any("KB_SESSION_HOURS: expected a whole number" in p for p in problems())


def test_the_readme_documents_every_setting_in_one_table():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `KB_([A-Z_]+)` \|", readme, re.MULTILINE)
    assert {s.name for s in SETTINGS} <= set(rows)
