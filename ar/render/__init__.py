"""Turning computed reports into tables for people and CSV or JSON for scripts."""
