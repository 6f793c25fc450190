"""The review web pages (``clausewatch serve``): the queue, a finding, decisions, accounts and the audit log.

``review.app.create_app`` builds the application; the package itself imports nothing, so the CLI's other
commands never load FastAPI.
"""

from __future__ import annotations

__all__: list[str] = []
