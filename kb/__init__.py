"""Kho tri thức Bảo vệ trẻ em: the Flask web app and the ``kb`` command line."""
from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask

from kb import config
from kb.services import KnowledgeBase

log = logging.getLogger(__name__)


def create_app(test_config: dict | None = None) -> Flask:
    """The application factory (as in Flask's tutorial): settings, the knowledge base, blueprints."""
    app = Flask(__name__, template_folder=str(config.TEMPLATES_DIR),
                instance_path=str(config.instance_dir()), instance_relative_config=True)
    app.config.from_mapping(
        CONTENT_DIR=str(config.content_dir()),
        INSTANCE_DIR=str(config.instance_dir()),
        JSON_AS_ASCII=False,
    )
    if test_config:
        app.config.from_mapping(test_config)
    app.json.ensure_ascii = False
    # The instance folder holds password hashes and the secret key: only its owner may read it.
    Path(app.config["INSTANCE_DIR"]).mkdir(mode=0o700, parents=True, exist_ok=True)
    app.extensions["kb"] = KnowledgeBase(Path(app.config["CONTENT_DIR"]), Path(app.config["INSTANCE_DIR"]))

    from kb import api, browse, errors_web, feeds, transfer, views

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(browse.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(transfer.bp)
    errors_web.register(app)
    from kb import auth, csrf, db, editor, review, security

    auth.init_app(app)
    csrf.init_app(app)
    db.init_app(app)
    security.init_app(app)
    for blueprint in (auth.bp, editor.bp, review.bp):
        app.register_blueprint(blueprint)
    from kb import collections as trainer_collections

    trainer_collections.init_app(app)
    return app
