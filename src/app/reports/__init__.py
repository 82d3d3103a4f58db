"""PDF reports (reportlab); no Qt."""
