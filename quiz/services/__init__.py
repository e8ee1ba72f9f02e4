"""The rules that touch the database: they flush, never commit, and never see a request."""
