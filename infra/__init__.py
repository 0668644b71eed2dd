"""Infrastructure that is code: the local stack (``python -m infra.local``)."""
