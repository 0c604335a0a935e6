"""Parsers for HR files. Pure: they read bytes and return rows and errors, never touching the database."""
