"""Questions about the record types themselves: which keys are allowed at a place."""

from __future__ import annotations

import types
import typing
from typing import Any, Literal, Union

from pydantic import BaseModel

from ar.errors import FieldPath


def allowed_keys(model: type[BaseModel], path: FieldPath) -> list[str]:
    """The keys a mapping at `path` inside `model` may hold (aliases as written in files)."""
    target = _type_at(model, path)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return [info.alias or name for name, info in target.model_fields.items()]
    return []


def _type_at(tp: Any, path: FieldPath) -> Any:
    for step in path:
        tp = _step(_unwrap(tp), step)
        if tp is None:
            return None
    return _unwrap(tp)


def _unwrap(tp: Any) -> Any:
    """Strip Annotated and Optional so what is left is a model, a list or a union of models."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def _step(tp: Any, step: str | int) -> Any:
    origin = typing.get_origin(tp)
    if origin is list:
        return typing.get_args(tp)[0] if isinstance(step, int) else None
    if origin is dict:
        return typing.get_args(tp)[1]
    if origin in (Union, types.UnionType):
        return _variant(tp, step)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        for name, info in tp.model_fields.items():
            if step in (name, info.alias):
                return info.annotation
    return None


def _variant(tp: Any, tag: str | int) -> Any:
    """The member of a tagged union whose `type` literal is `tag` (pydantic puts it in loc)."""
    for arg in typing.get_args(tp):
        field = getattr(arg, "model_fields", {}).get("type")
        if (
            field
            and typing.get_origin(field.annotation) is Literal
            and tag in typing.get_args(field.annotation)
        ):
            return arg
    return None
