"""The outbox of rendered letters and their delivery over SMTP, with state kept in files."""
