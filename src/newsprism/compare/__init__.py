"""newsprism.compare: one story -> an evidence-grounded dossier."""

from .dossier import build_story_dossier
from .facts import build_facts
from .framing import build_framing, log_odds_z

__all__ = ["build_story_dossier", "build_facts", "build_framing", "log_odds_z"]
