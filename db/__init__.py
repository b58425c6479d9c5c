"""The SQL store: models, engine factory, migrations and every read the dashboard and exports use."""

__version__ = "0.1.0"
