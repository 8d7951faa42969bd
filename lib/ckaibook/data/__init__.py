"""Layer 1, data: where the raw mirror is, the ETL from raw to tidy tables, the data package, countries."""
