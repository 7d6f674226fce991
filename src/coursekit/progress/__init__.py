"""Learner progress: an append-only event log (``store``), the state derived from it
(``state``), the completion forecast (``forecast``) and the exchange file (``exchange``).

Nothing here prints; the CLI (``coursekit.cli.progress``) is the only adapter.
"""
