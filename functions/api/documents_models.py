"""Response models of the documents routes (statement PDF, deadline calendar): issue 14."""

from __future__ import annotations

from pydantic import Field

from .models import ApiModel, Stamp


class CalendarOut(ApiModel):
    """The calendar feed's secret URL, shown once: only its hash is stored."""

    url: str = Field(
        description="The feed's address (https when deployed); add it to a calendar app as a "
        "subscription. It is the only time it is shown: whoever has it can read your deadlines, so "
        "treat it like a password"
    )
    webcal_url: str = Field(
        description="The same address with the webcal:// scheme, which opens calendar apps"
    )
    path: str = Field(description="The address's path, /v1/calendar/<secret>.ics")
    lang: str = Field(description="The feed's language (this request's Accept-Language): it or en")
    created_at: Stamp = Field(description="When this address was made (UTC, to the millisecond)")
