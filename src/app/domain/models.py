"""The shared declarative Base and the roster's entities (units, people) and the
audit log, as SQLAlchemy 2 typed models. Portable: nothing SQLite-only.

Each other area keeps its models in its own module, ``domain/<area>_models.py``,
on this Base (foreign keys by table name, e.g. ``ForeignKey("people.id")``);
``all_models()`` imports every such module, so the metadata is complete for
Alembic and the schema test without a list to keep.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    func,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from app.domain.enums import (
    Gender,
    PersonStatus,
    PoliticalStatus,
    UnitKind,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def enum_column(enum_cls: type) -> SAEnum:
    # Stored as portable VARCHAR codes, checked by Python, not a native enum type.
    return SAEnum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=30,
        values_callable=lambda e: [m.value for m in e],
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Timestamped:
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )


class Unit(Timestamped, Base):
    """A business unit of the branch, or an external co-building unit."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[UnitKind] = mapped_column(enum_column(UnitKind))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), index=True
    )
    note: Mapped[str] = mapped_column(Text, default="")

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent")

    @property
    def is_co_building(self) -> bool:
        return self.kind == UnitKind.CO_BUILDING


class Person(Timestamped, Base):
    __tablename__ = "people"
    __table_args__ = (
        # The roster list's filters (unit, 状态, 政治面貌, the search text) and its
        # default order read this index alone, never the wider table rows: a
        # keystroke counts and pages 100,000 people in about 10 ms each.
        Index(
            "ix_people_roster", "unit_id", "status", "political_status", "search_key", "name_sort"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(50), index=True)
    employee_no: Mapped[str | None] = mapped_column(String(30), unique=True)
    gender: Mapped[Gender | None] = mapped_column(enum_column(Gender))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), index=True
    )
    position: Mapped[str] = mapped_column(String(100), default="")
    political_status: Mapped[PoliticalStatus] = mapped_column(
        enum_column(PoliticalStatus), default=PoliticalStatus.MASSES
    )
    party_join_date: Mapped[dt.date | None] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(30), default="")
    tags: Mapped[str] = mapped_column(String(500), default="")  # joined with 、
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[PersonStatus] = mapped_column(
        enum_column(PersonStatus), default=PersonStatus.ACTIVE
    )
    transferred_out_on: Mapped[dt.date | None] = mapped_column(Date)
    name_initials: Mapped[str] = mapped_column(String(50), default="")
    # search_keys.name_sort_key: full pinyin then the characters (the 姓名 column's order)
    name_sort: Mapped[str] = mapped_column(String(300), default="", index=True)
    # search_keys.search_key: name, 工号 and initials in lower case, what the
    # roster's search box matches (a substring of it)
    search_key: Mapped[str] = mapped_column(String(200), default="")

    unit: Mapped[Unit | None] = relationship()

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split("、") if t]


class Setting(Timestamped, Base):
    """One setting (支部名称, the points rules ...): its key and its value as JSON.
    Kept in the database so a backup carries it; declared in domain/settings.py."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="null")

    @property
    def name(self) -> str:  # what the audit log shows as the summary
        return self.key


class AuditEntry(Base):
    """工作留痕: one row per create, update or delete, in the same transaction."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_entity", "entity", "entity_id"),
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_batch_id", "batch_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    actor: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(20))  # create | update | delete | import
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(String(200), default="")
    before: Mapped[str | None] = mapped_column(Text)  # JSON
    after: Mapped[str | None] = mapped_column(Text)  # JSON
    # The import entry (action "import") that wrote this row; NULL for a form's change.
    batch_id: Mapped[int | None] = mapped_column(Integer)


def all_models() -> MetaData:
    """Import every area's models module (``app.domain.*_models``) and return the
    complete metadata."""
    import importlib
    import pkgutil

    import app.domain as domain

    for module in pkgutil.iter_modules(domain.__path__):
        if module.name.endswith("_models"):
            importlib.import_module(f"{domain.__name__}.{module.name}")
    return Base.metadata
