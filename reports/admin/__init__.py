"""The legal-affairs office's admin: reports with their outline, figures, checks and workflow."""

from . import reports, sections, shared  # noqa: F401 - registers the model admins
