"""The extension objects, created unbound and bound in create_app."""
import sqlite3
from pathlib import Path

from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

# Named constraints so that Alembic can alter them on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION))
login_manager = LoginManager()


def upsert(model):
    """INSERT ... ON CONFLICT for the database in use (SQLite and PostgreSQL spell it alike).

    For rows two tabs may make at once (a follow, a read mark): the second
    is answered by the database, without a savepoint or a retry.
    """
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(model)


MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def migrations(app):
    """Flask-Migrate (Alembic) for this app, set up on first use.

    Alembic adds some 11 MB to a process; web workers never migrate, so
    only the command line (`flask db`, `forum init`) and tests load it.
    """
    if "migrate" not in app.extensions:
        from flask_migrate import Migrate

        Migrate(app, db, directory=str(MIGRATIONS))
    return app.extensions["migrate"]


@event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection, _record):
    """The one place for SQLite-only settings (PostgreSQL needs none).

    WAL lets readers carry on while a member posts; the busy timeout makes a
    writer wait for another instead of failing; SQLite leaves foreign keys
    off unless asked.
    """
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    # What is deleted is overwritten, not only forgotten: a removed post's
    # words must not stay readable in the file's free pages.
    cursor.execute("PRAGMA secure_delete=ON")
    # In WAL mode NORMAL is still safe against corruption; a power cut may
    # lose the last moment's commits, in exchange for far fewer fsyncs.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
