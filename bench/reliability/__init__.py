"""The reliability suite: the real server under a burst, killed workers, a PostgreSQL
restart and a locked SQLite file. Run it with `make reliability` (python -m bench.reliability).
"""
