"""老带新 and 双培养一输送: mentorships with their check-ins (带教记录), and each
person's dated development stages, as SQLAlchemy 2 typed models."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Update,
    func,
    select,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain.enums import LabelledEnum, PoliticalStatus, define_labels
from app.domain.models import Base, Timestamped, enum_column


class MentorshipFocus(LabelledEnum):
    KNOWLEDGE = "knowledge"
    SKILLS = "skills"
    CONDUCT = "conduct"


class MentorshipStatus(LabelledEnum):
    ACTIVE = "active"
    GRADUATED = "graduated"
    STOPPED = "stopped"


class Stage(LabelledEnum):
    """双培养一输送: the steps of a person's development, in order; 输送 is a
    transfer to a post (团支部书记 ...), recorded beside the steps."""

    BACKBONE = "backbone"
    APPLICATION = "application"
    ACTIVIST = "activist"
    TARGET = "target"
    PROBATIONARY = "probationary"
    FULL_MEMBER = "full_member"
    TRANSFER = "transfer"

    @property
    def order(self) -> int:
        return _STAGE_ORDER[self]

    @property
    def political_status(self) -> PoliticalStatus | None:
        """The 政治面貌 a person has once this stage is recorded."""
        return {
            Stage.APPLICATION: PoliticalStatus.APPLICANT,
            Stage.ACTIVIST: PoliticalStatus.ACTIVIST,
            Stage.TARGET: PoliticalStatus.DEVELOPMENT_TARGET,
            Stage.PROBATIONARY: PoliticalStatus.PROBATIONARY,
            Stage.FULL_MEMBER: PoliticalStatus.MEMBER,
        }.get(self)


# Each stage's place in the order (a lookup: the development list asks for it
# tens of thousands of times).
_STAGE_ORDER = {stage: index for index, stage in enumerate(Stage)}


define_labels(
    MentorshipFocus,
    {
        MentorshipFocus.KNOWLEDGE: "业务知识",
        MentorshipFocus.SKILLS: "工作技能",
        MentorshipFocus.CONDUCT: "思想作风",
    },
    {"业务": MentorshipFocus.KNOWLEDGE, "技能": MentorshipFocus.SKILLS,
     "思想": MentorshipFocus.CONDUCT, "作风": MentorshipFocus.CONDUCT},
)  # fmt: skip
define_labels(
    MentorshipStatus,
    {
        MentorshipStatus.ACTIVE: "带教中",
        MentorshipStatus.GRADUATED: "已出师",
        MentorshipStatus.STOPPED: "已中止",
    },
    {"进行中": MentorshipStatus.ACTIVE, "出师": MentorshipStatus.GRADUATED,
     "中止": MentorshipStatus.STOPPED, "终止": MentorshipStatus.STOPPED},
)  # fmt: skip
define_labels(
    Stage,
    {
        Stage.BACKBONE: "业务骨干",
        Stage.APPLICATION: "递交入党申请书",
        Stage.ACTIVIST: "入党积极分子",
        Stage.TARGET: "发展对象",
        Stage.PROBATIONARY: "预备党员",
        Stage.FULL_MEMBER: "正式党员",
        Stage.TRANSFER: "输送",
    },
    {"入党申请": Stage.APPLICATION, "递交申请": Stage.APPLICATION, "申请入党": Stage.APPLICATION,
     "积极分子": Stage.ACTIVIST, "转正": Stage.FULL_MEMBER, "中共预备党员": Stage.PROBATIONARY,
     "中共党员": Stage.FULL_MEMBER},
)  # fmt: skip


class Mentorship(Timestamped, Base):
    """老带新: a mentor and a mentee (usually a new employee) over a period."""

    __tablename__ = "mentorships"
    __table_args__ = (
        UniqueConstraint("mentor_id", "mentee_id", "start_date"),
        Index("ix_mentorships_status_start", "status", "start_date"),
        # what the list's default order (quiet 带教中 pairs first) and the totals
        # line read, without touching the table (migration 0009)
        Index("ix_mentorships_status_last", "status", "last_check_in", "start_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    planned_end: Mapped[dt.date | None] = mapped_column(Date)
    focus: Mapped[str] = mapped_column(String(100), default="")  # focus codes joined by ","
    goals: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[MentorshipStatus] = mapped_column(
        enum_column(MentorshipStatus), default=MentorshipStatus.ACTIVE
    )
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    evaluation: Mapped[str] = mapped_column(Text, default="")
    # the day of the last 带教记录 (None: none yet), kept by whatever writes
    # check-ins (last_check_in_update): the 30-day flag is read from it
    last_check_in: Mapped[dt.date | None] = mapped_column(Date)

    check_ins: Mapped[list[CheckIn]] = relationship(
        back_populates="mentorship",
        cascade="all, delete-orphan",
        order_by="(CheckIn.date, CheckIn.id)",
    )

    @property
    def name(self) -> str:  # what the audit log shows as the summary
        return f"带教 {self.mentor_id}→{self.mentee_id} {self.start_date}"


class CheckIn(Timestamped, Base):
    """带教记录: what was taught or done on a day, and the mentor's comment."""

    __tablename__ = "check_ins"
    __table_args__ = (Index("ix_check_ins_mentorship_date", "mentorship_id", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text)
    comment: Mapped[str] = mapped_column(Text, default="")

    mentorship: Mapped[Mentorship] = relationship(back_populates="check_ins")

    @property
    def name(self) -> str:
        return f"{self.date} {self.content[:40]}"


class DevelopmentRecord(Timestamped, Base):
    """One dated stage of a person's development (双培养一输送), with what the
    member-development regulations ask to be recorded at that stage."""

    __tablename__ = "development_records"
    __table_args__ = (
        UniqueConstraint("person_id", "stage", "date"),
        Index("ix_development_records_stage_date", "stage", "date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    stage: Mapped[Stage] = mapped_column(enum_column(Stage))
    date: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")  # for 输送: the post
    # 递交入党申请书: the talk with the applicant (谈话)
    talk_date: Mapped[dt.date | None] = mapped_column(Date)
    # 预备党员: the two introducers (入党介绍人), the intensive training, the approval
    introducer1_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"))
    introducer2_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"))
    training_days: Mapped[int | None] = mapped_column(Integer)
    training_hours: Mapped[int | None] = mapped_column(Integer)
    approval_date: Mapped[dt.date | None] = mapped_column(Date)  # 上级党委审批
    # 正式党员: the probation extended (months, 6–12) before becoming full
    extension_months: Mapped[int | None] = mapped_column(Integer)

    @property
    def name(self) -> str:
        return f"{self.stage.label} {self.date}"


def last_check_in_update(mentorship_ids=None) -> Update:
    """An UPDATE setting ``mentorships.last_check_in`` anew from the check-ins
    on file: of the mentorships ``mentorship_ids`` (every one when None). Run
    after check-ins are added, moved to another day or deleted."""
    last = (
        select(func.max(CheckIn.date))
        .where(CheckIn.mentorship_id == Mentorship.id)
        .correlate(Mentorship.__table__)
        .scalar_subquery()
    )
    statement = update(Mentorship.__table__).values(last_check_in=last)
    if mentorship_ids is not None:
        statement = statement.where(Mentorship.__table__.c.id.in_(sorted(set(mentorship_ids))))
    return statement
