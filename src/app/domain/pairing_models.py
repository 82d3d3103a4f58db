"""结对帮扶's entities: pairings and their members, assistance sessions with their
participants and problems, as SQLAlchemy 2 typed models on the shared Base."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain import pairing_figures
from app.domain.enums import MemberSide, PairingKind, ServiceType
from app.domain.models import Base, Timestamped, enum_column


class Pairing(Timestamped, Base):
    """结对: a named group of helpers and helped people."""

    __tablename__ = "pairings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[PairingKind] = mapped_column(enum_column(PairingKind))
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
    side: Mapped[MemberSide] = mapped_column(enum_column(MemberSide))

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
        # Covers the figures too: a period's totals are counted from the index.
        Index(
            "ix_assistance_sessions_date_pairing_figures",
            "date",
            "pairing_id",
            "service_type",
            "participant_count",
            "outside_count",
        ),
        # A pairing's sessions (a 类型's, every year's summed per pairing), figures covered.
        Index(
            "ix_assistance_sessions_pairing_figures",
            "pairing_id",
            "date",
            "service_type",
            "participant_count",
            "outside_count",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date)
    pairing_id: Mapped[int] = mapped_column(ForeignKey("pairings.id", ondelete="RESTRICT"))
    topic: Mapped[str] = mapped_column(String(200))
    service_type: Mapped[ServiceType] = mapped_column(enum_column(ServiceType))
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
