"""MidiDrumiGen: drum MIDI in the style of any artist, band or drummer.

Importing the package is cheap: no database, network, SDK or model is touched at import time.
"""

__version__ = "0.1.0"
