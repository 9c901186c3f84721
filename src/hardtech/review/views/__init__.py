"""专家评审's pages, one module per area: rounds.py (the operator's rounds and assignment), scoring.py (the
expert's reviews, pledge and scoring form), results.py (the chair's calibrated results and their export)."""
