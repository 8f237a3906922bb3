"""`arl query`: read-only SQL over documented views of the book (docs/query.md).

`views` declares each view, its columns and how its rows come from a book; `database`
builds them into an in-memory SQLite database and runs one read-only statement on it.
"""
