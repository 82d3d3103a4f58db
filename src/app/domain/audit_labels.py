"""What the 操作记录 calls the tables and columns the audit log names.

The audit rows keep table and column names (stable codes); the window and its
Excel export show these words instead. tests/unit/test_audit_log.py checks
that every column of every audited table has a label here, so a new area's
table cannot appear in the log as raw column names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain.person_fields import PERSON_LABELS

ACTIONS = {"create": "新增", "update": "修改", "delete": "删除", "import": "导入"}

# The areas as the log's 范围 filter offers them (the navigation's titles), and
# two that are not pages: the settings and the workbook imports.
ROSTER, PAIRING, PLEDGES, MENTORING = "人员名册", "结对帮扶", "党员承诺", "老带新"
SETTINGS_AREA, IMPORT_AREA = "设置", "导入工作簿"


@dataclass(frozen=True)
class TableLabels:
    area: str
    record: str  # what one row is: 人员, 帮扶活动 ...
    columns: dict[str, str] = field(default_factory=dict)


TABLES: dict[str, TableLabels] = {
    "units": TableLabels(
        ROSTER,
        "单位",
        {"id": "编号", "name": "单位名称", "kind": "类型", "parent_id": "上级单位", "note": "备注"},
    ),
    "people": TableLabels(ROSTER, "人员", {"id": "编号", **PERSON_LABELS}),
    "pairings": TableLabels(
        PAIRING,
        "结对",
        {
            "id": "编号",
            "name": "结对名称",
            "kind": "类型",
            "campaign": "所属活动",
            "helped_unit_id": "帮扶对象单位",
            "start_date": "开始日期",
            "end_date": "结束日期",
            "goal": "目标",
            "note": "备注",
        },
    ),
    "pairing_members": TableLabels(
        PAIRING,
        "结对成员",
        {"id": "编号", "pairing_id": "结对", "person_id": "人员", "side": "角色"},
    ),
    "assistance_sessions": TableLabels(
        PAIRING,
        "帮扶活动",
        {
            "id": "编号",
            "date": "日期",
            "pairing_id": "结对",
            "topic": "主题",
            "service_type": "服务类型",
            "place": "地点",
            "outside_count": "其他参与人数",
            "participant_count": "参与人数",
            "follow_up": "后续跟进",
        },
    ),
    "session_participants": TableLabels(
        PAIRING, "参与人员", {"id": "编号", "session_id": "帮扶活动", "person_id": "人员"}
    ),
    "problems": TableLabels(
        PAIRING,
        "问题",
        {
            "id": "编号",
            "session_id": "发现于活动",
            "text": "问题",
            "solved": "已解决",
            "solved_on": "解决日期",
            "solved_session_id": "解决于活动",
        },
    ),
    "pledges": TableLabels(
        PLEDGES,
        "承诺",
        {
            "id": "编号",
            "year": "年度",
            "person_id": "党员",
            "text": "承诺内容",
            "category": "类别",
            "due_date": "计划完成日期",
            "status": "状态",
            "rating": "评议结果",
            "rating_comment": "评议意见",
            "rated_on": "评议日期",
            "extra_points": "积分",
            "sort_order": "顺序",
        },
    ),
    "pledge_progress": TableLabels(
        PLEDGES, "践诺情况", {"id": "编号", "pledge_id": "承诺", "date": "日期", "text": "内容"}
    ),
    "points_entries": TableLabels(
        PLEDGES,
        "积分",
        {"id": "编号", "person_id": "党员", "date": "日期", "points": "分值", "reason": "事由"},
    ),
    "mentorships": TableLabels(
        MENTORING,
        "老带新",
        {
            "id": "编号",
            "mentor_id": "导师",
            "mentee_id": "学员",
            "start_date": "开始日期",
            "planned_end": "计划结束日期",
            "focus": "培养方向",
            "goals": "目标",
            "status": "状态",
            "ended_on": "结束日期",
            "evaluation": "出师评价",
        },
    ),
    "check_ins": TableLabels(
        MENTORING,
        "带教记录",
        {
            "id": "编号",
            "mentorship_id": "老带新",
            "date": "日期",
            "content": "内容",
            "comment": "导师评价",
        },
    ),
    "development_records": TableLabels(
        MENTORING,
        "发展记录",
        {
            "id": "编号",
            "person_id": "人员",
            "stage": "阶段",
            "date": "日期",
            "note": "备注",
            "talk_date": "谈话日期",
            "introducer1_id": "入党介绍人一",
            "introducer2_id": "入党介绍人二",
            "training_days": "培训天数",
            "training_hours": "培训学时",
            "approval_date": "审批日期",
            "extension_months": "预备期延长(月)",
        },
    ),
    "settings": TableLabels(SETTINGS_AREA, "设置", {"key": "项", "value": "值"}),
    "workbook": TableLabels(IMPORT_AREA, "工作簿"),
}

# Columns holding the id of a person, a unit or a pairing: shown by name.
PERSON_COLUMNS = frozenset(
    {"person_id", "mentor_id", "mentee_id", "introducer1_id", "introducer2_id"}
)
UNIT_COLUMNS = frozenset({"unit_id", "parent_id", "helped_unit_id"})
PAIRING_COLUMNS = frozenset({"pairing_id"})


def areas() -> list[str]:
    """The 范围 choices, in the navigation's order."""
    seen: list[str] = []
    for labels in TABLES.values():
        if labels.area not in seen:
            seen.append(labels.area)
    return seen


def tables_of(area: str) -> list[str]:
    return [table for table, labels in TABLES.items() if labels.area == area]


def table_labels(table: str) -> TableLabels:
    return TABLES.get(table) or TableLabels("其他", table)


def column_label(table: str, column: str) -> str:
    return table_labels(table).columns.get(column, column)
