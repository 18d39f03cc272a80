"""Porchlight: a small, fast, anonymous-first forum for people in recovery."""
import os

import click
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from forum import compression, config
from forum.extensions import db, migrations


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application; the only place an app is made."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder=None,  # served by forum.assets, under content-hashed names
    )
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config:
        app.config.update(test_config)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = config.instance_secret_key(app.instance_path)

    compression.init_app(app)  # first, so that it runs last
    if proxies := app.config["FORUM_PROXIES"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    db.init_app(app)
    if click.get_current_context(silent=True) is not None:
        migrations(app)  # on the command line, `flask db ...` is there too

    from forum import assets, errors, headers, limits, preferences, rendering, routing, vocabulary
    from forum.auth import sessions

    for part in (sessions, preferences, routing, rendering, vocabulary, headers, errors, limits, assets):
        part.init_app(app)

    from forum.account.views import bp as account_bp
    from forum.auth.views import bp as auth_bp
    from forum.boards.views import bp as boards_bp
    from forum.feeds.views import bp as feeds_bp
    from forum.inbox.views import bp as inbox_bp
    from forum.meetings.views import bp as meetings_bp
    from forum.moderation.views import bp as moderation_bp
    from forum.pages.views import bp as pages_bp
    from forum.posts.views import bp as posts_bp
    from forum.profiles.views import bp as profiles_bp
    from forum.search.views import bp as search_bp
    from forum.settings.views import bp as settings_bp

    for blueprint in (
        boards_bp, posts_bp, auth_bp, account_bp, inbox_bp, profiles_bp, moderation_bp, pages_bp, feeds_bp, settings_bp,
        search_bp, meetings_bp,
    ):
        app.register_blueprint(blueprint)

    from forum.cli import forum_cli

    app.cli.add_command(forum_cli)
    return app
