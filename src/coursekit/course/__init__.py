"""The course folder as data: finding it, reading its files, validating them into a
:class:`~coursekit.model.Course`, and the published index (``course.json``) of it.

Nothing is imported here, so ``coursekit.course.course_json`` stays light for the
learner's fast commands.
"""
