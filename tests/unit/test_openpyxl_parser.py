"""python-docx installs lxml; openpyxl must still parse workbooks with the
standard library and defusedxml, which the import's defences are tested with."""

from __future__ import annotations

import subprocess
import sys


def test_openpyxl_stays_on_defusedxml_with_lxml_installed():
    code = (
        "import app, lxml, openpyxl, openpyxl.xml.functions as f; "
        "print(openpyxl.LXML, openpyxl.DEFUSEDXML, f.fromstring.__module__)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "defusedxml.common"]
