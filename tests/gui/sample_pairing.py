"""The North District branch's "1+2+X 攻坚" campaign (background document):
back-office members paired with grids, 信安部 co-building members, 机房线路优化,
数字化工具帮扶 and the 适老服务 "老有智慧社区行". Its figures are the report's:
"共计 9+2 场，参与 22+23 人次" in the fourth quarter of 2025."""

from __future__ import annotations

import datetime as dt

from sample_roster import seed as seed_roster

from app.domain.enums import PairingKind, ServiceType
from app.domain.pairing_validation import PairingInput, ProblemInput, SessionInput
from app.services.registry import Services

CAMPAIGN = "决战决胜，奋斗有我——北区党员先锋 1+2+X 攻坚"
QUARTER = (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
TOTALS = "共计 9+2 场，参与 22+23 人次，发现问题 7 个，已解决 4 个"

K, S = PairingKind, ServiceType

PAIRINGS = [
    # name, kind, helpers, helped, unit helped, start, goal
    (
        "后台党员×滨江一网格·数字化工具帮扶",
        K.INTERNAL,
        ["赵丽", "王芳"],
        ["孙悦", "马超"],
        "滨江一网格",
        "2025-10-08",
        "网格人员熟练使用装维派单、客户画像等数字化工具",
    ),
    (
        "网络运维部×江湾·机房线路优化",
        K.INTERNAL,
        ["黄伟", "吴静"],
        ["林峰", "罗杰"],
        "江湾街镇分公司",
        "2025-10-10",
        "江湾重要楼宇机房线路隐患清零",
    ),
    (
        "领导班子一对一帮扶·大场",
        K.LEADER,
        ["张茜"],
        ["梁宇"],
        "大场街镇分公司",
        "2025-10-12",
        "后进网格四季度完成宽带新增目标",
    ),
    (
        "领导班子一对一帮扶·滨江二网格",
        K.LEADER,
        ["周晶"],
        ["胡斌"],
        "滨江二网格",
        "2025-10-12",
        "每周例会督导，解决网格实际困难",
    ),
    (
        "信安部×网络运维部·重要楼宇机房攻坚",
        K.CO_BUILDING,
        ["韩雪", "唐亮"],
        ["赵丽", "黄伟"],
        "网络运维部",
        "2025-10-15",
        "园区客户机房线路优化与信息安全检查",
    ),
    (
        "老有智慧社区行·大宁社区",
        K.CO_BUILDING,
        ["王芳", "朱琳", "宋佳"],
        ["董鹏"],
        "大宁社区",
        "2025-11-01",
        "为社区老人讲解智能手机、防诈骗和营业厅适老服务",
    ),
]

SESSIONS = [
    # date, pairing index, topic, service type, place, participants, outside,
    # problems [(text, solved on or None)], follow-up
    (
        "2025-10-14",
        0,
        "装维派单 App 使用辅导",
        S.DIGITAL_TOOLS,
        "滨江一网格办公室",
        ["赵丽", "王芳", "孙悦", "马超"],
        0,
        [("派单 App 离线时无法回单", "2025-10-28"), ("客户画像权限未开通", None)],
        "两周后回访使用情况",
    ),
    (
        "2025-10-28",
        0,
        "客户画像查询与营销线索录入",
        S.DIGITAL_TOOLS,
        "滨江营业厅",
        ["赵丽", "孙悦"],
        0,
        [],
        "",
    ),
    (
        "2025-11-18",
        0,
        "数字化工具使用答疑",
        S.DIGITAL_TOOLS,
        "滨江一网格办公室",
        ["王芳", "马超", "孙悦"],
        0,
        [],
        "",
    ),
    (
        "2025-10-16",
        1,
        "江湾园区机房线路梳理",
        S.LINE_OPTIMISATION,
        "江湾科技园 3 号楼机房",
        ["黄伟", "林峰"],
        0,
        [("3 号楼机房跳线杂乱、标签缺失", "2025-11-20")],
        "11 月完成标签整改",
    ),
    (
        "2025-11-20",
        1,
        "机房跳线整改验收",
        S.LINE_OPTIMISATION,
        "江湾科技园 3 号楼机房",
        ["吴静", "罗杰", "林峰"],
        0,
        [("备用电源告警未接入网管", None)],
        "",
    ),
    (
        "2025-10-20",
        2,
        "一对一帮扶：宽带新增目标分解",
        S.GUIDANCE,
        "大场街镇分公司",
        ["张茜", "梁宇"],
        0,
        [],
        "每日微信群督导",
    ),
    (
        "2025-11-24",
        2,
        "一对一帮扶：月度复盘",
        S.GUIDANCE,
        "大场街镇分公司",
        ["张茜", "梁宇"],
        0,
        [],
        "",
    ),
    (
        "2025-10-22",
        3,
        "一对一帮扶：网格例会督导",
        S.GUIDANCE,
        "滨江二网格",
        ["周晶", "胡斌"],
        0,
        [("网格装维人手不足", None)],
        "",
    ),
    (
        "2025-12-02",
        3,
        "一对一帮扶：年终冲刺",
        S.GUIDANCE,
        "滨江二网格",
        ["周晶", "胡斌"],
        0,
        [],
        "",
    ),
    (
        "2025-11-05",
        4,
        "重要楼宇机房线路优化与安全检查",
        S.LINE_OPTIMISATION,
        "大宁商务园区机房",
        ["韩雪", "唐亮", "赵丽", "黄伟"],
        1,
        [("园区机房门禁记录未留存", "2025-11-05"), ("光缆走线与强电未分隔", "2025-12-10")],
        "12 月复查",
    ),
    (
        "2025-11-12",
        5,
        "“老有智慧社区行”：智能手机与防诈骗讲座",
        S.ELDERLY,
        "大宁社区活动室",
        ["王芳", "朱琳", "宋佳", "董鹏"],
        14,
        [],
        "12 月在营业厅开设适老服务专窗",
    ),
]


def seed(services: Services) -> dict[str, int]:
    """Roster, pairings and sessions; returns name -> id of people, units and pairings."""
    ids = seed_roster(services)
    pairing_ids: list[int] = []
    for name, kind, helpers, helped, unit, start, goal in PAIRINGS:
        pairing_id = services.pairing.add_pairing(
            PairingInput(
                name=name,
                kind=kind,
                campaign=CAMPAIGN,
                helpers=[ids[n] for n in helpers],
                helped=[ids[n] for n in helped],
                helped_unit_id=ids[unit],
                start_date=dt.date.fromisoformat(start),
                end_date=dt.date(2025, 12, 31),
                goal=goal,
            )
        )
        ids[name] = pairing_id
        pairing_ids.append(pairing_id)
    for day, index, topic, service, place, people, outside, problems, follow_up in SESSIONS:
        services.pairing.add_session(
            SessionInput(
                date=dt.date.fromisoformat(day),
                pairing_id=pairing_ids[index],
                topic=topic,
                service_type=service,
                place=place,
                participant_ids=[ids[n] for n in people],
                outside_count=outside,
                problems=[
                    ProblemInput(
                        None,
                        text,
                        solved is not None,
                        dt.date.fromisoformat(solved) if solved else None,
                    )
                    for text, solved in problems
                ],
                follow_up=follow_up,
            )
        )
    return ids
