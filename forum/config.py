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
        # Written whole to a private file, then linked into place: when
        # several workers start at once, the first link wins and nobody
        # ever reads a half-written key.
        draft = path.with_name(f"secret_key.{os.getpid()}")
        draft.write_text(secrets.token_hex(32))
        draft.chmod(0o600)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def database_url(url: str) -> str:
    """The URL as SQLAlchemy needs it: PostgreSQL through psycopg 3, the
    driver Porchlight installs, however a host's panel spells the URL."""
    for scheme in ("postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url.removeprefix(scheme)
    return url


def from_environment(instance_path: str) -> dict:
    database = database_url(os.environ.get(
        "FORUM_DATABASE_URL",
        f"sqlite:///{Path(instance_path) / 'porchlight.sqlite3'}",
    ))
    https = _flag("FORUM_HTTPS", False)
    return {
        # None: create_app falls back to instance_secret_key.
        "SECRET_KEY": os.environ.get("FORUM_SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": database,
        # Members' stories are not for search engines unless a community
        # decides otherwise.
        "FORUM_ROBOTS": os.environ.get("FORUM_ROBOTS", "noindex, nofollow"),
        "FORUM_HTTPS": https,
        # How many proxies (nginx) stand in front: their X-Forwarded-For and
        # -Proto are trusted, so rate limits see each client, not the proxy.
        "FORUM_PROXIES": int(os.environ.get("FORUM_PROXIES", "0")),
        # Off for benchmarks and load tests; memory:// suits one server,
        # redis://host:6379 shares the counts between several.
        "FORUM_RATELIMIT_ENABLED": _flag("FORUM_RATELIMIT_ENABLED", True),
        "FORUM_RATELIMIT_STORAGE_URL": os.environ.get("FORUM_RATELIMIT_STORAGE_URL", "memory://"),
        "SESSION_COOKIE_SECURE": https,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "PASSWORD_HASH_METHOD": "scrypt",
        # Days a deleted account's handle stays out of anyone else's reach.
        "FORUM_HANDLE_HOLD_DAYS": int(os.environ.get("FORUM_HANDLE_HOLD_DAYS", "90")),
        # Far above any real post (20,000 characters, percent-encoded), far
        # below what would strain a small worker.
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        # Reports (by distinct members; a day-old account counts half) that
        # hide a post from members until a moderator has looked.
        "FORUM_AUTOHIDE_THRESHOLD": float(os.environ.get("FORUM_AUTOHIDE_THRESHOLD", "3")),
        # How a suspended or banned member can appeal, in the forum's own
        # words: an address, a URL, or a sentence. Shown to them; unset, they
        # are told to ask the person who runs the forum.
        "FORUM_APPEAL_CONTACT": os.environ.get("FORUM_APPEAL_CONTACT", "").strip(),
        # What a reader who chose nothing gets (forum.preferences): dates in
        # this IANA zone, and this language when their browser asks for none
        # the forum speaks ("en" or "es").
        "FORUM_TIME_ZONE": os.environ.get("FORUM_TIME_ZONE", "UTC").strip(),
        "FORUM_DEFAULT_LANGUAGE": os.environ.get("FORUM_DEFAULT_LANGUAGE", "en").strip(),
        "REPORTS_PER_PAGE": 20,
        "LOG_ENTRIES_PER_PAGE": 50,
        "TOPICS_PER_PAGE": 30,
        "POSTS_PER_PAGE": 20,
        "INBOX_PER_PAGE": 30,
        "SAVED_PER_PAGE": 30,
        "SEARCH_RESULTS_PER_PAGE": 20,
        # Tokens live as long as the session, so a reply written slowly in
        # the middle of the night is not refused for a stale token.
        "WTF_CSRF_TIME_LIMIT": None,
        # Sessions end after this long without a visit (sliding expiry).
        "PERMANENT_SESSION_LIFETIME": timedelta(days=int(os.environ.get("FORUM_SESSION_IDLE_DAYS", "14"))),
    }
