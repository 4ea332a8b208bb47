"""newsprism.web: the web UI and JSON API over the store the CLI writes.

``create_app(settings)`` builds the FastAPI app; ``serve(settings, host, port)`` runs it.
"""

from .app import create_app, serve

__all__ = ["create_app", "serve"]
