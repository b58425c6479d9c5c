"""Writing to the SQL store: one transaction per batch (articles, quotes, figures, syndication groups,
rollup cells), and relinking stored articles to events."""
