"""Placeholder until its area is built."""

urls: list = []
