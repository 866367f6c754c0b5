"""Reusable pieces of the record editors: fields with inline errors, an empty-able date, pickers
for rayons, tags and availability, small read-only tables and the :class:`FormDialog` base."""
