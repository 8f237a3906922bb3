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
import functools
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

    def splice(self, gone: Iterable[int], new: list[tuple[int, int, str, bytes]]) -> None:
        """Drop the entries at the indexes `gone` and add `new` ones (day ordinal, position,
        number, blob), keeping the order by day: one pass, whatever the number of changes,
        and the bytes before the first change are not looked at."""
        cuts = sorted(
            [(bisect.bisect_right(self.days, entry[0]), 0, entry) for entry in new]
            + [(index, 1, None) for index in set(gone)],
            key=lambda cut: (cut[0], cut[1]),
        )
        if not cuts:
            return
        first = cuts[0][0]
        old_numbers = self.numbers
        days, positions = self.days[:first], self.positions[:first]
        numbers, offsets = old_numbers[:first], self.offsets[: first + 1]
        data = memoryview(self.data)  # the bytes kept are copied once, by the join
        chunks: list[bytes | memoryview] = [data[: self.offsets[first]]]
        start = first
        for index, drop, entry in [*cuts, (len(self.days), 1, None)]:
            days.extend(self.days[start:index])
            positions.extend(self.positions[start:index])
            numbers.extend(old_numbers[start:index])
            shift = offsets[-1] - self.offsets[start]
            kept = self.offsets[start + 1 : index + 1]
            offsets.extend(array("q", (o + shift for o in kept)) if shift else kept)
            chunks.append(data[self.offsets[start] : self.offsets[index]])
            if drop:
                start = index + 1
            else:
                assert entry is not None
                days.append(entry[0])
                positions.append(entry[1])
                numbers.append(entry[2])
                offsets.append(offsets[-1] + len(entry[3]))
                chunks.append(entry[3])
                start = index
        self.days, self.positions, self.offsets = days, positions, offsets
        self.data, self._numbers, self._joined = b"".join(chunks), numbers, ""


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
        moved: bool = False,
        place: Callable[[list[str]], list[str] | None] | None = None,
    ) -> None:
        """Replace, add or drop the accounts and credits of `update`; `replaced` holds the
        accounts it replaces or drops, as they were, and `order` the book's invoice numbers.
        New accounts go last: `place` puts them in the book's order, or says (None) that the
        book has them before others; then, or if invoices `moved` to other files, all are
        numbered in the book's order anew (from `order`).
        """
        added = [n for n, a in update.accounts.items() if a is not None and n not in replaced]
        placed = place(added) if added and place else None
        numbers = order() if order and (moved or (added and placed is None)) else ()
        rank = {number: index for index, number in enumerate(numbers)}
        if placed is not None:
            added = placed
        elif rank:
            added.sort(key=rank.__getitem__)
        start, self.next_position = self.next_position, self.next_position + len(added)
        self._apply(update, replaced, {n: start + i for i, n in enumerate(added)})
        tail = list(numbers[len(numbers) - len(added) :])
        if rank and (tail != added or (moved and self._numbers() != list(numbers))):
            self.renumber(rank)

    def _numbers(self) -> list[str]:
        """Invoice numbers in the order of their positions."""
        quiet = self.quiet
        entries = [(p, n) for p, n, _ in self.live]
        entries += [(quiet.positions[i], quiet.numbers[i]) for i in range(len(quiet))]
        return [number for _, number in sorted(entries)]

    def renumber(self, positions: dict[str, int]) -> None:
        """Give every account its position in the book anew."""
        self.live = sorted((positions[n], n, blob) for _, n, blob in self.live)
        quiet = self.quiet.entries()
        self.quiet = Quiet.build([(day, positions[n], n, blob) for day, _, n, blob in quiet])
        self.next_position = len(positions)

    def _apply(self, update: Update, replaced: dict[str, Account], new: dict[str, int]) -> None:
        for old in replaced.values():
            self._count((old.customer, old.currency), -1)
        positions, gone = self._remove(replaced.keys())
        positions |= new
        added: list[tuple[int, int, str, bytes]] = []
        for number, account in update.accounts.items():
            if account is None:
                continue
            position = positions[number]
            self._count((account.customer, account.currency), 1)
            day, final = account.quiet_from()
            blob = _facts_blob(account.facts(), day, final)
            if final:
                self.live.append((position, number, blob))
            else:
                added.append((day.toordinal(), position, number, blob))
        self.live.sort()
        if len(self.quiet):
            self.quiet.splice(gone, added)
        else:
            self.quiet = Quiet.build(added)
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

    def _remove(self, numbers: Iterable[str]) -> tuple[dict[str, int], list[int]]:
        """Drop these accounts from the live list; the positions they had (to give a
        replacement the same), and the indexes of those among the quiet (to drop there)."""
        wanted = set(numbers)
        positions = {n: p for p, n, _ in self.live if n in wanted}
        self.live = [entry for entry in self.live if entry[1] not in wanted]
        gone: list[int] = []
        if len(self.quiet) and len(wanted) > len(positions):
            quiet = self.quiet.numbers
            gone = [i for i, n in enumerate(quiet) if n in wanted]
            positions.update((quiet[i], self.quiet.positions[i]) for i in gone)
        return positions, gone


def _facts_blob(facts: Facts, day: dt.date, final: Decimal) -> bytes:
    """An account as stored: its head, the day it stops moving and what it owes from then
    on, and (encoded apart, decoded only when asked for) its movements and installments."""
    number, customer, date, currency, total, due, void_on, moves, plan = facts
    void = None if void_on is None else void_on.toordinal()
    head = (number, customer, date.toordinal(), currency, str(total), due.toordinal(), void)
    parts = tuple((when.toordinal(), str(amount)) for when, amount in plan)
    return marshal.dumps((head, day.toordinal(), str(final), parts, marshal.dumps(_moves(moves))))


def _movements(blob: bytes) -> tuple[Movement, ...]:
    return _unmoves(marshal.loads(blob))


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
        self._live: dict[str, bytes] | None = None
        self._quiet: dict[str, int] = {}
        self._one: dict[str, Account | None] = {}  # decoded one at a time, each once

    def knows(self, accounts: Mapping[str, Account | None]) -> None:
        """Accounts just settled (None: no longer there): looking them up decodes nothing."""
        self._one.update(accounts)

    def _decode(self, blob: bytes) -> Account:
        head, day, final, parts, moves = marshal.loads(blob)
        number, customer, date, currency, total, due, void = head
        plan = tuple((_date(when), Decimal(amount)) for when, amount in parts)
        return Account.later(
            self._invoices,
            (
                number,
                customer,
                _date(date),
                currency,
                Decimal(total),
                _date(due),
                None if void is None else _date(void),
            ),
            (_date(day), Decimal(final)),
            plan,
            functools.partial(_movements, moves),
        )

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
        if number in self._one:
            return self._one[number]
        blob = self._blob(number)
        if blob is None:
            return None
        found = self._one[number] = self._decode(blob)
        return found

    def _blob(self, number: str) -> bytes | None:
        if self._live is None:
            quiet = self._stored.quiet
            self._live = {n: blob for _, n, blob in self._stored.live}
            self._quiet = dict(zip(quiet.numbers, range(len(quiet)), strict=True))
        blob = self._live.get(number)
        if blob is None and number in self._quiet:
            blob = self._stored.quiet.blob(self._quiet[number])
        return blob

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
