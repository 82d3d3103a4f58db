"""结对帮扶: the page (page.py) and its three tabs, 帮扶台账 (ledger_tab.py),
结对 (pairings_tab.py) and 未解决问题 (problems_tab.py)."""
