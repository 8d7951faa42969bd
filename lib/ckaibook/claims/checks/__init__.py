"""Live checks of the note's claims, one module per chapter (registered with ``verdicts.check``)."""
