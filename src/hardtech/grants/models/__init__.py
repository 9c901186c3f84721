"""政策兑现's models: calls and their articles (calls.py), applications and offers (applications.py), the public
notice and objections (notices.py), the double-entry ledger (ledger.py) and payment batches (payments.py)."""

from .applications import *  # noqa: F403
from .calls import *  # noqa: F403
from .ledger import *  # noqa: F403
from .notices import *  # noqa: F403
from .payments import *  # noqa: F403
