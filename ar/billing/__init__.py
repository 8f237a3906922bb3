"""Billing: what goes on an invoice document, payment references, numbering, recurring plans.

Pure functions of the book; rendering to HTML, PDF and e-invoice XML lives in `ar.documents`.
"""
