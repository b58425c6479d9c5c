"""Every read the dashboard and the exports use: one module per page (overview, volume, tone, figures,
sources, articles, health) plus export. Pages import only their own module and `db.filters`.

Each read returns a DataFrame of a documented shape, aggregated in SQL. The `_scope`, `_buckets` and
`_tables` modules hold what several pages share: the view as SQL, time buckets, the paged tables.
"""
