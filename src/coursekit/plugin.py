"""Kept so that ``mkdocs.yml`` files naming ``coursekit.plugin:CoursekitPlugin`` keep working."""

from coursekit.site.plugin import CoursekitPlugin as CoursekitPlugin
