"""The project's settings for the fault tests' subprocesses, with what tests/conftest.py changes for every test:
a lexical-only match index (the e5 model takes seconds to load) and a fast password hasher. The database
options (WAL, IMMEDIATE transactions, busy timeout) are the project's own."""

from hardtech.settings import *  # noqa: F403

MATCH_LEXICAL_ONLY = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
