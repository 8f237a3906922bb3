"""Letters to customers: context from the book, rendered from templates, composed as e-mail."""
