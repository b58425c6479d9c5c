"""Language stages: tone (VADER), direct quotes with speakers, and figures merged across articles.

Pure functions over text: no network, no database, no model downloads.
"""
