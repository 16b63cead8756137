"""The pure core: values and formats every layer shares. Standard library only."""

from .grid import Grid, grid_to_pattern, parse_grid, pattern_to_grid, render_grid
from .meter import COMMON_TIME, TimeSignature
from .params import SUPPORTED_TIME_SIGNATURES, GenerationParams
from .pattern import PPQ, Note, Pattern
from .profile import SignatureGroove, StyleParams, StyleProfile
from .subdivision import Subdivision
from .voices import Voice, voice_for_pitch

__all__ = [
    "COMMON_TIME", "PPQ", "SUPPORTED_TIME_SIGNATURES", "GenerationParams", "Grid", "Note",
    "Pattern", "SignatureGroove", "StyleParams", "StyleProfile", "Subdivision", "TimeSignature",
    "Voice", "grid_to_pattern", "parse_grid", "pattern_to_grid", "render_grid",
    "voice_for_pitch",
]
