"""Readers, cleaners, metadata and tag extraction turning raw files into clean documents."""
