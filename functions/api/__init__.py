"""The credits API: thin Powertools handlers, logic on models, and the only DynamoDB access layer."""
