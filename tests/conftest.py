"""Fixtures: a real app on a real SQLite file, built by the real migrations."""
import shutil
from functools import partial

import pytest
from flask_migrate import upgrade

from forum.services.boards import seed_default_boards
from tests import helpers
from tests.helpers import Forum, Members, make_app, served_by_gunicorn


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """One database upgraded to head and seeded, copied fresh for every test."""
    path = tmp_path_factory.mktemp("template") / "forum.sqlite3"
    app = make_app(path)
    with app.app_context():
        upgrade()
        seed_default_boards()
        from forum.extensions import db

        db.session.commit()
        db.engine.dispose()
    return path


@pytest.fixture
def database_path(migrated_database, tmp_path):
    path = tmp_path / "forum.sqlite3"
    shutil.copy(migrated_database, path)
    return path


@pytest.fixture
def app(database_path):
    app = make_app(database_path)
    yield app
    with app.app_context():
        from forum.extensions import db

        db.engine.dispose()


@pytest.fixture(scope="module")
def module_app(migrated_database, tmp_path_factory):
    """One app for a whole module, for tests that share a scene built once
    (each test in helpers.put_back_afterwards, so that it finds the scene as built)."""
    path = tmp_path_factory.mktemp("module") / "forum.sqlite3"
    shutil.copy(migrated_database, path)
    app = make_app(path)
    yield app
    with app.app_context():
        from forum.extensions import db

        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def members(client):
    return Members(client)


@pytest.fixture
def forum(client):
    return Forum(client)


@pytest.fixture
def sign_in_as(app):
    return partial(helpers.sign_in_as, app)


@pytest.fixture
def live_forum(app, database_path):
    """The app served by gunicorn over real HTTP, for a browser to visit; the test's app shares its database."""
    with served_by_gunicorn(database_path) as base:
        yield base


@pytest.fixture(scope="session")
def chromium():
    """One Chromium for the whole run: starting it costs seconds. Tests use `browser`."""
    helpers.needs_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=helpers.CHROMIUM, args=helpers.BROWSER_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser(chromium):
    """The run's Chromium; every context (cookies, settings) a test opens in it is closed after the test."""
    yield chromium
    for context in chromium.contexts:
        context.close()
