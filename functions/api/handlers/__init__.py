"""Lambda entry points, one per function in template.yaml; each includes only the routers it serves.

The garbage collector is paused while a handler module loads (this package is imported first), and
each handler module calls ``loaded()`` as its last statement. Loading a function creates tens of
thousands of long-lived objects (modules, classes, pydantic fields, the routes), and every few hundred
of them the collector would walk the young ones again, none of which is garbage: about a fifth of the
cold start on this code. ``loaded`` then moves everything loaded to the permanent generation
(``gc.freeze``), so that later collections during requests do not walk it either, and resumes the
collector. A module imported without a handler (a test importing this package alone) resumes it too,
at its first handler or never needing it: the pause only skips collections, it frees nothing early.
"""

from __future__ import annotations

import gc

gc.disable()


def loaded() -> None:
    """Resume the garbage collector once the handler module is loaded (see the module's docstring)."""
    gc.freeze()
    gc.enable()
