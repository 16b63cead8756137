"""Drum voices (what is struck, and how) and their General MIDI percussion pitches.

A Pattern stores GM pitches; a Voice is the musical name for one. Drum maps for other kits
(midi/drum_maps.py) translate voices to their pads at render time.
"""

from __future__ import annotations

from enum import Enum


class Voice(Enum):
    """A drum voice. Value: (GM pitch, grid label, limb kind)."""

    KICK = (36, "BD", "foot")
    SNARE = (38, "SD", "hand")
    RIMSHOT = (40, "RS", "hand")
    SIDE_STICK = (37, "SS", "hand")
    CLAP = (39, "CP", "hand")
    CLOSED_HAT = (42, "HH", "hand")
    PEDAL_HAT = (44, "PH", "foot")
    OPEN_HAT = (46, "OH", "hand")
    HIGH_TOM = (50, "HT", "hand")
    MID_TOM = (47, "MT", "hand")
    FLOOR_TOM = (43, "FT", "hand")
    CRASH = (49, "CR", "hand")
    SPLASH = (55, "SP", "hand")
    CHINA = (52, "CH", "hand")
    RIDE = (51, "RD", "hand")
    RIDE_BELL = (53, "RB", "hand")
    COWBELL = (56, "CB", "hand")
    TAMBOURINE = (54, "TB", "hand")

    # Members are singletons compared by identity: hash them by identity too, in C. Enum's own
    # __hash__ is a Python call (hash of the name), and the engine looks voices up in dicts
    # over a million times a second.
    __hash__ = object.__hash__

    @property
    def pitch(self) -> int:
        return self._value_[0]  # the member's own attribute: Enum's `value` is a slow descriptor

    @property
    def label(self) -> str:
        return self._value_[1]

    @property
    def limb(self) -> str:
        """'hand' or 'foot': which limbs can play it (for playability checks)."""
        return self._value_[2]

    @property
    def key(self) -> str:
        """Lower-case name used in data files and JSON: 'kick', 'closed_hat'."""
        return self.name.lower()

    @classmethod
    def from_key(cls, key: str) -> Voice:
        try:
            return cls[key.strip().upper()]
        except KeyError:
            known = ", ".join(v.key for v in cls)
            raise ValueError(f"unknown voice {key!r}; known voices: {known}") from None


VOICE_BY_LABEL: dict[str, Voice] = {v.label: v for v in Voice}
VOICE_BY_PITCH: dict[int, Voice] = {v.pitch: v for v in Voice}

# Other GM percussion pitches (and common e-kit pitches such as the Roland TD-11's in the
# Groove MIDI Dataset) folded onto the nearest voice when reading MIDI.
_EXTRA_PITCHES: dict[int, Voice] = {
    35: Voice.KICK,
    22: Voice.CLOSED_HAT,  # hi-hat closed, edge
    26: Voice.OPEN_HAT,  # hi-hat open, edge
    41: Voice.FLOOR_TOM,
    45: Voice.MID_TOM,
    48: Voice.HIGH_TOM,
    57: Voice.CRASH,
    58: Voice.FLOOR_TOM,  # floor tom rim
    59: Voice.RIDE,
}


def voice_for_pitch(pitch: int) -> Voice | None:
    """The voice a MIDI percussion pitch plays, or None for pitches outside the kit."""
    return VOICE_BY_PITCH.get(pitch) or _EXTRA_PITCHES.get(pitch)


HAND_VOICES = frozenset(v for v in Voice if v.limb == "hand")
FOOT_VOICES = frozenset(v for v in Voice if v.limb == "foot")
HAT_VOICES = frozenset({Voice.CLOSED_HAT, Voice.OPEN_HAT, Voice.PEDAL_HAT})
CYMBAL_VOICES = frozenset({Voice.CRASH, Voice.SPLASH, Voice.CHINA, Voice.RIDE, Voice.RIDE_BELL})
TOM_VOICES = frozenset({Voice.HIGH_TOM, Voice.MID_TOM, Voice.FLOOR_TOM})
