"""Fixtures: a real app on a real SQLite file, built by the real migrations,
and the same on a throwaway PostgreSQL cluster for the tests that ask for it."""
import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from functools import partial
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine

from forum.config import database_url
from forum.services.boards import seed_default_boards
from tests import helpers
from tests.helpers import Forum, Members, app_on, free_port, make_app, served_by_gunicorn


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """One database upgraded to head and seeded, copied fresh for every test."""
    path = tmp_path_factory.mktemp("template") / "forum.sqlite3"
    _migrate_and_seed(make_app(path))
    return path


def _migrate_and_seed(app) -> None:
    """As `forum init` does: every migration, and the default boards."""
    with app.app_context():
        from forum.extensions import db

        upgrade()
        seed_default_boards()
        db.session.commit()
        db.engine.dispose()


@pytest.fixture
def database_path(migrated_database, tmp_path):
    path = tmp_path / "forum.sqlite3"
    shutil.copy(migrated_database, path)
    return path


@pytest.fixture
def app(database_path):
    with app_on(database_path) as app:
        yield app


@pytest.fixture(scope="module")
def module_app(migrated_database, tmp_path_factory):
    """One app for a whole module, for tests that share a scene built once
    (each test in helpers.put_back_afterwards, so that it finds the scene as built)."""
    path = tmp_path_factory.mktemp("module") / "forum.sqlite3"
    shutil.copy(migrated_database, path)
    with app_on(path) as app:
        yield app


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


# --- PostgreSQL ----------------------------------------------------------------

def _postgres_programs() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb")) or [shutil.which("initdb")]
    return Path(found[-1]).parent if found[-1] else None


@pytest.fixture(scope="session")
def postgres():
    """The URL of a PostgreSQL server whose `postgres` database tests may use to make their own.

    A throwaway cluster on a free local port, started once for the run (or
    FORUM_TEST_POSTGRES_URL's server).
    """
    if os.environ.get("FORUM_TEST_POSTGRES_URL"):
        yield database_url(os.environ["FORUM_TEST_POSTGRES_URL"])
        return
    programs = _postgres_programs()
    if programs is None:
        if os.environ.get("FORUM_REQUIRE_POSTGRES"):
            raise RuntimeError("FORUM_REQUIRE_POSTGRES is set but PostgreSQL is not installed")
        pytest.skip("needs PostgreSQL (apt-get install postgresql)")
    home = Path(tempfile.mkdtemp(prefix="porchlight-postgres-"))
    as_owner = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(home, "postgres")
        as_owner = ["runuser", "-u", "postgres", "--"]
    cluster, port = home / "cluster", free_port()
    subprocess.run([*as_owner, programs / "initdb", "-D", cluster, "-U", "forum", "--auth=trust", "-E", "UTF8",
                    "--locale=C.UTF-8"], check=True, capture_output=True)
    started = subprocess.run([*as_owner, programs / "pg_ctl", "-D", cluster, "-l", home / "server.log", "-w", "-o",
                              f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
                             capture_output=True, text=True)
    assert started.returncode == 0, started.stdout + started.stderr
    try:
        yield f"postgresql+psycopg://forum@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_owner, programs / "pg_ctl", "-D", cluster, "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


def _on_server(postgres, statement: str) -> None:
    server = create_engine(postgres, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.exec_driver_sql(statement)
    server.dispose()


def _database(postgres, name: str) -> str:
    return postgres.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def postgres_template(postgres):
    """A database migrated and seeded like `forum init` does, once: each test's is a copy of it."""
    name = f"forum_template_{uuid.uuid4().hex[:8]}"
    _on_server(postgres, f'CREATE DATABASE "{name}"')
    _migrate_and_seed(make_app(_database(postgres, name)))
    return name


@pytest.fixture
def pg_database(postgres, postgres_template):
    """The URL of a fresh PostgreSQL database, migrated and seeded like `forum init` does."""
    name = f"forum_{uuid.uuid4().hex[:12]}"
    _on_server(postgres, f'CREATE DATABASE "{name}" TEMPLATE "{postgres_template}"')
    yield _database(postgres, name)
    _on_server(postgres, f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def pg_app(pg_database):
    """The forum on a fresh PostgreSQL database."""
    with app_on(pg_database) as app:
        yield app
