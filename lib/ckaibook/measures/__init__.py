"""Layer 2, measures: derived quantities that chapters and claim checks share, each defined once."""
