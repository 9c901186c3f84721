"""Pure-Python engines (text, match, policy). Nothing here imports Django."""
