"""Plugin registries: built-ins are registered the same way third parties are.

A registry maps names to classes from three places, later ones winning: the built-ins (as
"module:Class" strings, loaded on first use so listing imports nothing heavy), the entry points
of a group (e.g. "mididrumigen.providers" in another package's pyproject), and run-time
`register()` calls. LLM providers and research collectors each keep one.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from importlib.metadata import entry_points
from typing import Any

from .errors import UserInputError


class PluginRegistry:
    """Names -> classes. `what` names a plugin in messages ("provider kind", "collector");
    `check(cls)` says what is wrong with a loaded class, or None when it will do."""

    def __init__(self, group: str, builtin: Mapping[str, str], *, what: str, field: str,
                 check: Callable[[Any], str | None]) -> None:
        self.group = group
        self.builtin = dict(builtin)
        self.what = what
        self.field = field
        self.check = check
        self._registered: dict[str, Any] = {}

    def register(self, name: str, cls: Any) -> None:
        """Add a plugin: a class, or "module:Class" loaded on first use."""
        self._registered[name] = cls

    def unregister(self, name: str) -> None:
        self._registered.pop(name, None)

    def available(self) -> dict[str, Any]:
        """Every known plugin: built-ins, then entry points, then run-time registrations."""
        found: dict[str, Any] = dict(self.builtin)
        for ep in entry_points(group=self.group):
            found[ep.name] = ep.value
        found.update(self._registered)
        return found

    def load(self, name: str) -> Any:
        """The class registered as `name`; UserInputError naming the known ones otherwise."""
        known = self.available()
        target = known.get(name)
        if target is None:
            raise UserInputError(f"unknown {self.what} {name!r}; known: {', '.join(known)}",
                                 field=self.field)
        if isinstance(target, str):
            module, _, attr = target.partition(":")
            target = getattr(importlib.import_module(module), attr)
        problem = self.check(target)
        if problem:
            raise UserInputError(f"{self.what} {name!r} {problem}", field=self.field)
        return target
