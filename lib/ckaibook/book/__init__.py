"""Layer 6, book tooling: build, command line, Sphinx extension, browser test helpers, benchmark, export."""
