"""The settlement as the parse cache stores it, restored from there without decoding it all.

Most invoices of an old book were settled long ago: from some day on their open amount
stays zero. The cache keeps those "quiet" accounts apart, sorted by that day, in one
block of bytes; the others ("live": open, or overpaid) in a short list. The question
reports ask most, "which accounts are open on D?", then decodes the live accounts and
only the quiet ones still moving after D: for today, almost none. Each (customer,
currency)'s credit likewise keeps its final amount and the day from which it holds, so
today's unapplied credit needs no movement decoded.
"""

from __future__ import annotations

import bisect
import datetime as dt
import marshal
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from ar.account import Account, Facts, Movement
from ar.model import Invoice
from ar.resettle import Update
from ar.settlement import CreditKey, Settlement

_date = dt.date.fromordinal
SPLICE_LIMIT = 8
Live = list[tuple[int, str, bytes]]  # (position in book order, number, facts blob)
Credit = tuple[str, str, bytes, str, bytes]
"""customer, currency, the days anything moved (array of ordinals), the credit at the end of
each of those days (newline-separated), and the movements themselves (marshal)."""


class Quiet:
    """Accounts settled for good from some day on, sorted by that day, as arrays of bytes.

    Loading costs nothing per account; an account is decoded only when asked for.
    """

    def __init__(self, stored: tuple[bytes, bytes, str, bytes, bytes] | None = None) -> None:
        days, positions, numbers, offsets, data = stored or (b"", b"", "", b"", b"")
        self.days = array("i", days)
        self.positions = array("q", positions)
        self.offsets = array("q", offsets or array("q", [0]).tobytes())
        self.data = data
        self._numbers: list[str] | None = None
        self._joined = numbers

    def dump(self) -> tuple[bytes, bytes, str, bytes, bytes]:
        numbers = "\n".join(self._numbers) if self._numbers is not None else self._joined
        return (
            self.days.tobytes(),
            self.positions.tobytes(),
            numbers,
            self.offsets.tobytes(),
            self.data,
        )

    @property
    def numbers(self) -> list[str]:
        if self._numbers is None:
            self._numbers = self._joined.split("\n") if self._joined else []
        return self._numbers

    def __len__(self) -> int:
        return len(self.days)

    def blob(self, index: int) -> bytes:
        return self.data[self.offsets[index] : self.offsets[index + 1]]

    def after(self, day: dt.date) -> range:
        """Indexes of the accounts still moving after `day`."""
        return range(bisect.bisect_right(self.days, day.toordinal()), len(self.days))

    @classmethod
    def build(cls, entries: list[tuple[int, int, str, bytes]]) -> Quiet:
        """From (day ordinal, position, number, blob) entries, in any order."""
        entries.sort()
        offsets = array("q", [0])
        for entry in entries:
            offsets.append(offsets[-1] + len(entry[3]))
        quiet = cls()
        quiet.days = array("i", [e[0] for e in entries])
        quiet.positions = array("q", [e[1] for e in entries])
        quiet.offsets = offsets
        quiet.data = b"".join(e[3] for e in entries)
        quiet._numbers = [e[2] for e in entries]
        return quiet

    def entries(self) -> list[tuple[int, int, str, bytes]]:
        return [
            (self.days[i], self.positions[i], self.numbers[i], self.blob(i))
            for i in range(len(self.days))
        ]

    def remove(self, index: int) -> None:
        start, end = self.offsets[index], self.offsets[index + 1]
        self.data = self.data[:start] + self.data[end:]
        size = end - start
        self.offsets = self.offsets[: index + 1] + array(
            "q", (o - size for o in self.offsets[index + 2 :])
        )
        del self.days[index], self.positions[index], self.numbers[index]

    def insert(self, day: dt.date, position: int, number: str, blob: bytes) -> None:
        index = bisect.bisect_right(self.days, day.toordinal())
        start, size = self.offsets[index], len(blob)
        self.data = self.data[:start] + blob + self.data[start:]
        tail = array("q", (o + size for o in self.offsets[index:]))
        self.offsets = self.offsets[: index + 1] + tail
        self.days.insert(index, day.toordinal())
        self.positions.insert(index, position)
        self.numbers.insert(index, number)


