"""A person's fields and the Chinese label each goes by, defined once.

The person form's field labels, the roster table's column headers and the 人员
sheet's column headers all read ``PERSON_LABELS``; the Qt code still passes
each label through its translator (with its own context, as before).
"""

from __future__ import annotations

# field key (as in PersonInput / the people table) -> label, in the order the
# form, the table and the sheet show them
PERSON_LABELS: dict[str, str] = {
    "name": "姓名",
    "employee_no": "工号",
    "gender": "性别",
    "birth_date": "出生日期",
    "unit_id": "所在单位",
    "position": "岗位",
    "political_status": "政治面貌",
    "party_join_date": "入党日期",
    "phone": "联系电话",
    "tags": "标签",
    "note": "备注",
    "status": "状态",
    "transferred_out_on": "转出日期",
}

# Set by 标记转出 rather than typed in the person form.
STATUS_FIELDS = ("status", "transferred_out_on")

# What the person form edits (PersonInput's fields), in order.
EDITABLE_FIELDS: tuple[str, ...] = tuple(k for k in PERSON_LABELS if k not in STATUS_FIELDS)
