"""The derived figures of 帮扶活动, defined once.

人次 (person-times) of a session = the people listed as its participants, each
once, plus 其他参与人数 (participants not listed by name). The session form's
live "本次 N 人次", the service's ledger, the stats (in SQL) and the workbook
import all take it from here: ``person_times`` adds plain ints and SQL column
expressions alike, and ``AssistanceSession.person_times`` is that same
function applied to the two stored columns.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any


def participant_count(participants: Iterable[Hashable]) -> int:
    """How many listed people took part: each one once, whatever identifies them
    (a person id in the form and the service, a 工号/name key in the import)."""
    return len(set(participants))


def person_times(participant_count: Any, outside_count: Any) -> Any:
    """人次 from the two counts. Given ints it is an int; given the two columns of
    ``assistance_sessions`` it is the SQL expression the stats sum."""
    return participant_count + outside_count