class Stored:
    """The marshal-able form of a settlement: live accounts, quiet ones, credits."""

    def __init__(
        self,
        live: Live,
        quiet: Quiet,
        credits: dict[CreditKey, Credit],
        next_position: int,
        pairs: dict[tuple[str, str], int],
        orphans: dict[str, bytes],
    ) -> None:
        self.live, self.quiet, self.credits = live, quiet, credits
        self.next_position = next_position
        self.pairs = pairs  # (customer, currency) -> how many invoices
        self.orphans = orphans

    def dump(self) -> tuple[Any, ...]:
        credits = list(self.credits.values())
        pairs = [(*pair, count) for pair, count in self.pairs.items()]
        return (self.live, self.quiet.dump(), credits, self.next_position, pairs, self.orphans)

    @classmethod
    def load(cls, data: tuple[Any, ...]) -> Stored:
        live, quiet, credits, next_position, pairs, orphans = data
        return cls(
            live,
            Quiet(quiet),
            {(c[0], c[1]): c for c in credits},
            next_position,
            {(customer, currency): count for customer, currency, count in pairs},
            orphans,
        )

    @classmethod
    def of(cls, settled: Settlement) -> Stored:
        """A whole settlement, its accounts numbered in the book's order."""
        stored = cls([], Quiet(), {}, 0, {}, {})
        everything = Update(
            dict(settled.accounts()), dict(settled.credits()), dict(settled.orphans())
        )
        stored.apply(everything, {})
        return stored

    def apply(
        self,
        update: Update,
        replaced: dict[str, Account],
        order: Callable[[], Sequence[str]] | None = None,
    ) -> None:
        """Replace, add or drop the accounts and credits of `update`; `replaced` holds the
        accounts it replaces or drops, as they were, and `order` the book's invoice numbers
        (new accounts go last; if the book puts them elsewhere, all are renumbered).

        A few changes are spliced into the quiet block in place; many rebuild it.
        """
        added = [n for n, a in update.accounts.items() if a is not None and n not in replaced]
        numbers = order() if added and order else ()
        rank = {number: index for index, number in enumerate(numbers)}
        if rank:
            added.sort(key=rank.__getitem__)
        start, self.next_position = self.next_position, self.next_position + len(added)
        self._apply(update, replaced, {n: start + i for i, n in enumerate(added)})
        if rank and list(numbers[len(numbers) - len(added) :]) != added:
            self.renumber(rank)

    def renumber(self, positions: dict[str, int]) -> None:
        """Give every account its position in the book anew."""
        self.live = sorted((positions[n], n, blob) for _, n, blob in self.live)
        quiet = self.quiet.entries()
        self.quiet = Quiet.build([(day, positions[n], n, blob) for day, _, n, blob in quiet])
        self.next_position = len(positions)

    def _apply(self, update: Update, replaced: dict[str, Account], new: dict[str, int]) -> None:
        for old in replaced.values():
            self._count((old.customer, old.currency), -1)
        few = len(update.accounts) <= SPLICE_LIMIT
        positions = self._remove(update.accounts.keys(), few) | new
        rebuilt = [] if few else self.quiet.entries()
        for number, account in update.accounts.items():
            if account is None:
                continue
            position = positions[number]
            self._count((account.customer, account.currency), 1)
            day, final = account.quiet_from()
            blob = _facts_blob(account.facts())
            if final:
                self.live.append((position, number, blob))
            elif few:
                self.quiet.insert(day, position, number, blob)
            else:
                rebuilt.append((day.toordinal(), position, number, blob))
        self.live.sort()
        if not few:
            self.quiet = Quiet.build(rebuilt)
        for key, moves in update.credits.items():
            self.credits.pop(key, None)
            if moves is not None:
                self.credits[key] = _credit(key, moves)
        self.credits = dict(sorted(self.credits.items()))
        for number, moves in update.orphans.items():
            self.orphans.pop(number, None)
            if moves is not None:
                self.orphans[number] = marshal.dumps(_moves(moves))
        self.orphans = dict(sorted(self.orphans.items()))

    def _count(self, pair: tuple[str, str], change: int) -> None:
        count = self.pairs.get(pair, 0) + change
        if count:
            self.pairs[pair] = count
        else:
            self.pairs.pop(pair, None)

    def _remove(self, numbers: Iterable[str], splice: bool) -> dict[str, int]:
        """Drop these accounts; the positions they had, to give a replacement the same."""
        wanted = set(numbers)
        positions = {n: p for p, n, _ in self.live if n in wanted}
        self.live = [entry for entry in self.live if entry[1] not in wanted]
        if len(self.quiet) and len(wanted) > len(positions):
            quiet = self.quiet.numbers
            gone = [i for i, n in enumerate(quiet) if n in wanted]
            positions.update((quiet[i], self.quiet.positions[i]) for i in gone)
            if splice:
                for index in reversed(gone):
                    self.quiet.remove(index)
            else:
                keep = [e for e in self.quiet.entries() if e[2] not in wanted]
                self.quiet = Quiet.build(keep)
        return positions


def _facts_blob(facts: Facts) -> bytes:
    number, customer, date, currency, total, due, void_on, moves, plan = facts
    void = None if void_on is None else void_on.toordinal()
    stored = (number, customer, date.toordinal(), currency, str(total), due.toordinal(), void)
    parts = tuple((day.toordinal(), str(amount)) for day, amount in plan)
    return marshal.dumps((*stored, _moves(moves), parts))


def _moves(moves: Iterable[Movement]) -> tuple[Any, ...]:
    return tuple((m.date.toordinal(), m.kind, str(m.amount), m.ref) for m in moves)


