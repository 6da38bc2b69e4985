"""Accounts: login and roles, server-side sessions, account administration and its audit log."""
