"""工作留痕: every ORM create, update and delete writes an audit row through the
same connection, inside the same transaction as the change."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Mapper, object_session

from app.domain.models import AuditEntry, Base

_SKIP = {"created_at", "updated_at", "name_initials"}


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value.value if hasattr(value, "value") else value)


def snapshot(target: Base) -> dict[str, Any]:
    mapper = inspect(target).mapper
    return {
        attr.key: _plain(getattr(target, attr.key))
        for attr in mapper.column_attrs
        if attr.key not in _SKIP
    }


def _summary(target: Base) -> str:
    name = getattr(target, "name", None) or getattr(target, "title", None) or ""
    return str(name)[:200]


def _write(connection, target: Base, action: str, before: dict | None, after: dict | None):
    session = object_session(target)
    actor = session.info.get("actor", "") if session is not None else ""
    connection.execute(
        insert(AuditEntry.__table__).values(
            actor=actor,
            action=action,
            entity=target.__tablename__,
            entity_id=getattr(target, "id", None),
            summary=_summary(target),
            before=json.dumps(before, ensure_ascii=False) if before is not None else None,
            after=json.dumps(after, ensure_ascii=False) if after is not None else None,
        )
    )


def _after_insert(_mapper: Mapper, connection, target: Base) -> None:
    _write(connection, target, "create", None, snapshot(target))


def _after_update(mapper: Mapper, connection, target: Base) -> None:
    state = inspect(target)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in mapper.column_attrs:
        if attr.key in _SKIP:
            continue
        history = state.attrs[attr.key].history
        if history.has_changes():
            before[attr.key] = _plain(history.deleted[0]) if history.deleted else None
            after[attr.key] = _plain(history.added[0]) if history.added else None
    if after:
        _write(connection, target, "update", before, after)


def _after_delete(_mapper: Mapper, connection, target: Base) -> None:
    _write(connection, target, "delete", snapshot(target), None)


_installed = False


def install_audit_listeners() -> None:
    """Attach the listeners to every audited model (idempotent)."""
    global _installed
    if _installed:
        return
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        if cls is AuditEntry:
            continue
        event.listen(cls, "after_insert", _after_insert)
        event.listen(cls, "after_update", _after_update)
        event.listen(cls, "after_delete", _after_delete)
    _installed = True


def record_bulk(connection, action: str, entity: str, summary: str, actor: str) -> None:
    """One audit row for a bulk operation done with Core statements (imports)."""
    connection.execute(
        insert(AuditEntry.__table__).values(
            actor=actor, action=action, entity=entity, summary=summary[:200]
        )
    )
