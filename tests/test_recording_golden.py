"""What a bookkeeper sees from write commands, as a transcript compared with a golden file."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Result

SESSION = """\
customer add ACME --name "Acme Ltd" --terms "2/10 net 30" --credit-limit 3000
invoice new ACME --date 2026-03-02 --line "Consulting;10;120;20%" --line "Travel;1;80"
invoice new ACME --date 2026-03-09 --line "Support;1;1500"
pay ACME 1489.60 --date 2026-03-10 --ref B-1 --auto --dry-run
pay ACME 1489.60 --date 2026-03-10 --ref B-1 --auto
pay ACME 1489.60 --date 2026-03-11 --ref B-1
invoice new ACME --date 2026-03-11 --line "Support;1;1500"
pay ACME 700 --date 2026-03-12 --ref B-2
apply PAY-2026-0002 INV-2026-0002=600 --date 2026-03-20 --dry-run
apply PAY-2026-0002 INV-2026-0002=600 --date 2026-03-20 --format json
invoice new ACME --date 2026-03-21 --line "Project;1;2500"
invoice new ACME --date 2026-03-21 --line "Project;1;2500" --force
refund ACME --date 2026-03-22 --ref RF-1
"""


def test_recording_transcript(
    golden: Callable[[str, str], None],
    ledger: Callable[[dict[str, str]], Path],
    arl: Callable[..., Result],
) -> None:
    root = ledger({})
    transcript = []
    for line in SESSION.splitlines():
        result = arl("-L", root, *shlex.split(line))
        transcript.append(f"$ arl {line}\n{result.out}{result.err}[exit {result.code}]\n")
    golden("recording.txt", "\n".join(transcript))
