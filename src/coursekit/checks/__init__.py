"""``coursekit check``: the loader's validation, then the authoring advice of the rules
listed in :mod:`coursekit.checks.check` (links, exercises, estimates, unused files)."""
