"""Stage 6 (storage): the only package that talks to a database.

The embedded default is one SQLite file (``./storyline.db``, ``--db`` or ``STORYLINE_DB``);
``--db postgresql://user@host:port/db`` stores in PostgreSQL instead (same tables: ``schema.py``).
"""

from .sqlite import DEFAULT_DB, Store, db_path_from_env, is_url, store_exists

__all__ = ["DEFAULT_DB", "Store", "db_path_from_env", "is_url", "store_exists"]
