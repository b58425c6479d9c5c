"""Dashboard pages: short scripts that read the shared filters, call db reads and draw."""
