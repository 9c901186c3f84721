"""Helpers and factories the test modules share (on the path through pytest's `pythonpath`)."""
