"""Spreadsheet rows into ledger records: values, column mappings, and an idempotent plan.

Everything here works on text already decoded and split into rows; reading files is the
caller's business, so the same code serves CSV imports and CSV bank statements.
"""
