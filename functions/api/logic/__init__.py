"""Business logic: takes and returns models, calls the rule book and the data access layer."""
