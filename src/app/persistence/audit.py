"""工作留痕: every ORM create, update and delete writes an audit row through the
same connection, inside the same transaction as the change.

``audit_row`` is the one place an audit row is built (actor, action, entity,
entity_id, summary cut to its column, before/after as JSON of plain values):
the ORM listeners here and the workbook import's Core writes
(exchange.sheets.ImportContext) both use it, and ``write_audit_rows`` writes a
batch of them in one executemany, which keeps a 10,000-row import fast."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Mapper, object_session

from app.domain.models import AuditEntry, Base

# kept by the program from other columns or rows, never typed by a user
# (mentorships.last_check_in: the day of the pair's last 带教记录)
_SKIP = {"created_at", "updated_at", "name_initials", "name_sort", "search_key", "last_check_in"}
SUMMARY_LENGTH = 200  # audit_log.summary is String(200)


def _plain(value: Any) -> Any:
    """A value as the log stores it: an enum by its value, a date as ISO text."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return str(value.value if hasattr(value, "value") else value)


def _json(values: dict[str, Any] | None) -> str | None:
    if values is None:
        return None
    return json.dumps({k: _plain(v) for k, v in values.items()}, ensure_ascii=False)


def audit_row(
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    summary: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> dict[str, Any]:
    """One audit_log row as insert parameters; ``entity`` is the table name."""
    return {
        "actor": actor or "",
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "summary": str(summary or "")[:SUMMARY_LENGTH],
        "before": _json(before),
        "after": _json(after),
        "batch_id": None,
    }


def write_audit_rows(connection, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows built by ``audit_row`` in one executemany."""
    if rows:
        connection.execute(insert(AuditEntry.__table__), list(rows))


def snapshot(target: Base) -> dict[str, Any]:
    mapper = inspect(target).mapper
    return {
        attr.key: _plain(getattr(target, attr.key))
        for attr in mapper.column_attrs
        if attr.key not in _SKIP
    }


def _summary(target: Base) -> str:
    return str(getattr(target, "name", None) or getattr(target, "title", None) or "")


def _write(connection, target: Base, action: str, before: dict | None, after: dict | None):
    session = object_session(target)
    actor = session.info.get("actor", "") if session is not None else ""
    row = audit_row(
        actor,
        action,
        target.__tablename__,
        getattr(target, "id", None),
        _summary(target),
        before,
        after,
    )
    write_audit_rows(connection, [row])


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
    """Attach the listeners to every audited model (idempotent).

    They are attached to the declarative Base with ``propagate=True``, so every
    model of every area is audited, including one whose module is imported
    after this runs."""
    global _installed
    if _installed:
        return
    event.listen(Base, "after_insert", _skip_audit_log(_after_insert), propagate=True)
    event.listen(Base, "after_update", _skip_audit_log(_after_update), propagate=True)
    event.listen(Base, "after_delete", _skip_audit_log(_after_delete), propagate=True)
    _installed = True


def _skip_audit_log(listener):
    def audited(mapper: Mapper, connection, target: Base) -> None:
        if not isinstance(target, AuditEntry):
            listener(mapper, connection, target)

    return audited


def record_bulk(
    connection,
    action: str,
    entity: str,
    summary: str,
    actor: str,
    details: dict[str, Any] | None = None,
    rows: Sequence[dict[str, Any]] = (),
) -> int:
    """One audit row for a bulk operation done with Core statements (an import),
    with ``details`` (its file name and counts) as its "after"; then ``rows``,
    the per-record rows it queued, each pointing at it (``batch_id``), so the
    操作记录 shows the import as one entry whose records can be opened.
    Returns the entry's id."""
    entry = audit_row(actor, action, entity, None, summary, None, details)
    result = connection.execute(insert(AuditEntry.__table__), [entry])
    entry_id = result.inserted_primary_key[0]
    write_audit_rows(connection, [{**row, "batch_id": entry_id} for row in rows])
    return entry_id
