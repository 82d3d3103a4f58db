"""Closed vocabularies. Values are stable codes stored in the database;
``label`` is the Chinese text the user sees and types in workbooks."""

from __future__ import annotations

from enum import StrEnum

# Tags a branch commonly gives people (标签); offered in forms, not enforced.
COMMON_PERSON_TAGS = ("业务骨干", "小CEO", "党员示范岗", "党员责任区", "新员工", "领导班子")


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry a Chinese label and accepted aliases."""

    @property
    def label(self) -> str:
        return _LABELS[type(self)][self]

    @classmethod
    def labels(cls) -> list[str]:
        return [m.label for m in cls]

    @classmethod
    def from_label(cls, text: str) -> LabelledEnum | None:
        """Find a member by its label, a known alias or its code; None if unknown."""
        key = (text or "").strip()
        if not key:
            return None
        for member in cls:
            if key in (member.label, member.value):
                return member
        return _ALIASES.get(cls, {}).get(key)


class UnitKind(LabelledEnum):
    BRANCH_COMPANY = "branch_company"
    TOWN_COMPANY = "town_company"
    GRID = "grid"
    DEPARTMENT = "department"
    CO_BUILDING = "co_building"


class PoliticalStatus(LabelledEnum):
    MEMBER = "member"
    PROBATIONARY = "probationary"
    DEVELOPMENT_TARGET = "development_target"
    ACTIVIST = "activist"
    APPLICANT = "applicant"
    LEAGUE_MEMBER = "league_member"
    MASSES = "masses"

    @property
    def is_party_member(self) -> bool:
        """Only full and probationary members have a 入党日期."""
        return self in (PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY)


class Gender(LabelledEnum):
    MALE = "male"
    FEMALE = "female"


class PersonStatus(LabelledEnum):
    ACTIVE = "active"
    TRANSFERRED_OUT = "transferred_out"


class PairingKind(LabelledEnum):
    """结对类型. A of the report's "A+B" is the branch's own pairings, B the co-building ones."""

    INTERNAL = "internal"
    CO_BUILDING = "co_building"
    LEADER = "leader"

    @property
    def counts_as_a(self) -> bool:
        return self in (PairingKind.INTERNAL, PairingKind.LEADER)


class MemberSide(LabelledEnum):
    HELPER = "helper"
    HELPED = "helped"


class ServiceType(LabelledEnum):
    LINE_OPTIMISATION = "line_optimisation"
    DIGITAL_TOOLS = "digital_tools"
    ELDERLY = "elderly"
    GUIDANCE = "guidance"
    OTHER = "other"


_LABELS: dict[type, dict] = {
    UnitKind: {
        UnitKind.BRANCH_COMPANY: "分公司",
        UnitKind.TOWN_COMPANY: "街镇分公司",
        UnitKind.GRID: "网格",
        UnitKind.DEPARTMENT: "部门",
        UnitKind.CO_BUILDING: "共建单位",
    },
    PoliticalStatus: {
        PoliticalStatus.MEMBER: "中共党员",
        PoliticalStatus.PROBATIONARY: "中共预备党员",
        PoliticalStatus.DEVELOPMENT_TARGET: "发展对象",
        PoliticalStatus.ACTIVIST: "入党积极分子",
        PoliticalStatus.APPLICANT: "入党申请人",
        PoliticalStatus.LEAGUE_MEMBER: "共青团员",
        PoliticalStatus.MASSES: "群众",
    },
    Gender: {Gender.MALE: "男", Gender.FEMALE: "女"},
    PersonStatus: {PersonStatus.ACTIVE: "在册", PersonStatus.TRANSFERRED_OUT: "已转出"},
    PairingKind: {
        PairingKind.INTERNAL: "本支部结对",
        PairingKind.CO_BUILDING: "共建结对",
        PairingKind.LEADER: "领导帮扶",
    },
    MemberSide: {MemberSide.HELPER: "帮扶方", MemberSide.HELPED: "受帮扶方"},
    ServiceType: {
        ServiceType.LINE_OPTIMISATION: "机房线路优化",
        ServiceType.DIGITAL_TOOLS: "数字化工具帮扶",
        ServiceType.ELDERLY: "适老服务",
        ServiceType.GUIDANCE: "业务指导",
        ServiceType.OTHER: "其他",
    },
}

_ALIASES: dict[type, dict] = {
    UnitKind: {
        "划小单元": UnitKind.GRID,
        "网格/划小单元": UnitKind.GRID,
        "综合网格": UnitKind.GRID,
        "后台部门": UnitKind.DEPARTMENT,
        "一线部门": UnitKind.DEPARTMENT,
        "共建": UnitKind.CO_BUILDING,
        "街镇": UnitKind.TOWN_COMPANY,
    },
    PoliticalStatus: {
        "党员": PoliticalStatus.MEMBER,
        "正式党员": PoliticalStatus.MEMBER,
        "中国共产党党员": PoliticalStatus.MEMBER,
        "预备党员": PoliticalStatus.PROBATIONARY,
        "中共预备": PoliticalStatus.PROBATIONARY,
        "积极分子": PoliticalStatus.ACTIVIST,
        "申请人": PoliticalStatus.APPLICANT,
        "团员": PoliticalStatus.LEAGUE_MEMBER,
        "共青团员": PoliticalStatus.LEAGUE_MEMBER,
        "中国共产主义青年团团员": PoliticalStatus.LEAGUE_MEMBER,
    },
    Gender: {"男性": Gender.MALE, "女性": Gender.FEMALE, "M": Gender.MALE, "F": Gender.FEMALE},
    PersonStatus: {"转出": PersonStatus.TRANSFERRED_OUT, "正常": PersonStatus.ACTIVE},
    PairingKind: {
        "本支部": PairingKind.INTERNAL,
        "内部结对": PairingKind.INTERNAL,
        "支部内结对": PairingKind.INTERNAL,
        "共建": PairingKind.CO_BUILDING,
        "领导": PairingKind.LEADER,
        "领导结对": PairingKind.LEADER,
    },
    MemberSide: {"帮扶人": MemberSide.HELPER, "被帮扶方": MemberSide.HELPED},
    ServiceType: {
        "线路优化": ServiceType.LINE_OPTIMISATION,
        "机房优化": ServiceType.LINE_OPTIMISATION,
        "数字化工具": ServiceType.DIGITAL_TOOLS,
        "数字化帮扶": ServiceType.DIGITAL_TOOLS,
        "适老化服务": ServiceType.ELDERLY,
        "指导": ServiceType.GUIDANCE,
    },
}


def define_labels(
    enum_cls: type[LabelledEnum],
    labels: dict[LabelledEnum, str],
    aliases: dict[str, LabelledEnum] | None = None,
) -> None:
    """Give an area's own enum (declared in its own module) its Chinese labels
    and accepted aliases, as the enums above have theirs."""
    missing = [m for m in enum_cls if m not in labels]
    if missing:
        raise ValueError(f"{enum_cls.__name__}: no label for {missing}")
    _LABELS[enum_cls] = dict(labels)
    _ALIASES[enum_cls] = dict(aliases or {})
