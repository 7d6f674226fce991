"""coursekit: turn a course written as data into a site, study plans and progress tracking."""

__version__ = "0.1.0"
