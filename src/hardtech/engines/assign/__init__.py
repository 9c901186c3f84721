"""Expert assignment: every application gets exactly K experts, no conflict of interest, loads respected, the
total affinity as high as it can be (a min-cost flow, OR-Tools) — or an answer saying which applications cannot
be covered and why.

    instance = parse_instance(json.load(f))      # FORMAT.md; InstanceError names a bad field
    result = assign(instance, Options())          # Assignment | Infeasible
    result.to_json()                              # {"assignment": [...]} or {"infeasible": true, ...}

Pure Python (numpy, OR-Tools); nothing here imports Django.
"""

from .conflicts import allowed_mask, conflict_reason
from .errors import InstanceError
from .model import Application, Expert, Instance, parse_instance
from .result import Assignment, Infeasible, Uncovered
from .solve import Options, assign

__all__ = [
    "Application",
    "Assignment",
    "Expert",
    "Infeasible",
    "Instance",
    "InstanceError",
    "Options",
    "Uncovered",
    "allowed_mask",
    "assign",
    "conflict_reason",
    "parse_instance",
]
