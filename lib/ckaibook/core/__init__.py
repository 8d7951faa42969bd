"""Layer 0, core: pure helpers every layer may use (number formatting); imports nothing of the book."""
