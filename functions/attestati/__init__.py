"""Reading a provider's attestato (ECM certificate) from a text PDF: pure Python, no AWS.

``reader.read_attestato(data)`` returns a ``fields.Attestato``: each field found with the page and the
line of text it was read from, absent when the text does not say it. Scanned images carry no text and
are out of scope (refused as ``pdf_no_text``). Bad files raise ``reader.AttestatoError``; the limits are
in ``limits``, which imports nothing, so the API's body check does not load pypdf in every function.
"""
