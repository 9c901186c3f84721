"""智能匹配: the Django side of the matching engine (hardtech.engines.match)."""
