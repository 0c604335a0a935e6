"""Demo question banks: the two seed files (through the real importers) and the hand-written bank."""
