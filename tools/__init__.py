"""Repository-only tools (never shipped in a wheel): python -m tools.<name>."""
