"""Small helpers the services share."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from app.domain.errors import NotFound

T = TypeVar("T")


def existing(session: Session, model: type[T], ident: int, gone: str) -> T:
    """The row of ``model`` with this id; NotFound(gone) when it has been deleted."""
    row = session.get(model, ident)
    if row is None:
        raise NotFound(gone)
    return row


def few(names: list[str], limit: int = 3) -> str:
    """The first few names of a list, as a message shows them: 甲、乙、丙等."""
    return "、".join(names[:limit]) + ("等" if len(names) > limit else "")
