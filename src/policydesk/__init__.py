"""policydesk: read, analyse, compare and draft Chinese government implementation plans.

The core (everything except :mod:`policydesk.gui`) never imports Qt.
"""

__version__ = "0.1.0"
