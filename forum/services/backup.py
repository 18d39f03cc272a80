"""Consistent copies of the SQLite database."""
import os
import sqlite3

from forum.extensions import db


class BackupError(RuntimeError):
    pass


def backup_to(path: str) -> None:
    """Copy the live database to path with SQLite's online backup API.

    The backup API copies a consistent snapshot even while members post,
    unlike copying the file (which can catch the WAL half-written).
    """
    if db.engine.dialect.name != "sqlite":
        raise BackupError("`forum backup` copies SQLite databases; for PostgreSQL use pg_dump.")
    if os.path.exists(path):
        raise BackupError(f"{path} already exists; choose a new file name.")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise BackupError(f"There is no folder {folder}; create it first.")
    source = db.engine.raw_connection()
    try:
        target = sqlite3.connect(path)
        try:
            source.driver_connection.backup(target)
        finally:
            target.close()
    finally:
        source.close()
