"""storyline: turn a stream of raw news articles into source-attributed stories."""

from .errors import EvaluationError, InputError, StoreError, StorylineError
from .models import SCHEMA_VERSION, Article, IngestReport, Removed, Skipped

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "EvaluationError",
    "IngestReport",
    "InputError",
    "Removed",
    "Skipped",
    "StoreError",
    "StorylineError",
    "__version__",
]
