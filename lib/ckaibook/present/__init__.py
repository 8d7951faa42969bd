"""Layer 4, presentation: charts in the house style, tables, notes, verdict boxes and glued prose."""
