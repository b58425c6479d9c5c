"""Pure per-document stages: extract, relevance, dedupe (URL canon, content hash, MinHash), scoring.
`documents` holds the dataclasses passed between them. Nothing here touches the database or network."""
