"""Layer 5, chapters: one module per chapter notebook (its sections' texts and charts) and the parameters."""
