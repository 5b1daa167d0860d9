"""`blogwright serve`: a web page to write, watch, fix and keep posts (see README, "The web page")."""

from blogwright.web.app import Settings, create_app
from blogwright.web.server import serve

__all__ = ["Settings", "create_app", "serve"]
