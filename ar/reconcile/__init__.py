"""Bank statement lines matched to open invoices, with a confidence and a reason for each."""
