"""Command-line values turned into Python ones without pydantic, where that is plain.

Typer 0.29 coerces every value through a pydantic ``TypeAdapter`` built per parameter:
importing pydantic and building the adapters of one command costs more than a bare Python
start-up (issue #21: ``tm term`` 8× → goal). tm's parameters are str, int (with min/max), bool,
Path and lists of those. For a value that is plainly one of them (``"20"`` for an int in range,
any string for a str or a Path) the answer here is the one typer's adapter gives; anything else
(``"abc"`` for an int, 0 for ``min=1``, a type not listed) goes to typer's own coercion, so
every message about a bad value stays typer's. This leans on typer internals
(``typer._coercion``, a parameter's ``_runtime_param``): pyproject pins typer to 0.29.x, and
tests/test_startup.py compares both coercions on the values tm uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args, get_origin

from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_path

if TYPE_CHECKING:
    import click

_SLOW = object()  # "not plain: ask typer"
_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")  # what int() and pydantic read alike


@dataclass(frozen=True)
class QuickParam(RuntimeParam):
    """Typer's runtime coercion of one parameter, with a pydantic-free path for plain
    values; typer's own (``build_runtime_param``) is built only when a value needs it."""

    descriptor: TypeDescriptor

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, (list, tuple)) and get_origin(self.annotation) is list:
            (item_type,) = get_args(self.annotation)
            items = [self._leaf(item_type, item, param, ctx) for item in value]
            if _SLOW not in items:
                return items
        elif (quick := self._leaf(self.annotation, value, param, ctx)) is not _SLOW:
            return quick
        return build_runtime_param(self.descriptor)._coerce_value(value, param=param, ctx=ctx)

    def _leaf(self, annotation: Any, value: Any, param: Any, ctx: Any) -> Any:
        info = self.parameter_info
        if annotation is str and isinstance(value, str):
            return value
        if annotation is bool and isinstance(value, bool):
            return value
        if annotation is int and not info.clamp:
            number = _int(value)
            if number is None or (info.min is not None and number < info.min) or (
                    info.max is not None and number > info.max):
                return _SLOW
            return number
        if annotation is Path and info.path_type is None and (
                isinstance(value, Path) or (isinstance(value, str) and value)):
            # typer's path rules (exists, readable, "-"…) as typer applies them; only the
            # str → Path step, pydantic's, is done here
            return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
        return _SLOW


def _int(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _INT.fullmatch(value):
        return int(value)
    return None


_PLAIN = (str, bool, int, Path)


def _is_plain(descriptor: TypeDescriptor) -> bool:
    annotation = descriptor.annotation
    if get_origin(annotation) is list:
        annotation = get_args(annotation)[0]
    info = descriptor.parameter_info
    return (annotation in _PLAIN and descriptor.file_annotation is None
            and info.parser is None)


def quick_coercion(params: Iterable[click.Parameter]) -> None:
    """Give each plain parameter a :class:`QuickParam` (others keep typer's coercion)."""
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", _SLOW) is not None:
            continue
        if _is_plain(descriptor):
            param._runtime_param = QuickParam(  # type: ignore[attr-defined]
                parameter_info=descriptor.parameter_info, annotation=descriptor.annotation,
                descriptor=descriptor)
