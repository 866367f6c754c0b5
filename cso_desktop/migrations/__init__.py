"""Alembic migration scripts, shipped as package data and run by :mod:`cso_desktop.db.schema`."""
