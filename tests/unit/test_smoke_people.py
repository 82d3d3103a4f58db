from app.domain.enums import PoliticalStatus, UnitKind
from app.domain.validation import PersonInput, UnitInput


def test_person_saved_is_listed_with_its_unit_and_pinyin(services):
    unit = services.people.add_unit(UnitInput("北区分公司", UnitKind.BRANCH_COMPANY))
    services.people.add_person(
        PersonInput(name="张　伟", employee_no="A001", unit_id=unit,
                    political_status=PoliticalStatus.MEMBER)
    )
    [row] = services.people.list_people()
    assert (row.name, row.unit_name, row.employee_no) == ("张伟", "北区分公司", "A001")
    assert "zw" in row.search_key
