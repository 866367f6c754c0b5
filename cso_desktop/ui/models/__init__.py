"""Qt item models over the services: lazy, sorted and searched in SQL (STYLE §2)."""
