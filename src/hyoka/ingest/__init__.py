"""Readers of real documents: validate everything into problems first, write nothing."""
