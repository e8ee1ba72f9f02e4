"""The web pages: one blueprint per audience, and the pieces they share (access, assigning)."""
