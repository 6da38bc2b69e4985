"""Scale benchmark of the knowledge base (``make bench``); see docs/benchmarks.md."""
