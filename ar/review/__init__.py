"""Reviewing a change to the ledger in money terms: what was recorded, edited or removed,
what it does to what customers owe, and which edits rewrite history.

Pure: the two sides of a change come in as records (`ChangeSet`); reading them from git is
the store's job, printing them the renderer's.
"""
