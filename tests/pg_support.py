"""A real PostgreSQL 15 for the tests: ``initdb`` in a temporary folder, ``pg_ctl`` on a free
local port (its unix socket in that folder too), stopped when the session ends.

The server binaries are found through ``pg_config --bindir`` or the Debian layout
(``/usr/lib/postgresql/*/bin``). PostgreSQL refuses to run as root, so as root the cluster is
made and run by an unprivileged user (``STORYLINE_PG_USER``, else ``nobody``) via ``runuser``.
When none of this is possible the PostgreSQL half of the parametrized tests skips, saying why.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "storyline"


@dataclass
class PgServer:
    bindir: Path
    root: Path
    port: int
    run_as: str | None

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database; its ``postgresql://`` URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        _run(
            self, [str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"], check=False
        )
        shutil.rmtree(self.root, ignore_errors=True)


def find_bindir() -> Path | None:
    """Where ``initdb`` and ``pg_ctl`` are, or None."""
    candidates = []
    if pg_config := shutil.which("pg_config"):
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=True).stdout
            candidates.append(Path(out.strip()))
        except (OSError, subprocess.CalledProcessError):
            pass
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for path in candidates:
        if (path / "initdb").exists() and (path / "pg_ctl").exists():
            return path
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(server: PgServer, cmd: list[str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
    if server.run_as is not None:
        cmd = ["runuser", "-u", server.run_as, "--", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, check=check, timeout=120)


def start_server(*, durable: bool = False) -> tuple[PgServer | None, str]:
    """A running server, or None and the reason there is none. Tests run it without fsync (a
    crash of the machine is not what they test); ``durable`` keeps PostgreSQL's defaults."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return None, "psycopg is not installed (pip install 'psycopg[binary]')"
    bindir = find_bindir()
    if bindir is None:
        return None, "PostgreSQL server binaries not found (pg_config --bindir, /usr/lib/postgresql/*/bin)"
    run_as = None
    if os.geteuid() == 0:
        run_as = os.environ.get("STORYLINE_PG_USER", "nobody")
        if shutil.which("runuser") is None:
            return None, "running as root and runuser is missing: PostgreSQL will not run as root"
    root = Path(tempfile.mkdtemp(prefix="storyline-pg-"))
    server = PgServer(bindir, root, _free_port(), run_as)
    if run_as is not None:
        try:
            shutil.chown(root, user=run_as)
        except (LookupError, PermissionError, OSError) as exc:
            shutil.rmtree(root, ignore_errors=True)
            return None, f"cannot hand {root} to user {run_as!r}: {exc}"
        root.chmod(0o700)
    try:
        _run(
            server,
            [
                str(bindir / "initdb"),
                "-D",
                str(server.data),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--no-sync",
            ],
        )
        options = f"-p {server.port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=60"
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        _run(
            server,
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(server.data),
                "-o",
                options,
                "-l",
                str(root / "log"),
                "-w",
                "start",
            ],
        )
    except (OSError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", "") or ""
        shutil.rmtree(root, ignore_errors=True)
        return None, f"could not start PostgreSQL from {bindir}: {exc} {detail.strip()[-300:]}"
    return server, ""


def query_one(target: str | Path, sql: str) -> tuple[object, ...] | None:
    """One row of ``sql`` on a store by its file path or URL, read by the plain driver (not the
    store: a test watching another process's writes), or None when the store is not readable yet."""
    import sqlite3

    if "://" not in str(target):
        try:
            with sqlite3.connect(target, timeout=1) as conn:
                row = conn.execute(sql).fetchone()
        except sqlite3.Error:
            return None
        return None if row is None else tuple(row)
    import psycopg

    try:
        with psycopg.connect(str(target), connect_timeout=5) as conn:
            found = conn.execute(sql).fetchone()
    except psycopg.Error:
        return None
    return None if found is None else tuple(found)