def _unmoves(stored: Iterable[Any]) -> tuple[Movement, ...]:
    new = tuple.__new__
    return tuple(new(Movement, (_date(d), kind, Decimal(a), ref)) for d, kind, a, ref in stored)


def _credit(key: CreditKey, moves: tuple[Movement, ...]) -> Credit:
    """The credit at the end of each day it changed: a sum of the same terms, in any order,
    as `Settlement.unapplied` adds, so the very same Decimal (digits included)."""
    by_day: dict[int, list[Decimal]] = {}
    for move in moves:
        by_day.setdefault(move.date.toordinal(), []).append(move.amount)
    days = sorted(by_day)
    running, sums = Decimal(0), []
    for day in days:
        running = sum(by_day[day], running)
        sums.append(str(running))
    return (
        key[0],
        key[1],
        array("i", days).tobytes(),
        "\n".join(sums),
        marshal.dumps(_moves(moves)),
    )


class Restored(Settlement):
    """A settlement read from the cache, decoded piecemeal as it is asked for."""

    def __init__(
        self,
        stored: Stored,
        invoices: Mapping[str, Invoice],
        accounts: dict[str, Account] | None = None,
    ) -> None:
        """`accounts`: the accounts themselves, when they were just computed and stored."""
        super().__init__({}, {})
        self._stored, self._invoices = stored, invoices
        self._all: dict[str, Account] | None = accounts
        self._where: dict[str, bytes | int] | None = None  # live blob, or index in quiet

    def _decode(self, blob: bytes) -> Account:
        number, customer, date, currency, total, due, void, moves, plan = marshal.loads(blob)
        facts: Facts = (
            number,
            customer,
            _date(date),
            currency,
            Decimal(total),
            _date(due),
            None if void is None else _date(void),
            _unmoves(moves),
            tuple((_date(day), Decimal(amount)) for day, amount in plan),
        )
        return Account.restore(self._invoices, facts)

    def _entries(self, quiet: Iterable[int]) -> list[tuple[int, bytes]]:
        stored = self._stored
        entries = [(position, blob) for position, _, blob in stored.live]
        entries += [(stored.quiet.positions[i], stored.quiet.blob(i)) for i in quiet]
        entries.sort()
        return entries

    def accounts(self) -> dict[str, Account]:
        if self._all is None:
            found = (
                self._decode(blob) for _, blob in self._entries(range(len(self._stored.quiet)))
            )
            self._all = {account.number: account for account in found}
        return self._all

    def account(self, number: str) -> Account | None:
        if self._all is not None:
            return self._all.get(number)
        if self._where is None:
            stored = self._stored
            self._where = {n: blob for _, n, blob in stored.live}
            self._where.update((n, i) for i, n in enumerate(stored.quiet.numbers))
        found = self._where.get(number)
        if found is None:
            return None
        blob = found if isinstance(found, bytes) else self._stored.quiet.blob(found)
        return self._decode(blob)

    def active(self, as_of: dt.date) -> list[Account]:
        wanted = self._stored.quiet.after(as_of)
        if self._all is not None:  # the accounts are at hand: look them up, decode nothing
            quiet = self._stored.quiet
            entries = [(p, n) for p, n, _ in self._stored.live]
            entries += [(quiet.positions[i], quiet.numbers[i]) for i in wanted]
            entries.sort()
            found = (self._all[number] for _, number in entries)
        else:
            found = (self._decode(blob) for _, blob in self._entries(wanted))
        return [account for account in found if account.open_on(as_of)]

    def pairs(self) -> set[tuple[str, str]]:
        return set(self._stored.pairs)

    def credits(self) -> dict[CreditKey, tuple[Movement, ...]]:
        return {key: self.credit_movements(key) for key in self._stored.credits}

    def orphans(self) -> dict[str, tuple[Movement, ...]]:
        return {number: self.orphan(number) for number in self._stored.orphans}

    def orphan(self, number: str) -> tuple[Movement, ...]:
        blob = self._stored.orphans.get(number)
        return _unmoves(marshal.loads(blob)) if blob else ()

    def credit_keys(self) -> list[CreditKey]:
        return list(self._stored.credits)

    def credit_movements(self, key: CreditKey) -> tuple[Movement, ...]:
        entry = self._stored.credits.get(key)
        return _unmoves(marshal.loads(entry[4])) if entry else ()

    def unapplied(self, as_of: dt.date) -> dict[CreditKey, Decimal]:
        credit: dict[CreditKey, Decimal] = {}
        ordinal = as_of.toordinal()
        for key, (_, _, days, sums, _) in self._stored.credits.items():
            moved = bisect.bisect_right(array("i", days), ordinal)
            amount = Decimal(sums.split("\n")[moved - 1]) if moved else Decimal(0)
            if amount:
                credit[key] = amount
        return credit
