"""The instructor's feedback loop: a cohort report and calibrated study times, from the
exchange files learners send (``coursekit progress export``, the site's "Export progress")."""
