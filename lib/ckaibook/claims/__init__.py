"""Layer 3, claims: the claims ledger, money on one rule, and the live checks of the note's claims."""
