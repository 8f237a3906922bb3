"""The outbox: a folder of `.eml` letters whose state is kept in small files beside them.

    outbox/KEY.eml            waiting to be sent
    outbox/KEY.pending.json   its events are not recorded on the invoices yet
    outbox/KEY.sending        handed to the SMTP server, no answer recorded yet
    outbox/KEY.failed         the server (or the network) refused it; the reason inside
    outbox/KEY.claims.json    what the letter says each document owes, checked at send time
    outbox/sent/KEY.eml       accepted by the server
    outbox/withdrawn/KEY.eml  never sent: the book no longer supports it
    outbox/withdrawn/KEY.json why it was withdrawn, and when

Every change is a file created, renamed or removed atomically, so a crash at any point
leaves a state the next run understands.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ar.errors import ArlError
from ar.store.write import atomic_write

OUTBOX = "outbox"


@dataclass(frozen=True)
class Failure:
    reason: str
    transient: bool


class Outbox:
    def __init__(self, root: Path) -> None:
        self.dir = root / OUTBOX
        self.sent_dir = self.dir / "sent"
        self.withdrawn_dir = self.dir / "withdrawn"

    def path(self, key: str, suffix: str = ".eml") -> Path:
        return self.dir / f"{key}{suffix}"

    def sent_path(self, key: str) -> Path:
        return self.sent_dir / f"{key}.eml"

    def waiting(self) -> list[str]:
        """Keys of letters not yet accepted by a server, oldest name first."""
        if not self.dir.is_dir():
            return []
        return sorted(p.stem for p in self.dir.glob("*.eml"))

    def new_key(self, stem: str) -> str:
        """`stem`, or `stem-2`, `stem-3`... when a message of that name was sent before.

        A message for the same document still waiting keeps its key, so queueing again
        (after a run was killed before recording it) never puts a second copy in the outbox.
        """
        key, count = stem, 1
        while self.sent_path(key).exists():
            count += 1
            key = f"{stem}-{count}"
        return key

    def knows(self, key: str) -> bool:
        """True when the letter was written already, sent or not."""
        return self.path(key).exists() or self.sent_path(key).exists()

    def write_letter(self, key: str, message: bytes) -> None:
        atomic_write(self.path(key), message)

    def read_letter(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    # -- events still to record -------------------------------------------------------
    def write_journal(self, key: str, data: dict[str, Any]) -> None:
        atomic_write(self.path(key, ".pending.json"), json.dumps(data, indent=1) + "\n")

    def journals(self) -> list[tuple[str, dict[str, Any]]]:
        if not self.dir.is_dir():
            return []
        found = []
        for path in sorted(self.dir.glob("*.pending.json")):
            key = path.name.removesuffix(".pending.json")
            data = _state(path)
            if not isinstance(data, dict):
                raise _damaged(path)
            found.append((key, data))
        return found

    def drop_journal(self, key: str) -> None:
        _remove(self.path(key, ".pending.json"))

    # -- what a letter claims, checked again when it is sent ----------------------------
    def write_claims(self, key: str, claims: dict[str, str | None]) -> None:
        """Per document the letter names: the amount it says is owed (None: only that the
        document still stands, not void)."""
        atomic_write(self.path(key, ".claims.json"), json.dumps(claims, indent=1) + "\n")

    def claims(self, key: str) -> dict[str, str | None]:
        """What the letter claims; empty for a letter queued before claims were kept."""
        path = self.path(key, ".claims.json")
        if not path.exists():
            return {}
        data = _state(path)
        if not isinstance(data, dict):
            raise _damaged(path)
        return {str(k): None if v is None else str(v) for k, v in data.items()}

    def withdraw(self, key: str, reason: str, on: str) -> None:
        """Move a letter the book no longer supports to withdrawn/, with why and when."""
        self.withdrawn_dir.mkdir(parents=True, exist_ok=True)
        note = json.dumps({"reason": reason, "withdrawn": on}, indent=1) + "\n"
        atomic_write(self.withdrawn_dir / f"{key}.json", note)
        self.path(key).replace(self.withdrawn_dir / f"{key}.eml")
        _fsync_dir(self.dir)
        for suffix in (".claims.json", ".failed", ".sending"):
            _remove(self.path(key, suffix))

    # -- delivery state ---------------------------------------------------------------
    def in_doubt(self, key: str) -> bool:
        """Handed to a server by a run that never recorded the answer (it crashed)."""
        return self.path(key, ".sending").exists()

    def failure(self, key: str) -> Failure | None:
        path = self.path(key, ".failed")
        if not path.exists():
            return None
        data = _state(path)
        if not isinstance(data, dict) or not {"reason", "transient"} <= data.keys():
            raise _damaged(path)
        return Failure(str(data["reason"]), bool(data["transient"]))

    def mark_sending(self, key: str) -> None:
        atomic_write(self.path(key, ".sending"), "handed to the SMTP server\n")

    def mark_failed(self, key: str, failure: Failure) -> None:
        text = json.dumps({"reason": failure.reason, "transient": failure.transient})
        atomic_write(self.path(key, ".failed"), text + "\n")
        _remove(self.path(key, ".sending"))

    def mark_sent(self, key: str) -> None:
        """Move the letter to sent/ first: from then on no run will hand it over again."""
        self.sent_dir.mkdir(parents=True, exist_ok=True)
        self.path(key).replace(self.sent_path(key))
        _fsync_dir(self.dir)
        _remove(self.path(key, ".failed"))
        _remove(self.path(key, ".sending"))
        _remove(self.path(key, ".claims.json"))


def _state(path: Path) -> Any:
    """A state file's JSON; only a person editing the outbox can make it unreadable."""
    try:
        return json.loads(path.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise _damaged(path) from None


def _damaged(path: Path) -> ArlError:
    return ArlError(
        f"{OUTBOX}/{path.name} is damaged",
        "move it out of the outbox and check that letter by hand",
    )


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
