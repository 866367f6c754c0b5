"""Pure-Python core: value types, validation rules and the error hierarchy. No Qt, no SQL."""
