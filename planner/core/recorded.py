"""What a fold reads of a journal event (``planner.core.journal.events.Event``): a protocol,
so that the packages the journal imports (sessions, revisits) can fold its events without
importing it back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Protocol


class Event(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def at(self) -> dt.datetime: ...
    @property
    def type(self) -> str: ...
    @property
    def data(self) -> Mapping[str, object]: ...
