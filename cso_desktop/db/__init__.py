"""Storage: SQLAlchemy models, the engine and session factory, schema migration and checks."""
