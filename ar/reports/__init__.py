"""Reports: pure functions from a book and a date to rows, rendered elsewhere."""
