"""Documents the API builds for people (PDF statements, iCalendar feeds): pure modules, no AWS."""
