"""Entities as SQLAlchemy 2 typed models. Portable: nothing SQLite-only."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from app.domain import pairing_figures
from app.domain.enums import (
    Gender,
    MemberSide,
    PairingKind,
    PersonStatus,
    PoliticalStatus,
    ServiceType,
    UnitKind,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _enum(enum_cls: type) -> SAEnum:
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
    kind: Mapped[UnitKind] = mapped_column(_enum(UnitKind))
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

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(50), index=True)
    employee_no: Mapped[str | None] = mapped_column(String(30), unique=True)
    gender: Mapped[Gender | None] = mapped_column(_enum(Gender))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), index=True
    )
    position: Mapped[str] = mapped_column(String(100), default="")
    political_status: Mapped[PoliticalStatus] = mapped_column(
        _enum(PoliticalStatus), default=PoliticalStatus.MASSES
    )
    party_join_date: Mapped[dt.date | None] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(30), default="")
    tags: Mapped[str] = mapped_column(String(500), default="")  # joined with 、
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[PersonStatus] = mapped_column(_enum(PersonStatus), default=PersonStatus.ACTIVE)
    transferred_out_on: Mapped[dt.date | None] = mapped_column(Date)
    name_initials: Mapped[str] = mapped_column(String(50), default="")

    unit: Mapped[Unit | None] = relationship()

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split("、") if t]


class Pairing(Timestamped, Base):
    """结对: a named group of helpers and helped people."""

    __tablename__ = "pairings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[PairingKind] = mapped_column(_enum(PairingKind))
    campaign: Mapped[str] = mapped_column(String(200), default="")
    helped_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), index=True
    )
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    goal: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")

    members: Mapped[list[PairingMember]] = relationship(
        back_populates="pairing", cascade="all, delete-orphan", order_by="PairingMember.id"
    )


class PairingMember(Base):
    __tablename__ = "pairing_members"
    __table_args__ = (UniqueConstraint("pairing_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pairing_id: Mapped[int] = mapped_column(ForeignKey("pairings.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    side: Mapped[MemberSide] = mapped_column(_enum(MemberSide))

    pairing: Mapped[Pairing] = relationship(back_populates="members")


class AssistanceSession(Timestamped, Base):
    """帮扶活动: one session of a pairing on a day.

    ``participant_count`` is kept equal to the number of participant rows by
    the service and the import (both through ``pairing_figures.participant_count``),
    so the figures are one aggregate over this table instead of a join over
    every participant.
    """

    __tablename__ = "assistance_sessions"
    __table_args__ = (
        Index("ix_assistance_sessions_date_pairing", "date", "pairing_id"),
        Index("ix_assistance_sessions_pairing_date", "pairing_id", "date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date)
    pairing_id: Mapped[int] = mapped_column(ForeignKey("pairings.id", ondelete="RESTRICT"))
    topic: Mapped[str] = mapped_column(String(200))
    service_type: Mapped[ServiceType] = mapped_column(_enum(ServiceType))
    place: Mapped[str] = mapped_column(String(200), default="")
    outside_count: Mapped[int] = mapped_column(Integer, default=0)
    participant_count: Mapped[int] = mapped_column(Integer, default=0)
    follow_up: Mapped[str] = mapped_column(Text, default="")

    participants: Mapped[list[SessionParticipant]] = relationship(
        cascade="all, delete-orphan", order_by="SessionParticipant.id"
    )
    problems: Mapped[list[Problem]] = relationship(
        cascade="all, delete-orphan",
        foreign_keys="Problem.session_id",
        order_by="Problem.id",
    )

    @property
    def name(self) -> str:  # what the audit log shows as the summary
        return f"{self.date} {self.topic}"

    @hybrid_property
    def person_times(self) -> int:
        """人次 (pairing_figures.person_times): on a row an int, on the class the
        SQL expression the ledger and the stats select and sum."""
        return pairing_figures.person_times(self.participant_count, self.outside_count)


class SessionParticipant(Base):
    __tablename__ = "session_participants"
    __table_args__ = (UniqueConstraint("session_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("assistance_sessions.id", ondelete="CASCADE")
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)


class Problem(Timestamped, Base):
    """A problem found in a session; solved later, possibly in another session."""

    __tablename__ = "problems"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("assistance_sessions.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    solved: Mapped[bool] = mapped_column(Boolean, default=False)
    solved_on: Mapped[dt.date | None] = mapped_column(Date)
    solved_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("assistance_sessions.id", ondelete="SET NULL"), index=True
    )

    @property
    def name(self) -> str:
        return self.text[:50]


class AuditEntry(Base):
    """工作留痕: one row per create, update or delete, in the same transaction."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    actor: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(20))  # create | update | delete | import
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(String(200), default="")
    before: Mapped[str | None] = mapped_column(Text)  # JSON
    after: Mapped[str | None] = mapped_column(Text)  # JSON
