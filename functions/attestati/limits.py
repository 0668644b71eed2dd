"""The limits of reading an attestato, importable without pypdf (the API's body check needs the size).

- size: ``MAX_PDF_BYTES`` (4 MiB). Sent base64-encoded through API Gateway it becomes 5.6 MB, under
  Lambda's 6 MB synchronous payload; a real attestato is 20-500 kB.
- pages: ``MAX_PAGES`` (10); an attestato has one or two, a congress's list of sessions a few more.
- decompressed bytes: ``MAX_DECOMPRESSED_BYTES`` (8 MiB) per stream and for the text of the whole
  file, so a zip-bomb stream stops at the limit instead of filling the function's 512 MB.
- time: ``MAX_SECONDS`` (4 s) of extraction, checked after every page; the function's timeout is 10 s.
"""

from __future__ import annotations

MAX_PDF_BYTES = 4 * 1024 * 1024
MAX_PAGES = 10
MAX_DECOMPRESSED_BYTES = 8 * 1024 * 1024
MAX_SECONDS = 4.0
