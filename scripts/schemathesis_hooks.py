"""Hooks for scripts/schemathesis (the API contract test).

A generated Idempotency-Key is a short string that many generated requests share, and the server rightly
answers `422 idempotency_key_reused` to a key sent again with another request. A real client uses a new key
for each new request, so a well-formed key (1 to 255 visible ASCII characters), and any key in a case meant to
be valid, is replaced by a fresh one; a malformed key in a case meant to be invalid is kept, so the server's
refusal of it is still tested.

A report's range is two days, `from` and `to`, with a rule across them that JSON Schema cannot state (the start on or
before the end, at most 366 days apart; docs/analytics.md): in a case meant to be valid, an end the rule refuses is
replaced by the start (a one-day range); a case meant to be invalid keeps it, so the refusal is still tested.

A mail template's subject and body may name only the placeholders that template offers (`{{name}}`; docs/agencies.md,
"Branded mail"), a rule per template the schema's pattern does not state: in a case meant to be valid, a generated
`{{` is written `{ {`, which is plain text.
"""

import datetime
import uuid

import schemathesis


def _fix_range(case):
    query = case.query or {}
    start, end = query.get("from"), query.get("to")
    if not (isinstance(start, str) and isinstance(end, str)):
        return
    try:
        first, last = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
    except ValueError:
        return
    if last < first or (last - first).days + 1 > 366:
        query["to"] = start


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    if positive and case.path.startswith("/api/v1/analytics/"):
        _fix_range(case)
    if positive and case.path.startswith("/api/v1/settings/mail/templates/") and isinstance(case.body, dict):
        for field in ("subject", "body"):
            text = case.body.get(field)
            while isinstance(text, str) and "{{" in text:
                text = text.replace("{{", "{ {")
            if isinstance(text, str):
                case.body[field] = text
    headers = case.headers or {}
    for name in list(headers):
        if name.lower() != "idempotency-key":
            continue
        value = headers[name]
        well_formed = isinstance(value, str) and 0 < len(value) <= 255 and all(33 <= ord(ch) <= 126 for ch in value)
        if well_formed or positive:
            headers[name] = f"st-{uuid.uuid4()}"

