"""人员名册: the page (page.py), the unit tree on its left (units_panel.py)
and the people table on its right (people_panel.py)."""
