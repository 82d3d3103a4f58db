"""双培养一输送: each person's dated stages, the regulations' warnings and the
next step due, and the pipeline (how many people stand at each stage, and who).

Recording a stage that carries a 政治面貌 (递交入党申请书 → 入党申请人 ...
预备党员, 正式党员) updates the person's 政治面貌 in the roster in the same
unit of work, when it moves them forward (a stage recorded late for history
never moves a 正式党员 back)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from app.domain.development_rules import NextStep, StageEntry, next_step, warnings
from app.domain.enums import PersonStatus, PoliticalStatus
from app.domain.errors import ValidationFailed
from app.domain.mentoring_models import DevelopmentRecord, Stage
from app.domain.models import Person, Unit
from app.domain.text import clean_text
from app.domain.validation import is_day
from app.persistence.database import Database
from app.services.common import existing

MAX_NOTE = 500
# 政治面貌 from least to most advanced: a stage only ever moves a person forward.
_STATUS_ORDER = [
    PoliticalStatus.MASSES,
    PoliticalStatus.LEAGUE_MEMBER,
    PoliticalStatus.APPLICANT,
    PoliticalStatus.ACTIVIST,
    PoliticalStatus.DEVELOPMENT_TARGET,
    PoliticalStatus.PROBATIONARY,
    PoliticalStatus.MEMBER,
]


@dataclass
class StageInput:
    stage: Stage | None = None
    date: dt.date | None = None
    note: str = ""  # for 输送: the post, e.g. 团支部书记
    talk_date: dt.date | None = None
    introducer_ids: list[int] = field(default_factory=list)
    training_days: int | None = None
    training_hours: int | None = None
    approval_date: dt.date | None = None
    extension_months: int | None = None


def stage_errors(values: StageInput, today: dt.date) -> dict[str, str]:
    """What must be right to save a stage (the regulations only warn). Never raises."""
    errors: dict[str, str] = {}
    if not isinstance(values.stage, Stage):
        errors["stage"] = "请选择阶段（" + "、".join(Stage.labels()) + "）"
    if not is_day(values.date):
        errors["date"] = "请填写日期"
    elif values.date > today:
        errors["date"] = "日期不能晚于今天"
    note = clean_text(values.note) if isinstance(values.note, str) else None
    if note is None or len(note) > MAX_NOTE:
        errors["note"] = f"备注不能超过 {MAX_NOTE} 个字"
    elif values.stage == Stage.TRANSFER and not note:
        errors["note"] = "输送请写明去向（如 团支部书记）"
    for key in ("training_days", "training_hours", "extension_months"):
        value = getattr(values, key)
        if value is not None and (not isinstance(value, int) or not 0 <= value <= 999):
            errors[key] = "请填写 0 到 999 之间的整数"
    for key in ("talk_date", "approval_date"):
        value = getattr(values, key)
        if value is not None and is_day(value) and value > today:
            errors[key] = "日期不能晚于今天"
    return errors


class StageRow(NamedTuple):
    id: int
    stage: Stage
    date: dt.date
    note: str
    talk_date: dt.date | None
    introducer_names: list[str]
    training_days: int | None
    training_hours: int | None
    approval_date: dt.date | None
    extension_months: int | None


class TrackRow(NamedTuple):
    """A person on the development list: where they stand and what is due next."""

    person_id: int
    name: str
    unit_name: str
    political_status: PoliticalStatus
    stage: Stage
    stage_date: dt.date
    next_step: NextStep | None
    warnings: list[str]

    def overdue(self, today: dt.date) -> bool:
        return self.next_step is not None and self.next_step.overdue(today)


@dataclass(frozen=True)
class Pipeline:
    """How many people reached each stage in a period, and who."""

    date_from: dt.date | None
    counts: dict[Stage, int]
    names: dict[Stage, list[str]]

    def text(self) -> str:
        """ "自 2020 年以来：递交申请 3 人，积极分子 2 人，输送 1 人"."""
        since = f"自 {self.date_from.year} 年以来：" if self.date_from else "全部："
        short = {
            Stage.BACKBONE: "业务骨干",
            Stage.APPLICATION: "递交申请",
            Stage.ACTIVIST: "积极分子",
            Stage.TARGET: "发展对象",
            Stage.PROBATIONARY: "预备党员",
            Stage.FULL_MEMBER: "转正",
            Stage.TRANSFER: "输送",
        }
        parts = [f"{short[s]} {n} 人" for s, n in self.counts.items() if n]
        return since + ("，".join(parts) if parts else "暂无记录")


class DevelopmentService:
    def __init__(self, db: Database, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.db = db
        self._today = today

    def add_stage(self, person_id: int, values: StageInput) -> int:
        """Record a stage; a stage with a 政治面貌 moves the person's 政治面貌 forward
        in the same unit of work. Returns the record's id."""
        errors = stage_errors(values, self._today())
        if errors:
            raise ValidationFailed(errors)
        with self.db.unit_of_work() as session:
            person = existing(session, Person, person_id, "该人员已不存在（可能已被删除）")
            twin = session.scalar(
                select(DevelopmentRecord.id).where(
                    DevelopmentRecord.person_id == person_id,
                    DevelopmentRecord.stage == values.stage,
                    DevelopmentRecord.date == values.date,
                )
            )
            if twin is not None:
                raise ValidationFailed({"date": "这一天的这个阶段已经登记过"})
            record = DevelopmentRecord(person_id=person_id)
            _apply(record, values)
            session.add(record)
            _move_status(person, values.stage)  # type: ignore[arg-type]
            session.flush()
            return record.id

    def update_stage(self, record_id: int, values: StageInput) -> None:
        errors = stage_errors(values, self._today())
        if errors:
            raise ValidationFailed(errors)
        with self.db.unit_of_work() as session:
            record = existing(session, DevelopmentRecord, record_id, "该发展记录已不存在")
            _apply(record, values)
            _move_status(session.get(Person, record.person_id), values.stage)  # type: ignore[arg-type]

    def delete_stage(self, record_id: int) -> None:
        with self.db.unit_of_work() as session:
            session.delete(existing(session, DevelopmentRecord, record_id, "该发展记录已不存在"))

    def stages(self, person_id: int) -> list[StageRow]:
        with self.db.reading() as session:
            names = dict(session.execute(select(Person.id, Person.name)).all())
            rows = session.scalars(
                select(DevelopmentRecord)
                .where(DevelopmentRecord.person_id == person_id)
                .order_by(DevelopmentRecord.date, DevelopmentRecord.id)
            )
            return [
                StageRow(
                    r.id,
                    r.stage,
                    r.date,
                    r.note or "",
                    r.talk_date,
                    [names.get(i, "") for i in (r.introducer1_id, r.introducer2_id) if i],
                    r.training_days,
                    r.training_hours,
                    r.approval_date,
                    r.extension_months,
                )  # fmt: skip
                for r in rows
            ]

    def tracks(self, stage: Stage | None = None, overdue_only: bool = False) -> list[TrackRow]:
        """Everyone with a development record: their furthest stage, the next step
        due and the regulations' warnings; optionally only those at ``stage``."""
        today = self._today()
        with self.db.reading() as session:
            by_person = _entries_by_person(session)
            people = {
                r[0]: r
                for r in session.execute(
                    select(Person.id, Person.name, Unit.name, Person.political_status,
                           Person.birth_date)
                    .outerjoin(Unit, Unit.id == Person.unit_id)
                    .where(Person.id.in_(select(DevelopmentRecord.person_id)))
                    .order_by(Person.name_sort, Person.id)
                )
            }  # fmt: skip
        rows = []
        for pid, (_id, name, unit, status, birth) in people.items():
            entries = by_person[pid]
            steps = [e for e in entries if e.stage != Stage.TRANSFER] or entries
            furthest = max(steps, key=lambda e: (e.stage.order, e.date))
            row = TrackRow(
                pid, name, unit or "", status, furthest.stage, furthest.date,
                next_step(entries), warnings(birth, entries, today),
            )  # fmt: skip
            if stage is not None and row.stage != stage:
                continue
            if overdue_only and not row.overdue(today):
                continue
            rows.append(row)
        return rows

    def pipeline(
        self, date_from: dt.date | None = None, date_to: dt.date | None = None
    ) -> Pipeline:
        """Who reached each stage in the period (a person counts once per stage)."""
        query = (
            select(DevelopmentRecord.stage, Person.name, DevelopmentRecord.note)
            .join(Person, Person.id == DevelopmentRecord.person_id)
            .order_by(DevelopmentRecord.stage, DevelopmentRecord.date, Person.name_sort)
        )
        if date_from:
            query = query.where(DevelopmentRecord.date >= date_from)
        if date_to:
            query = query.where(DevelopmentRecord.date <= date_to)
        # A dict per stage keeps the first-come order and drops repeats at once.
        names: dict[Stage, dict[str, None]] = {s: {} for s in Stage}
        with self.db.reading() as session:
            for stage, name, note in session.execute(query):
                label = f"{name}（{note}）" if stage == Stage.TRANSFER and note else name
                names[stage][label] = None
        return Pipeline(
            date_from, {s: len(n) for s, n in names.items()}, {s: list(n) for s, n in names.items()}
        )


