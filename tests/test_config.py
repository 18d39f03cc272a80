"""Settings come from the environment, with safe defaults and nothing to edit."""
import stat

from forum import config


def test_secret_key_is_generated_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("FORUM_SECRET_KEY", raising=False)
    first = config.instance_secret_key(str(tmp_path))
    assert len(first) == 64
    assert config.instance_secret_key(str(tmp_path)) == first
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no drafts left behind


def test_defaults_need_no_environment(tmp_path, monkeypatch):
    for name in ("FORUM_DATABASE_URL", "FORUM_SECRET_KEY", "FORUM_HTTPS", "FORUM_ROBOTS"):
        monkeypatch.delenv(name, raising=False)
    settings = config.from_environment(str(tmp_path))
    assert settings["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'porchlight.sqlite3'}"
    assert settings["SESSION_COOKIE_SECURE"] is False
    assert settings["FORUM_ROBOTS"] == "noindex, nofollow"


def test_environment_overrides(tmp_path, monkeypatch):
    monkeypatch.setenv("FORUM_DATABASE_URL", "postgresql+psycopg://forum@/forum")
    monkeypatch.setenv("FORUM_HTTPS", "yes")
    monkeypatch.setenv("FORUM_SESSION_IDLE_DAYS", "3")
    settings = config.from_environment(str(tmp_path))
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://forum@/forum"
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["PERMANENT_SESSION_LIFETIME"].days == 3


def test_a_postgresql_url_as_hosts_write_it_uses_the_installed_driver(tmp_path, monkeypatch):
    for written in ("postgresql://forum:secret@db.internal/forum", "postgres://forum:secret@db.internal/forum"):
        monkeypatch.setenv("FORUM_DATABASE_URL", written)
        settings = config.from_environment(str(tmp_path))
        assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://forum:secret@db.internal/forum"
    monkeypatch.setenv("FORUM_DATABASE_URL", "sqlite:////srv/forum.sqlite3")
    assert config.from_environment(str(tmp_path))["SQLALCHEMY_DATABASE_URI"] == "sqlite:////srv/forum.sqlite3"
