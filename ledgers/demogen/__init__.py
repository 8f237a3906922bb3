"""The seeded simulation behind the demo book: a small company's 21 months of receivables."""
