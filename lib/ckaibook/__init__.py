"""Canada–Korea AI data book helpers."""
