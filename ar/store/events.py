"""Recording history: appending an event to the record it belongs to, comments kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ar.model import Record
from ar.model.base import Strict
from ar.store.write import rewrite


def append_event(root: Path, record: Record, event: Strict) -> None:
    """Add `event` at the end of the record's `events`, in the file and line it came from."""
    data: dict[str, Any] = event.model_dump(by_alias=True, exclude_defaults=True)
    data = {"date": data.pop("date"), "type": data.pop("type"), **data}

    def change(doc: CommentedMap) -> None:
        events = doc.get("events")
        if events is None:
            events = doc["events"] = CommentedSeq()
        events.append(CommentedMap(data))

    rewrite(root / record.source.file, record.source.line, change)
