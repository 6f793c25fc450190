"""clausewatch: nightly, lawful monitoring of public posts about a school against its social media policy.

This is the core package: the records that flow between the stages, the school profile, the clause
catalogue and mapping rules, matching, storage and the command line.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
