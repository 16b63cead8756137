"""One collector per file; see research.registry for how they are found."""
