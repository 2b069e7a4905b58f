"""Accounts: each user belongs to an organisation (a municipality, optionally a department)
with one role — secretariat, editor or viewer."""
