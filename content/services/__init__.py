"""Use cases of the knowledge base: one function per mutation or read model, called by views, admin and commands."""
