"""Settings, read from FORUM_* environment variables with safe defaults.

Nothing needs editing to start: the database lives in the instance folder
and the secret key is generated there on first start.
"""
import os
import secrets
from datetime import timedelta
from pathlib import Path


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def instance_secret_key(instance_path: str) -> str:
    """Return the key generated once into the instance folder, creating it if needed.

    Kept in a file rather than regenerated at start so that sessions and
    anonymous tags survive restarts and agree across workers.
    """
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: when several workers start at once, one writes and the
        # others read what it wrote.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
    return path.read_text().strip()


def from_environment(instance_path: str) -> dict:
    database_url = os.environ.get(
        "FORUM_DATABASE_URL",
        f"sqlite:///{Path(instance_path) / 'porchlight.sqlite3'}",
    )
    https = _flag("FORUM_HTTPS", False)
    return {
        # None: create_app falls back to instance_secret_key.
        "SECRET_KEY": os.environ.get("FORUM_SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "FORUM_RATELIMIT_ENABLED": _flag("FORUM_RATELIMIT_ENABLED", True),
        # Members' stories are not for search engines unless a community
        # decides otherwise.
        "FORUM_ROBOTS": os.environ.get("FORUM_ROBOTS", "noindex, nofollow"),
        "FORUM_HTTPS": https,
        "SESSION_COOKIE_SECURE": https,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "PASSWORD_HASH_METHOD": "scrypt",
        "TOPICS_PER_PAGE": 30,
        "POSTS_PER_PAGE": 20,
        # Tokens live as long as the session, so a reply written slowly in
        # the middle of the night is not refused for a stale token.
        "WTF_CSRF_TIME_LIMIT": None,
        # Sessions end after this long without a visit (sliding expiry).
        "PERMANENT_SESSION_LIFETIME": timedelta(days=int(os.environ.get("FORUM_SESSION_IDLE_DAYS", "14"))),
    }
