"""Heavy third-party modules, imported when first used rather than when tm_tool is.

``tm term`` or ``tm --version`` must not pay for numpy (≈ 4× a bare ``python -c pass`` on
this machine, issue #21) because a module on their import path uses it somewhere else. A
module that needs numpy only inside its functions imports the stand-in from here::

    from ..lazy import numpy as np

Type checkers see the real module (the bottom of this file). The stand-in imports the real
module on the first attribute asked of it and keeps every attribute it hands out in its own
``__dict__``, so later lookups cost what a module's do. It is no help at module level:
``np.uint64(1)`` there imports numpy at once.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any


class LazyModule:
    """A module imported on first use (see the module docstring)."""

    def __init__(self, name: str) -> None:
        self.__dict__["_lazy_name"] = name

    def __getattr__(self, attr: str) -> Any:  # only for attributes not cached yet
        value = getattr(self.module(), attr)
        self.__dict__[attr] = value
        return value

    def module(self) -> ModuleType:
        name = self.__dict__["_lazy_name"]
        __import__(name)  # (not importlib.import_module: -X importtime shows this one)
        return sys.modules[name]

    def __repr__(self) -> str:
        return f"<lazy module {self._lazy_name!r}>"


if TYPE_CHECKING:
    import numpy
else:
    numpy = LazyModule("numpy")
