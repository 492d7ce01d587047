"""Modules that bs4 imports on import and normalize never calls: loaded when first used.

bs4 imports soupsieve (CSS selectors), which compiles its regexes as it loads,
and a charset detector; together some 60 ms of every run's start, for
features the command does not use (the encoding filter calls chardet itself,
and then it loads). Each is put in `sys.modules` as a stand-in that imports
the real module the first time one of its attributes is read.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any


class _StandIn(types.ModuleType):
    def __getattr__(self, attribute: str) -> Any:
        # Reached only for what the stand-in lacks, so only until the real module is in.
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        real = importlib.import_module(self.__name__)
        self.__dict__.update(vars(real))
        return getattr(real, attribute)


def defer(*names: str) -> None:
    """Load each of `names` on first use; one already loaded, or not installed, is left."""
    for name in names:
        if name not in sys.modules and importlib.util.find_spec(name) is not None:
            sys.modules[name] = _StandIn(name)
