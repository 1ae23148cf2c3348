"""Benchmarks: `python -m bench.<name>`; each writes its results next to itself."""