def _entries_by_person(session: Session) -> dict[int, list[StageEntry]]:
    # Columns, not ORM objects, and only the introducers' 政治面貌 (joined), not
    # every person's: the list reads every record.
    r = DevelopmentRecord
    first, second = aliased(Person), aliased(Person)
    found: dict[int, list[StageEntry]] = {}
    for (person_id, stage, date, talk_date, first_status, second_status, training_days,
         training_hours, approval_date, extension_months) in session.execute(
        select(r.person_id, r.stage, r.date, r.talk_date, first.political_status,
               second.political_status, r.training_days, r.training_hours, r.approval_date,
               r.extension_months)
        .outerjoin(first, first.id == r.introducer1_id)
        .outerjoin(second, second.id == r.introducer2_id)
        .order_by(r.date, r.id)
    ):  # fmt: skip
        found.setdefault(person_id, []).append(
            StageEntry(
                stage,
                date,
                talk_date,
                tuple(status for status in (first_status, second_status) if status is not None),
                training_days,
                training_hours,
                approval_date,
                extension_months,
            )  # fmt: skip
        )
    return found


def _apply(record: DevelopmentRecord, values: StageInput) -> None:
    record.stage = values.stage  # type: ignore[assignment]
    record.date = values.date  # type: ignore[assignment]
    record.note = clean_text(values.note)
    record.talk_date = values.talk_date
    ids = [i for i in values.introducer_ids if isinstance(i, int)][:2]
    record.introducer1_id = ids[0] if ids else None
    record.introducer2_id = ids[1] if len(ids) > 1 else None
    record.training_days = values.training_days
    record.training_hours = values.training_hours
    record.approval_date = values.approval_date
    record.extension_months = values.extension_months


