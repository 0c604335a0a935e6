"""Use cases of read-and-acknowledge: one module per concern, one function per mutation."""
