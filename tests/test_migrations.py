"""The schema comes from migrations, and they match the models."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from forum.extensions import db
from tests.conftest import make_app


def test_migrations_upgrade_an_empty_database_to_match_the_models(tmp_path):
    app = make_app(tmp_path / "empty.sqlite3")
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == []
        db.engine.dispose()


def test_migrations_downgrade_to_nothing_and_back(tmp_path):
    app = make_app(tmp_path / "roundtrip.sqlite3")
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) == {"alembic_version"}
        upgrade()
        assert {"users", "boards", "topics", "posts"} <= set(inspect(db.engine).get_table_names())
        db.engine.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(app):
    with app.app_context():
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
