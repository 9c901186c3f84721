"""政策兑现: the Django side of the support-policy engine (hardtech.engines.policy)."""
