"""Stage 6 (storage): the only package that talks to a database.

The embedded default is one SQLite file (``./storyline.db``, ``--db`` or ``STORYLINE_DB``).
"""

from .sqlite import DEFAULT_DB, Store, db_path_from_env

__all__ = ["DEFAULT_DB", "Store", "db_path_from_env"]
