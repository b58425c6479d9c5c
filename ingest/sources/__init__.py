"""Connectors: one module per kind of input, each yielding RawDocument."""
