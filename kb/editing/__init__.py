"""Editing: the editor's pages, revisions and their history, review before publishing."""
