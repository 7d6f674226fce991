"""Paces and dated study plans: the scheduler, the plan's data, its text formats, the
calendar file and the context of the site's study-plans page."""
