"""The catalogue's pages: thin views that parse, call catalogue.services and render."""
