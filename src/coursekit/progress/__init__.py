"""Learner progress derived from the event log: state, the completion forecast, the
learner's actions (enrol, complete, log, undo, ...) and the dashboard's facts.

Nothing here prints; the CLI (``coursekit.cli.progress``) is the only adapter.
"""
