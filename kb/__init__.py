"""Kho tri thức Bảo vệ trẻ em: the Flask web app and the ``kb`` command line."""
from __future__ import annotations

import logging
from pathlib import Path

from flask import Blueprint, Flask

from kb import config, settings
from kb.knowledge_base import EXTENSION, KnowledgeBase

log = logging.getLogger(__name__)


def create_app(test_config: dict | None = None) -> Flask:
    """The application factory (as in Flask's tutorial): settings, the knowledge base, blueprints."""
    instance_dir = Path((test_config or {}).get("INSTANCE_DIR") or config.instance_dir()).resolve()
    app = Flask(__name__, template_folder=str(config.TEMPLATES_DIR),
                instance_path=str(instance_dir), instance_relative_config=True)
    app.config.from_mapping(
        CONTENT_DIR=str(config.content_dir()),
        INSTANCE_DIR=str(instance_dir),
        JSON_AS_ASCII=False,
    )
    settings.load(app.config, instance_dir, test_config)  # config.toml, then KB_* variables
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    config.make_private_dir(app.config["INSTANCE_DIR"])
    knowledge_base = KnowledgeBase(Path(app.config["CONTENT_DIR"]), Path(app.config["INSTANCE_DIR"]))
    knowledge_base.engine.cache_size = app.config["SEARCH_CACHE"]
    app.extensions[EXTENSION] = knowledge_base

    from kb import db
    from kb.accounts import admin, auth
    from kb.collections import api as collections_api, web as collections_web
    from kb.editing import editor, review
    from kb.web import (api, browse, compression, crawlers, csrf, error_pages, feeds, health, logs, proxy,
                        security, site)

    # The app's parts in order, a blueprint registered, a module's init_app called: hooks run in
    # this order (before_request) or in reverse (after_request: the access log sees the final response).
    for part in (site.bp, api.bp, browse.bp, feeds.bp, compression.bp, error_pages.init_app,
                 auth.init_app, csrf.init_app, db.init_app, security.init_app, auth.bp, editor.bp, review.bp,
                 collections_web.bp, collections_api.bp, admin.bp, health.bp, crawlers.bp,
                 proxy.init_app, logs.init_app):
        if isinstance(part, Blueprint):
            app.register_blueprint(part)
        else:
            part(app)
    return app
