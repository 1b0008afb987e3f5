"""Django's SQLite backend with open connections kept for reuse (decision 36): `base`."""
