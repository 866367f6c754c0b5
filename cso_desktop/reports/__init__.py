"""Donor reports: ``data.py`` computes plain report data; renderers (PDF, XLSX, XML) lay it out."""
