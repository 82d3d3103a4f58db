"""What refers to a record, asked before it is deleted.

An area that refers to another area's records (a pairing names people and a
unit) registers a check here through its ``Area.dependents``; the owning
service asks every check inside its delete's unit of work, so deletion can
refuse and say what depends on the record.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

DependentCheck = Callable[[Session, int], list[str]]

PERSON = "person"
UNIT = "unit"


class DependentChecks:
    def __init__(self) -> None:
        self._checks: dict[str, list[DependentCheck]] = {}

    def checks_for(self, entity: str) -> list[DependentCheck]:
        """The live list of checks for ``entity`` (appending registers one)."""
        return self._checks.setdefault(entity, [])

    def register(self, entity: str, check: DependentCheck) -> None:
        self.checks_for(entity).append(check)

    def found(self, entity: str, session: Session, ident: int) -> list[str]:
        found: list[str] = []
        for check in self.checks_for(entity):
            found.extend(check(session, ident))
        return found
