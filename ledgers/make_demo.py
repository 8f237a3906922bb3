"""Generate the demo book: `python ledgers/make_demo.py ledgers/demo`.

A seeded simulation of 21 months of a small company's receivables. The same seed gives the
same files byte for byte, so the output is committed and regenerated only when the story
changes. Only ledger.yaml, README.md and the record folders in the target are replaced.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from demogen import cash, stories, troubles
from demogen.billing import regular_invoices
from demogen.cast import CAST
from demogen.dunning import dun
from demogen.habits import decide
from demogen.ledger_text import ledger_settings
from demogen.output import number, write_book
from demogen.world import World

from ar.integrity import check_book
from ar.store.load import load_book

SEED = 20250301


def build(rng: random.Random) -> World:
    """Run the whole simulation; every random draw happens in this fixed order."""
    ledger = ledger_settings()
    world = World(ledger)
    for profile in CAST:
        world.drafts.extend(regular_invoices(ledger, profile, rng))
    stories.add_invoices(world, rng)
    world.drafts.sort(key=lambda draft: draft.date)
    for draft in world.drafts:
        decide(draft, ledger, rng)
    troubles.apply(world, rng)
    for draft in world.drafts:
        dun(draft, ledger, rng)
    cash.settle(world)
    stories.touch_up(world)
    number(world)
    return world


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python ledgers/make_demo.py TARGET_DIR", file=sys.stderr)
        return 2
    target = Path(argv[1])
    count = write_book(build(random.Random(SEED)), target)
    loaded = load_book(target)
    problems = loaded.problems + (check_book(loaded.book) if loaded.book else [])
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"wrote {count} files to {target}; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
