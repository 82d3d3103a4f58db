"""支部台账 (Branch Ledger): offline ledgers for party branch secretaries."""

__version__ = "0.1.0"
APP_NAME = "支部台账"
APP_ID = "BranchLedger"  # folder names, settings keys: ASCII only
