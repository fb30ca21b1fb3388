"""PostgreSQL and Redis from Debian's packages, started on loopback for the tests.

Each gets a fresh data directory and a free port and is stopped afterwards.
PostgreSQL refuses to run as root, so under root (CI) it runs as the
`postgres` user the Debian package creates.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from scripts.processes import free_port


def _postgres_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    path = shutil.which(name)
    if path is None:
        raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql")
    return path


class PostgreSQL:
    user = "rasa"
    database = "clinic"

    def __init__(self) -> None:
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="clinic-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.as_owner: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            self.as_owner = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_owner, *args], check=True, capture_output=True, cwd=self.root)

    def env(self) -> dict[str, str]:
        return {
            "DB_DIALECT": "postgresql",
            "DB_HOST": "127.0.0.1",
            "DB_PORT": str(self.port),
            "DB_NAME": self.database,
            "DB_USER": self.user,
            "DB_PASSWORD": "",
        }

    def start(self) -> None:
        if not self.data.exists():
            self._run(
                _postgres_bin("initdb"), "-D", str(self.data), "-U", self.user,
                "--auth=trust", "-E", "UTF8", "--no-sync",
            )  # fmt: skip
        self._run(
            _postgres_bin("pg_ctl"), "start", "-w", "-D", str(self.data), "-l", str(self.log),
            "-o", f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off",
        )  # fmt: skip
        if not (self.root / "created").exists():
            self._run(
                _postgres_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                "-U", self.user, self.database,
            )  # fmt: skip
            (self.root / "created").touch()

    def stop(self) -> None:
        self._run(_postgres_bin("pg_ctl"), "stop", "-w", "-m", "fast", "-D", str(self.data))

    def query(self, sql: str) -> list[tuple[str, ...]]:
        result = subprocess.run(
            [_postgres_bin("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user,
             "-d", self.database, "-At", "-F", "\t", "-c", sql],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        return [tuple(line.split("\t")) for line in result.stdout.splitlines()]

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


class Redis:
    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def env(self) -> dict[str, str]:
        return {"REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(self.port)}

    def start(self) -> None:
        server = shutil.which("redis-server")
        if server is None:
            raise RuntimeError("Redis is not installed: apt-get install redis-server")
        self.process = subprocess.Popen(
            [server, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            ping = subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True
            )
            if ping.stdout.strip() == "PONG":
                return
            time.sleep(0.2)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
