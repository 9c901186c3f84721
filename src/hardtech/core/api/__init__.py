"""What every domain's API shares: the caller (auth), error answers, the strict JSON parser, anonymous rate
limits, shared schema pieces and router helpers."""
