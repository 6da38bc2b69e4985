"""Kho tri thức Bảo vệ trẻ em: the Flask web app and the ``kb`` command line."""
from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask

from kb import config, settings
from kb.services import KnowledgeBase

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
    app.json.ensure_ascii = False
    config.make_private_dir(app.config["INSTANCE_DIR"])
    app.extensions["kb"] = KnowledgeBase(Path(app.config["CONTENT_DIR"]), Path(app.config["INSTANCE_DIR"]))
    app.extensions["kb"].engine.cache_size = app.config["SEARCH_CACHE"]

    from kb import api, browse, errors_web, feeds, transfer, views

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(browse.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(transfer.bp)
    errors_web.register(app)
    from kb import admin, auth, crawlers, csrf, db, editor, health, proxy, review, security, weblog

    auth.init_app(app)
    csrf.init_app(app)
    db.init_app(app)
    security.init_app(app)
    for blueprint in (auth.bp, editor.bp, review.bp):
        app.register_blueprint(blueprint)
    from kb import collections as trainer_collections

    trainer_collections.init_app(app)
    for blueprint in (admin.bp, health.bp, crawlers.bp):
        app.register_blueprint(blueprint)
    proxy.init_app(app)
    weblog.init_app(app)
    return app
