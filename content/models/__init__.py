"""The CMS's page and snippet types, one module per content area."""

from .home import HomePage  # noqa: F401
