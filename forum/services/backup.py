"""Consistent copies of the SQLite database, and putting one back."""
import os
import sqlite3

from forum.extensions import db


class BackupError(RuntimeError):
    pass


def _sqlite_only() -> None:
    if db.engine.dialect.name != "sqlite":
        raise BackupError("`forum backup` and `forum restore` work on SQLite; for PostgreSQL use pg_dump and pg_restore.")


def backup_to(path: str) -> None:
    """Copy the live database to path with SQLite's online backup API.

    The backup API copies a consistent snapshot even while members post,
    unlike copying the file (which can catch the WAL half-written).
    """
    _sqlite_only()
    if os.path.exists(path):
        raise BackupError(f"{path} already exists; choose a new file name.")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise BackupError(f"There is no folder {folder}; create it first.")
    # Readable by the forum's own user alone: a backup holds password hashes
    # and who wrote every anonymous post.
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    live = db.engine.raw_connection()
    target = sqlite3.connect(path)
    try:
        live.driver_connection.backup(target)
    finally:
        target.close()
        live.close()


def restore_from(path: str, known_revisions: set[str]) -> None:
    """Replace the live database's contents with a backup's, in one step.

    Uses the same online backup API in the other direction, so the forum
    can keep running: its next request sees the restored data. The caller
    then brings the schema up to date and ends every login: the backup's
    logins include some ended since (logged out, passwords changed).
    """
    _sqlite_only()
    if not os.path.isfile(path):
        raise BackupError(f"There is no backup at {path}.")
    backup = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        check = backup.execute("PRAGMA integrity_check").fetchone()
        has_schema = backup.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('alembic_version', 'posts')"
        ).fetchone()[0] == 2
        version = backup.execute("SELECT version_num FROM alembic_version").fetchone() if has_schema else None
    except sqlite3.DatabaseError:
        backup.close()
        raise BackupError(f"{path} is not a Porchlight backup (not an SQLite database).") from None
    if check != ("ok",) or not has_schema:
        backup.close()
        raise BackupError(f"{path} is not a Porchlight backup, or it is damaged.")
    if version is None or version[0] not in known_revisions:
        backup.close()
        raise BackupError(f"{path} was made by a newer Porchlight than this one; upgrade first, then restore.")
    db.session.remove()
    db.engine.dispose()  # no pooled connection may hold the old data
    live = db.engine.raw_connection()
    try:
        backup.backup(live.driver_connection)
    finally:
        backup.close()
        live.close()
    db.engine.dispose()
