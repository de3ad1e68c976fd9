"""Shanxi SME policy entitlement calculator – the pure-Python core.

Public API::

    from calculator import PolicySet, evaluate, parse_profile, classify
    policies = PolicySet(bundle)          # bundle: compiled policies (dict)
    result = evaluate(profile, policies, as_of="2021-06-30")

Errors: ``CalculatorError`` › ``ProfileError`` / ``PolicyError``.
Importing this package does no I/O.
"""

from .engine import SCHEMA_VERSION, PolicySet, evaluate
from .errors import CalculatorError, Issue, PolicyError, ProfileError
from .profile import Event, Profile, parse_profile
from .size import SizeResult, classify

__all__ = [
    "SCHEMA_VERSION", "PolicySet", "evaluate", "CalculatorError", "Issue", "PolicyError", "ProfileError",
    "Event", "Profile", "parse_profile", "SizeResult", "classify",
]
__version__ = "0.1.0"