def _move_status(person: Person | None, stage: Stage) -> None:
    target = stage.political_status
    if person is None or target is None or person.status != PersonStatus.ACTIVE:
        return
    current = person.political_status
    if current not in _STATUS_ORDER or _STATUS_ORDER.index(target) > _STATUS_ORDER.index(current):
        person.political_status = target


def development_dependents(session: Session, person_id: int) -> list[str]:
    """What of 双培养一输送 refers to a person (asked before the person is deleted)."""
    found: list[str] = []
    own = session.scalar(
        select(func.count(DevelopmentRecord.id)).where(DevelopmentRecord.person_id == person_id)
    )
    if own:
        found.append(f"有 {own} 条发展记录（双培养一输送）")
    introduced = session.scalar(
        select(func.count(DevelopmentRecord.id)).where(
            (DevelopmentRecord.introducer1_id == person_id)
            | (DevelopmentRecord.introducer2_id == person_id)
        )
    )
    if introduced:
        found.append(f"是 {introduced} 条发展记录的入党介绍人")
    return found


def political_status_after(
    current: PoliticalStatus | None, person_status: PersonStatus | None, stage: Stage
) -> PoliticalStatus | None:
    """The 政治面貌 a person moves to when ``stage`` is recorded, or None when it
    stays: add_stage's rule (only forward, only for people 在册), for writers that
    do not hold the Person object (the 发展记录 sheet of the exchange workbook)."""
    target = stage.political_status
    if target is None or person_status != PersonStatus.ACTIVE:
        return None
    if current not in _STATUS_ORDER or _STATUS_ORDER.index(target) > _STATUS_ORDER.index(current):
        return target
    return None
