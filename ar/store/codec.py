"""Records, problems and settlements as plain values that `marshal` stores and loads fast.

A validated record is stored as a tuple `(kind, fields set, value, value, ...)` of its
fields in declaration order: text, numbers and None as they are, Decimal as its text, a
date as its ordinal, a list or mapping item by item, a nested record as such a tuple. The
plan for each record class comes from its pydantic fields, so new fields need nothing
here, and a field type this module cannot store exactly is an error at import time of the
cache rather than a silent difference.

Decoding builds the pydantic objects directly, without validation: what is decoded was
validated when it was parsed, and the cache that holds it is checksummed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import re
import types
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from ar.errors import Problem, Source
from ar.model import Ledger, Record
from ar.store.layout import KINDS

Decoder = Callable[[Any], Any]
_new = object.__new__
_set = object.__setattr__
_date = dt.date.fromordinal
_SCALARS = (str, int, bool, type(None))


class _Plan:
    """How to rebuild one model class from its stored tuple: a function made for it.

    The builder is generated as source text (one dict display naming every field), as
    dataclasses do for `__init__`: a loop over fields costs several times more, and
    decoding every record of a big book is the one place where that shows.
    """

    def __init__(self, model: type[BaseModel], tag: int) -> None:
        self.model, self.tag = model, tag
        self.names = tuple(model.model_fields)
        self.fields_sets: dict[int, set[str]] = {}
        private = set(getattr(model, "__private_attributes__", {}))
        if private - {"_source"} or model.model_config.get("extra") == "allow":
            raise TypeError(f"{model.__name__}: only _source may be private, and no extras")
        self.located = bool(private)
        self.build: Callable[..., Any] = _unfinished
        self.encode: Callable[[Any], tuple[Any, ...]] = _unfinished

    def fields_set(self, mask: int) -> set[str]:
        found = self.fields_sets.get(mask)
        if found is None:
            found = {name for bit, name in enumerate(self.names) if mask >> bit & 1}
            self.fields_sets[mask] = found
        return found

    def compile(self, decoders: list[Decoder | None]) -> None:
        scope: dict[str, Any] = {
            "_new": _new,
            "_set": _set,
            "Model": self.model,
            "_sets": self.fields_sets,
            "_fields_set": self.fields_set,
        }
        items = []
        for index, (name, decode) in enumerate(zip(self.names, decoders, strict=True)):
            slot = f"stored[{index + 2}]"
            if decode is None:
                items.append(f"{name!r}: {slot}")
            else:
                scope[f"_d{index}"] = decode
                items.append(
                    f"{name!r}: None if (v{index} := {slot}) is None else _d{index}(v{index})"
                )
        private = '{"_source": source}' if self.located else "None"
        code = (
            "def build(stored, source=None):\n"
            "    record = _new(Model)\n"
            f"    _set(record, '__dict__', {{{', '.join(items)}}})\n"
            "    _set(record, '__pydantic_fields_set__',"
            " _sets.get(stored[1]) or _fields_set(stored[1]))\n"
            "    _set(record, '__pydantic_extra__', None)\n"
            f"    _set(record, '__pydantic_private__', {private})\n"
            "    return record\n"
        )
        exec(compile(code, f"<decode {self.model.__qualname__}>", "exec"), scope)
        self.build = scope["build"]
        self.encode = self._encoder(decoders)

    def _encoder(self, decoders: list[Decoder | None]) -> Callable[[Any], tuple[Any, ...]]:
        """The inverse of `build`, made the same way: fields stored as they are go as they are."""
        bits = {name: 1 << bit for bit, name in enumerate(self.names)}
        scope: dict[str, Any] = {"_bits": bits, "_value": encode_value}
        items = [
            f"v[{name!r}]" if decode is None else f"_value(v[{name!r}])"
            for name, decode in zip(self.names, decoders, strict=True)
        ]
        code = (
            "def encode(record):\n"
            "    v = record.__dict__\n"
            "    mask = sum([_bits[name] for name in record.__pydantic_fields_set__])\n"
            f"    return ({self.tag}, mask, {', '.join(items)}{',' if len(items) == 1 else ''})\n"
        )
        exec(compile(code, f"<encode {self.model.__qualname__}>", "exec"), scope)
        encode: Callable[[Any], tuple[Any, ...]] = scope["encode"]
        return encode


def _unfinished(stored: tuple[Any, ...], source: Source | None = None) -> Any:
    raise TypeError("the parse cache cannot store a record that contains itself")


_PLANS: dict[type[BaseModel], _Plan] = {}
_BY_TAG: list[_Plan] = []


def _plan(model: type[BaseModel]) -> _Plan:
    plan = _PLANS.get(model)
    if plan is None:
        plan = _Plan(model, len(_BY_TAG))
        _PLANS[model] = plan
        _BY_TAG.append(plan)
        plan.compile([_decoder(f.annotation) for f in model.model_fields.values()])
    return plan


def _decoder(annotation: Any) -> Decoder | None:
    """How to turn a stored value of this type back into the value; None: as stored."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _decoder(args[0])
    if annotation is Decimal:
        return Decimal
    if annotation is dt.date:
        return _date
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _plan(annotation).build
    if annotation in _SCALARS or origin is Literal:
        return None
    if origin is list:
        return _each(_decoder(args[0]))
    if origin is dict and _decoder(args[0]) is None:  # keys stored as they are: text, numbers
        return _each_value(_decoder(args[1]))
    if origin in (Union, types.UnionType):
        return _union_decoder([a for a in args if a is not type(None)])
    raise TypeError(f"the parse cache cannot store a field of type {annotation!r}")


