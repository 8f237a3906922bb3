"""The book for other tools: double-entry journals (hledger, ledger, beancount) and tables.

`journal.build` turns a Book into dated, balanced entries once; each writer only spells
them in its tool's syntax. Balance assertions come from arl's own settlement figures, so
a tool that accepts the file has re-added every customer's balance and agreed with arl.
"""
