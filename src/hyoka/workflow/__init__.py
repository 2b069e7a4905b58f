"""The yearly cycle: open a year, enter figures, submit, return or approve, lock; the audit
trail and the progress board."""
