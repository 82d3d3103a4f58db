"""支部台账 (Branch Ledger): offline ledgers for party branch secretaries."""

__version__ = "0.1.0"
APP_NAME = "支部台账"
APP_ID = "BranchLedger"  # folder names, settings keys: ASCII only

# python-docx (the Word copy of the 工作汇总) brings lxml, and openpyxl switches
# to lxml whenever it is installed: its parser then skips defusedxml, which the
# workbook import's defences against XXE and entity bombs are tested with.
# Keep openpyxl on the standard library and defusedxml, as before lxml came.
import os as _os  # noqa: E402

_os.environ.setdefault("OPENPYXL_LXML", "False")
