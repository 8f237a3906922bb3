"""Hostile files for the fuzz tests: what a pull request can put where arl reads.

Each family plants something in a copy of a real book (a link to a device, a pipe, a link
out of the ledger, a huge or sparse file, a forged cache file, a file with an odd name) and
`bounded` runs the real `arl` in a child process with 3 GB of address space and 60 s: a
run that grows past that or hangs fails the test instead of the machine.
"""

from __future__ import annotations

import marshal
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

SECRET = "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI"
ADDRESS_SPACE = 3 << 30
SECONDS = 60
PLANTED = "invoices/2026/INV-2026-9999.yaml"


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def bounded(*args: str | Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """`arl ARGS` in a child process held to 3 GB of address space and 60 seconds."""
    return subprocess.run(
        [sys.executable, "-m", "ar", *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=SECONDS,
        preexec_fn=_limited,
        check=False,
    )


def secret_file(book: Path) -> Path:
    """A file beside the ledger (not in it) that must never be read or printed."""
    path = book.parent / "outside" / ".env"
    path.parent.mkdir(exist_ok=True)
    path.write_text(SECRET + "\n")
    return path


def _link(target: str | Path, where: str = PLANTED) -> Callable[[Path], None]:
    def plant(book: Path) -> None:
        (book / where).parent.mkdir(parents=True, exist_ok=True)
        (book / where).symlink_to(target)

    return plant


def _fifo(book: Path) -> None:
    os.mkfifo(book / PLANTED)


def _link_to_fifo(book: Path) -> None:
    os.mkfifo(book.parent / "outside" / "pipe")
    (book / PLANTED).symlink_to(book.parent / "outside" / "pipe")


def _secret(book: Path) -> None:
    (book / PLANTED).symlink_to(secret_file(book))


def _secret_folder(book: Path) -> None:
    folder = book.parent / "outside" / "2030"
    folder.mkdir(exist_ok=True)
    (folder / "INV-2030-0001.yaml").write_text(f"notes: {SECRET}\n")
    (book / "invoices" / "2030").symlink_to(folder)


def _ledger_linked(book: Path) -> None:
    (book / "ledger.yaml").unlink()
    (book / "ledger.yaml").symlink_to(secret_file(book))


def _kind_folder(book: Path) -> None:
    (book / "payments").rename(book.parent / "outside" / "payments")
    (book / "payments").symlink_to(book.parent / "outside" / "payments")


def _sparse(size: int) -> Callable[[Path], None]:
    def plant(book: Path) -> None:
        with (book / PLANTED).open("wb") as handle:
            handle.truncate(size)

    return plant


def _named(name: str) -> Callable[[Path], None]:
    def plant(book: Path) -> None:
        source = next((book / "payments/2026").glob("*.yaml"))
        (book / "payments/2026" / name).write_bytes(source.read_bytes())

    return plant


def _folder_named_like_a_file(book: Path) -> None:
    (book / PLANTED).mkdir()


def _cache(name: str, content: bytes | None, link: str | None = None) -> Callable[[Path], None]:
    def plant(book: Path) -> None:
        folder = book / ".arl-cache"
        folder.mkdir(exist_ok=True)
        (folder / name).unlink(missing_ok=True)
        if link is not None:
            (folder / name).symlink_to(link)
        elif content is not None:
            (folder / name).write_bytes(content)
        else:
            os.mkfifo(folder / name)

    return plant


def _forged_checks(book: Path) -> None:
    """Whatever stamp the last run wrote, with no problems."""
    path = book / ".arl-cache" / "checks"
    if path.is_file():
        stamp, _ = marshal.loads(path.read_bytes())
        path.write_bytes(marshal.dumps((stamp, [])))


def _cache_link_out(book: Path) -> None:
    import shutil

    outside = book.parent / "outside" / "cache"
    outside.mkdir()
    for name in ("book", "checks", "lock", "writing", ".gitignore"):
        (outside / name).write_text("not the ledger's to touch\n")
    if (book / ".arl-cache").exists():
        shutil.rmtree(book / ".arl-cache")
    (book / ".arl-cache").symlink_to(outside)


FAMILIES: dict[str, dict[str, Callable[[Path], None]]] = {
    "devices": {
        "link to /dev/zero": _link("/dev/zero"),
        "link to /dev/urandom": _link("/dev/urandom"),
        "link to /dev/null": _link("/dev/null"),
        "pipe": _fifo,
        "link to a pipe": _link_to_fifo,
    },
    "links": {
        "record linked to a secret": _secret,
        "year folder linked out": _secret_folder,
        "kind folder linked out": _kind_folder,
        "ledger.yaml linked to a secret": _ledger_linked,
        "dangling link": _link("/nonexistent/INV.yaml"),
        "link inside the ledger": _link("../../ledger.yaml"),
    },
    "huge and sparse files": {
        "6 GB sparse record": _sparse(6 << 30),
        "65 MB sparse record": _sparse(65_000_000),
        "2 MB record": lambda book: (book / PLANTED).write_bytes(b"notes: " + b"x" * 2_000_000),
    },
    "cache files": {
        "forged checks": _forged_checks,
        "checks as [1, None]": _cache("checks", marshal.dumps([1, None])),
        "checks linked to /dev/zero": _cache("checks", None, "/dev/zero"),
        "checks as a pipe": _cache("checks", None),
        "parse cache linked to /dev/zero": _cache("book", None, "/dev/zero"),
        "parse cache as a pipe": _cache("book", None),
        "parse cache of random bytes": _cache("book", os.urandom(4096)),
        "lock linked out": lambda book: _cache("lock", None, str(secret_file(book)))(book),
        ".gitignore linked out": lambda book: _cache(".gitignore", None, str(secret_file(book)))(
            book
        ),
        "cache folder linked out": _cache_link_out,
    },
    "odd names": {
        "upper-case extension": _named("PAY-2026-9999.YAML"),
        "trailing space": _named("PAY-2026-9999.yaml "),
        "leading dot": _named(".PAY-2026-9999.yaml"),
        "no extension": _named("PAY-2026-9999"),
        "control character": _named("PAY-2026-9999\x1b.yaml"),
        "folder named like a record": _folder_named_like_a_file,
    },
}
