"""评审轮次: rounds, rubrics, assignments and scores."""
