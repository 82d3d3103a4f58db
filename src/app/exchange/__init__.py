"""Excel exchange workbook in/out, backups and restore; no Qt."""
