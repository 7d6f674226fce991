"""Where coursekit keeps the learner's files: the progress database and the caches.

Light on purpose (no third-party import until a default is needed): every learner
command starts here.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """The cache folder: ``COURSEKIT_CACHE_DIR``, else the user's cache folder.

    Everything in it can be deleted at any time; it only saves work.
    """
    env = os.environ.get("COURSEKIT_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("coursekit")


def default_db_path(db: Path | str | None = None) -> Path:
    """The progress database: ``--db`` > ``COURSEKIT_DB`` > the user's data folder."""
    if db is not None:
        return Path(db).expanduser()
    env = os.environ.get("COURSEKIT_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("coursekit") / "progress.db"
