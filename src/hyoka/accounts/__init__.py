"""Accounts: each user belongs to a municipality (optionally a department) with one duty —
secretariat, editor or viewer."""
