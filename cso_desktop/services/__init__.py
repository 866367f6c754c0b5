"""Use cases. Each takes a ``Session`` from the caller (who owns the transaction), never commits,
and returns plain DTOs, so the UI never touches ORM objects."""
