"""专家评审's models: the conflict-of-interest registry (conflicts.py), review rounds (rounds.py), finals."""

from .conflicts import *  # noqa: F403
from .finals import *  # noqa: F403
from .pool import *  # noqa: F403
from .rounds import *  # noqa: F403
