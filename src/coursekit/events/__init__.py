"""The learner's record: an append-only log of events in one SQLite file, the rules
that replay it (undo, reset), and the exchange file that carries it between the CLI,
the course site and other machines. Progress and review both derive their state here.
"""
