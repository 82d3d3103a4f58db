"""The 操作记录: the audit log read back, in Chinese, a page at a time.

Every create, update and delete wrote a row (persistence.audit); an import
wrote one entry with its file name and counts, and its records' rows point at
it (``batch_id``). The log's top level is the rows with no ``batch_id``, so an
import of 10,000 rows is one line; ``AuditFilter(batch_id=...)`` lists its
records. Pages are read with keyset paging (``id < last``, newest first) and
counted in SQL, so a long log stays fast.

Times: SQLite's CURRENT_TIMESTAMP is UTC, so on SQLite the stored times are
read as UTC and shown (and filtered) in local time; a server's now() is
taken as local already.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Enum as SAEnum
from sqlalchemy import Select, and_, func, select

from app.domain.audit_labels import (
    ACTIONS,
    IMPORT_AREA,
    PAIRING_COLUMNS,
    PERSON_COLUMNS,
    UNIT_COLUMNS,
    column_label,
    table_labels,
    tables_of,
)
from app.domain.models import AuditEntry, Person, Unit, all_models
from app.persistence.database import Database

PAGE_SIZE = 200
EMPTY = "（空）"
VALUE_LENGTH = 60  # a long text is cut in the list; the export keeps it whole


@dataclass(frozen=True)
class AuditFilter:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    area: str | None = None  # one of audit_labels.areas()
    actor: str | None = None
    batch_id: int | None = None  # the records of one import; None: the log itself


@dataclass(frozen=True)
class AuditLine:
    id: int
    at: dt.datetime  # local time
    actor: str
    action: str  # 新增 / 修改 / 删除 / 导入
    area: str
    record: str  # 人员「张三」
    changes: str  # 姓名：张三 → 张叁；联系电话：（空） → 13800000000
    import_records: int = 0  # for an import: how many record rows it wrote

    @property
    def is_import(self) -> bool:
        return self.action == ACTIONS["import"]


class AuditLogService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._utc = db.engine.dialect.name == "sqlite"
        self._enums: dict[tuple[str, str], type] | None = None

    # ----- queries ----------------------------------------------------------------

    def count(self, where: AuditFilter = AuditFilter()) -> int:
        query = self._filtered(select(func.count()).select_from(AuditEntry), where)
        with self.db.reading() as session:
            return int(session.execute(query).scalar_one())

    def page(
        self,
        where: AuditFilter = AuditFilter(),
        after_id: int | None = None,
        limit: int = PAGE_SIZE,
    ) -> list[AuditLine]:
        """Up to ``limit`` lines, newest first, older than the line ``after_id``."""
        query = self._filtered(select(AuditEntry), where)
        if after_id is not None:
            query = query.where(AuditEntry.id < after_id)
        query = query.order_by(AuditEntry.id.desc()).limit(limit)
        with self.db.reading() as session:
            entries = list(session.execute(query).scalars())
            return self._lines(session, entries)

    def lines(
        self, where: AuditFilter = AuditFilter(), chunk: int = 1000
    ) -> Iterator[list[AuditLine]]:
        """Every line of ``where``, newest first, ``chunk`` at a time (the export)."""
        after: int | None = None
        while True:
            lines = self.page(where, after, chunk)
            if not lines:
                return
            yield lines
            after = lines[-1].id

    def actors(self) -> list[str]:
        """Every operator the log names, for the filter."""
        query = select(AuditEntry.actor).distinct().order_by(AuditEntry.actor)
        with self.db.reading() as session:
            return [a for a in session.execute(query).scalars() if a]

    def _filtered(self, query: Select, where: AuditFilter) -> Select:
        conditions = []
        if where.batch_id is None:
            conditions.append(AuditEntry.batch_id.is_(None))
        else:
            conditions.append(AuditEntry.batch_id == where.batch_id)
        if where.date_from is not None:
            conditions.append(AuditEntry.at >= self._stored(where.date_from))
        if where.date_to is not None:
            conditions.append(AuditEntry.at < self._stored(where.date_to + dt.timedelta(days=1)))
        if where.area:
            conditions.append(AuditEntry.entity.in_(tables_of(where.area)))
        if where.actor:
            conditions.append(AuditEntry.actor == where.actor)
        return query.where(and_(*conditions))

    # ----- times ------------------------------------------------------------------

    def _stored(self, day: dt.date) -> dt.datetime:
        """Local midnight of ``day`` as the log stores times."""
        local = dt.datetime.combine(day, dt.time())
        if not self._utc:
            return local
        return local.astimezone(dt.UTC).replace(tzinfo=None)

    def _local(self, stored: dt.datetime | None) -> dt.datetime:
        if stored is None:
            return dt.datetime.min
        if not self._utc:
            return stored
        return stored.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)

    # ----- words ------------------------------------------------------------------

    def _lines(self, session, entries: list[AuditEntry]) -> list[AuditLine]:
        names = _Names(session, entries)
        imports = [e.id for e in entries if e.action == "import"]
        records: dict[int, int] = {}
        if imports:
            query = (
                select(AuditEntry.batch_id, func.count())
                .where(AuditEntry.batch_id.in_(imports))
                .group_by(AuditEntry.batch_id)
            )
            records = {batch: n for batch, n in session.execute(query)}
        return [self._line(entry, names, records.get(entry.id, 0)) for entry in entries]

    def _line(self, entry: AuditEntry, names: _Names, import_records: int) -> AuditLine:
        labels = table_labels(entry.entity)
        before = _decode(entry.before)
        after = _decode(entry.after)
        if entry.action == "import":
            area, record = IMPORT_AREA, f"「{(after or {}).get('file', '')}」"
            changes = _import_counts(after or {}) or entry.summary
        else:
            area = labels.area
            record = self._record(entry, labels.record)
            changes = self._changes(entry.entity, entry.action, before, after, names)
        return AuditLine(
            id=entry.id,
            at=self._local(entry.at),
            actor=entry.actor,
            action=ACTIONS.get(entry.action, entry.action),
            area=area,
            record=record,
            changes=changes,
            import_records=import_records,
        )

    def _record(self, entry: AuditEntry, what: str) -> str:
        summary = entry.summary
        if entry.entity == "settings":
            from app.domain.settings import BY_KEY

            setting = BY_KEY.get(summary)
            summary = setting.label if setting is not None else summary
        if summary:
            return f"{what}「{summary}」"
        return f"{what}（编号 {entry.entity_id}）" if entry.entity_id else what

    def _changes(
        self,
        table: str,
        action: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        names: _Names,
    ) -> str:
        def shown(column: str, value: Any) -> str:
            return self._value(table, column, value, names)

        parts = []
        if action == "update":
            for column, new in (after or {}).items():
                old = (before or {}).get(column)
                parts.append(
                    f"{column_label(table, column)}：{shown(column, old)} → {shown(column, new)}"
                )
        else:
            values = after if action == "create" else before
            for column, value in (values or {}).items():
                if column == "id" or value in (None, ""):
                    continue
                parts.append(f"{column_label(table, column)}：{shown(column, value)}")
        return "；".join(parts)

    def _value(self, table: str, column: str, value: Any, names: _Names) -> str:
        if value is None or value == "":
            return EMPTY
        if isinstance(value, bool):
            return "是" if value else "否"
        if column in PERSON_COLUMNS:
            return names.person(value)
        if column in UNIT_COLUMNS:
            return names.unit(value)
        if column in PAIRING_COLUMNS:
            return names.pairing(value)
        if table == "settings" and column == "value":
            value = _decode_setting(value)
        if table == "settings" and column == "key":
            from app.domain.settings import BY_KEY

            value = BY_KEY[value].label if value in BY_KEY else value
        enum_cls = self._enum_of(table, column)
        if enum_cls is not None:
            try:
                value = enum_cls(value).label
            except (ValueError, KeyError, AttributeError):
                pass
        text = str(value)
        return text if len(text) <= VALUE_LENGTH else text[: VALUE_LENGTH - 1] + "…"

    def _enum_of(self, table: str, column: str) -> type | None:
        if self._enums is None:
            self._enums = {}
            for t in all_models().sorted_tables:
                for c in t.columns:
                    if isinstance(c.type, SAEnum) and c.type.enum_class is not None:
                        self._enums[(t.name, c.name)] = c.type.enum_class
        return self._enums.get((table, column))


class _Names:
    """The names of the people, units and pairings a page of lines refers to,
    read in one query each (a page never asks once per line)."""

    def __init__(self, session, entries: Iterable[AuditEntry]) -> None:
        wanted: dict[str, set[int]] = {"person": set(), "unit": set(), "pairing": set()}
        for entry in entries:
            for values in (_decode(entry.before), _decode(entry.after)):
                for column, value in (values or {}).items():
                    if not isinstance(value, int) or isinstance(value, bool):
                        continue
                    if column in PERSON_COLUMNS:
                        wanted["person"].add(value)
                    elif column in UNIT_COLUMNS:
                        wanted["unit"].add(value)
                    elif column in PAIRING_COLUMNS:
                        wanted["pairing"].add(value)
        self._people = _by_id(session, Person.id, Person.name, wanted["person"])
        self._units = _by_id(session, Unit.id, Unit.name, wanted["unit"])
        from app.domain.pairing_models import Pairing

        self._pairings = _by_id(session, Pairing.id, Pairing.name, wanted["pairing"])

    def person(self, value: Any) -> str:
        return self._people.get(value) or f"人员（编号 {value}，已删除）"

    def unit(self, value: Any) -> str:
        return self._units.get(value) or f"单位（编号 {value}，已删除）"

    def pairing(self, value: Any) -> str:
        return self._pairings.get(value) or f"结对（编号 {value}，已删除）"


def _by_id(session, id_column, name_column, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    query = select(id_column, name_column).where(id_column.in_(sorted(ids)))
    return {row_id: name for row_id, name in session.execute(query)}


def _decode(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _decode_setting(text: Any) -> Any:
    try:
        return json.loads(text) if isinstance(text, str) else text
    except ValueError:
        return text


def _import_counts(details: dict[str, Any]) -> str:
    counts = details.get("counts") or {}
    parts = []
    for sheet, c in counts.items():
        if isinstance(c, dict):
            parts.append(
                f"{sheet} 新增 {c.get('created', 0)}、更新 {c.get('updated', 0)}、"
                f"未变 {c.get('unchanged', 0)}"
            )
    return "；".join(parts)
