"""The 结对帮扶 page lives in the pairing package; this name is kept for its importers."""

from app.ui.pages.pairing.page import PairingPage

__all__ = ["PairingPage"]
