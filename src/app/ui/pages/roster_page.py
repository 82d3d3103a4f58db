"""The 人员名册 page lives in the roster package; this name is kept for its importers."""

from app.ui.pages.roster.page import RosterPage

__all__ = ["RosterPage"]
