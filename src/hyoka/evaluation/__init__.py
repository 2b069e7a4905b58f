"""Yearly figures and ratings: actuals as typed and understood, computed ratings with their
reasons, published symbols, overrides with a written reason, progress notes."""