def _each(inner: Decoder | None) -> Decoder | None:
    return None if inner is None else lambda items: [inner(item) for item in items]


def _each_value(inner: Decoder | None) -> Decoder | None:
    return None if inner is None else lambda items: {k: inner(v) for k, v in items.items()}


def _union_decoder(members: list[Any]) -> Decoder | None:
    """Members are told apart by how they are stored: a record as a tuple, Decimal as text."""
    decoders = [_decoder(member) for member in members]
    if len(members) == 1:
        return decoders[0]
    records = [m for m in members if _is_model(m)]
    if not records and all(d is None for d in decoders):
        return None
    mappings = [d for m, d in zip(members, decoders, strict=True) if get_origin(m) is dict]
    if not records and len(members) == 2 and len(mappings) == 1:
        return _mapping_or(mappings[0], next(d for d in decoders if d is not mappings[0]))
    others = [d for m, d in zip(members, decoders, strict=True) if not _is_model(m)]
    if len(others) > 1 or (others and others[0] is _date) or (others and not records):
        raise TypeError(f"the parse cache cannot tell apart {members!r}")
    other = others[0] if others else None

    def decode(value: Any) -> Any:
        if type(value) is tuple:
            return _BY_TAG[value[0]].build(value)
        return value if other is None else other(value)

    return decode


def _mapping_or(mapping: Decoder | None, other: Decoder | None) -> Decoder:
    """A mapping or one other value (`fee: 10` or `fee: {EUR: 10}`): told apart as stored."""

    def decode(value: Any) -> Any:
        decoder = mapping if isinstance(value, dict) else other
        return value if decoder is None else decoder(value)

    return decode


def _model_of(annotation: Any) -> type[BaseModel]:
    return _model_of(get_args(annotation)[0]) if get_origin(annotation) is Annotated else annotation


def _is_model(annotation: Any) -> bool:
    model = _model_of(annotation)
    return isinstance(model, type) and issubclass(model, BaseModel)


def encode_value(value: Any) -> Any:
    """A field value as stored: the inverse of the decoders above."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is Decimal:
        return str(value)
    if kind is dt.date:
        return value.toordinal()
    if kind is list:
        return [encode_value(item) for item in value]
    if kind is dict:
        return {key: encode_value(item) for key, item in value.items()}
    plan = _PLANS.get(kind)
    if plan is not None:
        return plan.encode(value)
    raise TypeError(f"the parse cache cannot store {kind.__name__} values")


_RECORDS: list[type[BaseModel]] = [Ledger, *(kind.model for kind in KINDS)]
for _model in _RECORDS:
    _plan(_model)  # in a fixed order: a stored tag means the same class in every process

_ADDRESS = re.compile(r" at 0x[0-9a-f]+")
SCHEMA = hashlib.sha256(
    repr(
        [
            (
                p.model.__qualname__,
                p.names,
                [_ADDRESS.sub("", repr(f.annotation)) for f in p.model.model_fields.values()],
            )
            for p in _BY_TAG
        ]
    ).encode()
).hexdigest()[:16]
"""Changes whenever a record class gains, loses or retypes a field: stored tuples would no
longer line up, so a cache written under another schema is not used."""


def encode_record(record: Record) -> bytes:
    """A record, with the file and line it came from, as one opaque blob."""
    source = record.__pydantic_private__["_source"]  # type: ignore[index]
    return marshal.dumps((source.file, source.line, encode_value(record)))


def decode_record(blob: bytes) -> Any:
    file, line, stored = marshal.loads(blob)
    return _BY_TAG[stored[0]].build(stored, Source(file, line))


def encode_problem(problem: Problem) -> tuple[Any, ...]:
    source = problem.source
    return (source.file, source.line, problem.message, problem.hint, problem.field)


def decode_problem(stored: tuple[Any, ...]) -> Problem:
    file, line, message, hint, field = stored
    return Problem(Source(file, line), message, hint, tuple(field))
