"""政策计算器 / 免申即享: support policies encoded from their legal text, evaluated for many applicants at once.

    policy = load_policy("sample")                  # or a path to a policy YAML file
    results = evaluate(policy, profiles, 2025)      # vectorised; list[Result] in the profiles' order
    results[0].to_json()                            # FORMAT.md's result
    explain(policy, profiles[0], 2025).to_text()    # why, article by article, in Chinese
    split_no_application(results)                   # 免申即享: who is paid on complete data, who lacks what
    exempt_amounts(policy, profiles[0], 2025)       # per article, the part the annual cap does not count

Pure Python (numpy, PyYAML); nothing here imports Django.
"""

from .api import evaluate, evaluate_reference, exempt_amounts
from .errors import PolicyError, ProfileError
from .explain import Explanation, explain
from .loader import list_policies, load_policy
from .model import Policy
from .results import NoApplicationSplit, Result, split_no_application

__all__ = [
    "Explanation",
    "NoApplicationSplit",
    "Policy",
    "PolicyError",
    "ProfileError",
    "Result",
    "evaluate",
    "evaluate_reference",
    "exempt_amounts",
    "explain",
    "list_policies",
    "load_policy",
    "split_no_application",
]
