"""A throwaway PostgreSQL server for the test run, when the machine has one installed.

`make test` runs the store tests on PostgreSQL as well as SQLite. If
``NEWSPRISM_TEST_PG_URL`` names a server, that one is used; otherwise, if PostgreSQL's
``initdb`` and ``pg_ctl`` are installed (Debian: ``apt-get install postgresql``) and the
psycopg driver imports, a private cluster is created in a temporary folder, listening on a
Unix socket only (no TCP port), with ``fsync`` off, and removed when the run ends. As root
(CI containers) the cluster runs as the ``postgres`` system user, since PostgreSQL refuses
to run as root. ``NEWSPRISM_TEST_PG=0`` turns this off. Nothing here is mocked: the tests
talk to a real server over the real driver.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ENV_URL = "NEWSPRISM_TEST_PG_URL"


def _bindir() -> Path | None:
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if out.returncode == 0 and (Path(out.stdout.strip()) / "initdb").exists():
            return Path(out.stdout.strip())
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@dataclass
class Server:
    root: Path
    bindir: Path
    runas: list[str]
    url: str

    def stop(self) -> None:
        subprocess.run(
            [*self.runas, str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def start() -> tuple[Server | None, str]:
    """A running throwaway server, or None and why not."""
    if os.environ.get("NEWSPRISM_TEST_PG") == "0":
        return None, "NEWSPRISM_TEST_PG=0"
    if importlib.util.find_spec("psycopg") is None:
        return None, "the psycopg driver is not installed"
    bindir = _bindir()
    if bindir is None:
        return None, "PostgreSQL (initdb) is not installed"
    runas: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="np-pg-"))
    if os.geteuid() == 0:
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(root, ignore_errors=True)
            return None, "running as root and there is no postgres user to run the server"
        os.chown(root, pw.pw_uid, pw.pw_gid)
        root.chmod(0o755)
        runas = ["runuser", "-u", "postgres", "--"]
    data = root / "data"
    steps = [
        [str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"],
        [
            str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w", "-t", "60",
            "-o", f"-k {root} -c listen_addresses='' -p 5432 -c fsync=off -c full_page_writes=off",
            "start",
        ],
    ]  # fmt: skip
    for cmd in steps:
        out = subprocess.run([*runas, *cmd], capture_output=True, text=True)
        if out.returncode != 0:
            log = (root / "log").read_text(errors="replace") if (root / "log").exists() else ""
            shutil.rmtree(root, ignore_errors=True)
            why = (out.stderr or out.stdout or log).strip().splitlines()
            return None, f"{Path(cmd[0]).name} failed: {why[-1] if why else out.returncode}"
    url = f"postgresql+psycopg://postgres@/postgres?host={root}&port=5432"
    return Server(root, bindir, runas, url), ""
