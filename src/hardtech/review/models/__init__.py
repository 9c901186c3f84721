"""专家评审's models: the conflict-of-interest registry (conflicts.py) and review rounds (rounds.py)."""

from .conflicts import *  # noqa: F403
from .pool import *  # noqa: F403
from .rounds import *  # noqa: F403
