"""Hooks for scripts/schemathesis (the API contract test).

A generated Idempotency-Key is a short string that many generated requests share, and the server rightly
answers `422 idempotency_key_reused` to a key sent again with another request. A real client uses a new key
for each new request, so a well-formed key (1 to 255 visible ASCII characters), and any key in a case meant to
be valid, is replaced by a fresh one; a malformed key in a case meant to be invalid is kept, so the server's
refusal of it is still tested.
"""

import uuid

import schemathesis


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    headers = case.headers or {}
    for name in list(headers):
        if name.lower() != "idempotency-key":
            continue
        value = headers[name]
        well_formed = isinstance(value, str) and 0 < len(value) <= 255 and all(33 <= ord(ch) <= 126 for ch in value)
        positive = case.meta is not None and case.meta.generation.mode.is_positive
        if well_formed or positive:
            headers[name] = f"st-{uuid.uuid4()}"
