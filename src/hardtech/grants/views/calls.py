"""Placeholder until its owner writes it."""

urls: list = []
