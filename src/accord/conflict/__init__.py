"""The graph model for conflict resolution (GMCR): conflicts as move graphs, and their stability."""
