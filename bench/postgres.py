"""The PostgreSQL half of `make bench`: a local cluster kept in bench/.data/postgres/.

The cluster is made once (initdb, trust authentication, listening on
127.0.0.1 only) and started for each run on a free port; fsync stays on, as
on a real server. Its demo forums are built once, like the SQLite ones, at
the revision before the search migration, so that the migration's own time
on their posts can be measured, then brought up to date.
"""
import glob
import os
import shutil
import socket
import subprocess
from pathlib import Path

HOME_NAME = "postgres"


def programs() -> Path | None:
    """The newest installed PostgreSQL's bin folder (as tests/conftest.py finds it), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb")) or [shutil.which("initdb")]
    return Path(found[-1]).parent if found[-1] else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """A PostgreSQL server on this machine, its data kept between runs."""

    def __init__(self, data: Path):
        self.bin = programs()
        self.home = (data / HOME_NAME).resolve()  # the server runs elsewhere: its socket path must be absolute
        self.cluster = self.home / "cluster"
        self.port = None
        # PostgreSQL refuses to run as root.
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args, check=True) -> subprocess.CompletedProcess:
        return subprocess.run([*self.as_owner, *map(str, args)], capture_output=True, text=True, check=check)

    def start(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        if self.as_owner:
            shutil.chown(self.home, "postgres")
        if not (self.cluster / "PG_VERSION").exists():
            shutil.rmtree(self.cluster, ignore_errors=True)
            self._run(self.bin / "initdb", "-D", self.cluster, "-U", "forum", "--auth=trust", "-E", "UTF8",
                      "--locale=C.UTF-8")
        self._run(self.bin / "pg_ctl", "-D", self.cluster, "-m", "fast", "stop", check=False)  # one left running
        self.port = free_port()
        started = self._run(self.bin / "pg_ctl", "-D", self.cluster, "-l", self.home / "server.log", "-w", "-o",
                            f"-p {self.port} -k {self.home} -c listen_addresses=127.0.0.1", "start", check=False)
        if started.returncode != 0:
            raise RuntimeError("PostgreSQL did not start:\n" + started.stdout + started.stderr)

    def stop(self) -> None:
        self._run(self.bin / "pg_ctl", "-D", self.cluster, "-m", "fast", "stop", check=False)

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://forum@127.0.0.1:{self.port}/{name}"

    def psql(self, name: str, sql: str) -> str:
        return self._run(self.bin / "psql", "-X", "-q", "-A", "-t", "-h", "127.0.0.1", "-p", self.port, "-U", "forum",
                         "-d", name, "-c", sql).stdout

    def create_database(self, name: str) -> None:
        self.psql("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.psql("postgres", f'CREATE DATABASE "{name}"')

    def version(self) -> str:
        return self.psql("postgres", "SHOW server_version").strip()
