"""Writing a course: ``coursekit init`` and ``new`` (planned as change sets, applied all
or nothing, YAML edited byte for byte) and practice notebooks for learners."""
