"""Publishing: numbered, immutable editions of a year's status list, and their differences."""
