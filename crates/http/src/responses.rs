//! `CommonResponses`: the answers every operation can give because of its kind (a JSON body, a path id,
//! query parameters, a bearer token), added to the OpenAPI document once here instead of in each
//! `#[utoipa::path]`. It runs over the merged document, so routes added later are covered without extra work.
//! It only adds what an operation does not list itself, and gives listed error answers the `ErrorBody`
//! schema and a description when the annotation left them bare.

use utoipa::Modify;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::schema::{Schema, SchemaType, Type};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, Required, Response, ResponseBuilder};

/// Adds the common error answers to every operation of the document it modifies.
pub struct CommonResponses;

/// What an operation's kind makes possible, status by status.
const JSON_BODY: &[(&str, &str)] = &[
    ("400", "`malformed_json` or `unreadable_body`: the body is not JSON"),
    ("413", "`payload_too_large`: the body is larger than this address accepts"),
    ("415", "`unsupported_media_type`: send the body with `Content-Type: application/json`"),
    ("422", "`validation_failed` (details name each field) or `invalid_body`: the body breaks the schema's rules"),
    (
        "404",
        "`not_found`: an id in the body names nothing in the workspace (a label, a stage, a member; details name \
         the field)",
    ),
];
const MULTIPART_BODY: &[(&str, &str)] = &[
    ("400", "`invalid_upload`: not a multipart form with a `file` field"),
    ("413", "`payload_too_large`: the file is larger than this address accepts"),
];
const PATH_PARAMS: &[(&str, &str)] = &[
    ("400", "`invalid_path`: a path parameter has the wrong shape (an id that is not a UUID)"),
    ("404", "`not_found`: nothing with this id in the workspace"),
];
const QUERY_PARAMS: &[(&str, &str)] = &[
    ("400", "`invalid_query`: a query parameter has the wrong type"),
    ("422", "`validation_failed`: a query parameter breaks its rules (details name it)"),
];
const AUTHENTICATED: &[(&str, &str)] = &[
    ("401", "`unauthorized`, `invalid_token` or `token_expired`: no valid access token or API key"),
    (
        "403",
        "`forbidden` (the role may not do this), `insufficient_scope` (the API key lacks the scope) or \
         `feature_not_in_plan`",
    ),
];
/// Creating or sending POSTs take an `Idempotency-Key`; a key still in flight is a conflict, a key reused
/// with another request is refused.
const POST: &[(&str, &str)] = &[
    ("409", "`idempotency_in_flight` (a request with this Idempotency-Key is still running) or a state conflict"),
    ("422", "`idempotency_key_reused`: this Idempotency-Key was used with another request"),
];
/// Writes answered before any handler while the platform admin has maintenance mode on (`routes::operations::
/// maintenance` decides which).
const MAINTENANCE: &[(&str, &str)] =
    &[("503", "`maintenance`: maintenance mode is on; reads work, writes are refused until `Retry-After` seconds")];
const EVERY: &[(&str, &str)] =
    &[("429", "`rate_limited` or `too_many_attempts`: too many requests; retry after `Retry-After` seconds")];

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut OpenApi) {
        use axum::http::Method;
        for (path, item) in openapi.paths.paths.iter_mut() {
            let shared_params = item.parameters.clone().unwrap_or_default();
            let ops = [
                (Method::GET, &mut item.get),
                (Method::PUT, &mut item.put),
                (Method::POST, &mut item.post),
                (Method::PATCH, &mut item.patch),
                (Method::DELETE, &mut item.delete),
            ];
            for (method, op) in ops {
                if let Some(op) = op.as_mut() {
                    let gated = !crate::routes::operations::maintenance::exempt(&method, path);
                    add_common(op, method == Method::POST, gated, &shared_params);
                }
            }
        }
    }
}

/// An optional body (`request_body = Option<T>`) is "T or nothing": utoipa also makes its schema nullable, but a
/// JSON `null` is no body the server takes, so the null alternative is dropped and only `required` says optional.
fn optional_body_is_not_null(op: &mut Operation) {
    let Some(RefOr::T(body)) = op.request_body.as_mut() else { return };
    if body.required == Some(Required::True) {
        return;
    }
    for content in body.content.values_mut() {
        let RefOr::T(content) = content else { continue };
        if let Some(RefOr::T(Schema::OneOf(one))) = &content.schema {
            let is_null = |s: &RefOr<Schema>| matches!(s, RefOr::T(Schema::Object(o)) if o.schema_type == SchemaType::Type(Type::Null));
            let rest: Vec<_> = one.items.iter().filter(|s| !is_null(s)).cloned().collect();
            if rest.len() == 1 && rest.len() < one.items.len() {
                content.schema = rest.into_iter().next();
            }
        }
    }
}

fn add_common(
    op: &mut Operation,
    is_post: bool,
    maintenance_gated: bool,
    shared_params: &[RefOr<utoipa::openapi::path::Parameter>],
) {
    optional_body_is_not_null(op);
    let params = || shared_params.iter().chain(op.parameters.iter().flatten());
    let takes = |place: ParameterIn| params().any(|p| matches!(p, RefOr::T(p) if p.parameter_in == place));
    let (path, query) = (takes(ParameterIn::Path), takes(ParameterIn::Query));
    let body = match &op.request_body {
        Some(RefOr::T(b)) => Some(b.content.keys().any(|k| k.starts_with("multipart/"))),
        _ => None,
    };
    let authenticated = op.security.as_ref().is_some_and(|s| !s.is_empty());
    let mut add: Vec<&[(&str, &str)]> = vec![EVERY];
    match body {
        Some(true) => add.push(MULTIPART_BODY),
        Some(false) => add.push(JSON_BODY),
        None => {}
    }
    if path {
        add.push(PATH_PARAMS);
    }
    if query {
        add.push(QUERY_PARAMS);
    }
    if authenticated {
        add.push(AUTHENTICATED);
    }
    if is_post {
        add.push(POST);
    }
    if maintenance_gated {
        add.push(MAINTENANCE);
    }
    let responses = &mut op.responses.responses;
    for (status, description) in add.into_iter().flatten() {
        match responses.get_mut(*status) {
            None => {
                responses.insert((*status).to_owned(), RefOr::T(error(description)));
            }
            Some(RefOr::T(existing)) => complete(existing, description),
            Some(RefOr::Ref(_)) => {}
        }
    }
    // Error answers an annotation listed bare (`(status = 404, body = ErrorBody)`) still say what they mean.
    for (status, response) in responses.iter_mut() {
        if let RefOr::T(r) = response
            && status.starts_with(['4', '5'])
            && r.description.is_empty()
        {
            r.description = "An error in the shape of `ErrorBody`".to_owned();
        }
    }
}

fn error(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build())
        .build()
}

/// A listed answer keeps its own description and body; one left bare gets the common description and
/// the error body, so the document never lists a status without saying what comes with it.
fn complete(existing: &mut Response, description: &str) {
    if existing.description.is_empty() {
        existing.description = description.to_owned();
    }
    if existing.content.is_empty() {
        existing.content.insert(
            "application/json".to_owned(),
            RefOr::T(ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build()),
        );
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    fn statuses(op: &Value) -> Vec<&str> {
        op["responses"].as_object().map(|r| r.keys().map(String::as_str).collect()).unwrap_or_default()
    }

    #[test]
    fn every_operation_lists_the_errors_its_kind_can_give() {
        let spec: Value = serde_json::to_value(crate::api().1).expect("document");
        let mut checked = 0;
        for (path, item) in spec["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("item") {
                let listed = statuses(op);
                let name = format!("{} {path}", method.to_uppercase());
                assert!(listed.contains(&"429"), "{name} lists no 429");
                let content = op["requestBody"]["content"].as_object();
                if content.is_some_and(|c| c.contains_key("application/json")) {
                    for s in ["400", "413", "415", "422"] {
                        assert!(listed.contains(&s), "{name} takes JSON but lists no {s}");
                    }
                }
                if op["security"].as_array().is_some_and(|s| !s.is_empty()) {
                    assert!(listed.contains(&"401") && listed.contains(&"403"), "{name} needs a token: 401/403");
                }
                // Maintenance mode refuses writes, except signing in and out and the admin's and webhooks' routes.
                let write = ["post", "put", "patch", "delete"].contains(&method.as_str());
                let open_auth = ["login", "login/2fa", "refresh", "logout", "switch-tenant"]
                    .iter()
                    .any(|p| path.as_str() == format!("/api/v1/auth/{p}"));
                let open_prefix =
                    ["/api/v1/webhooks/", "/api/v1/admin/", "/api/v1/dev/"].iter().any(|p| path.starts_with(p));
                if !write || open_auth || open_prefix {
                    assert!(!listed.contains(&"503"), "{name} stays open in maintenance mode but lists 503");
                } else {
                    assert!(listed.contains(&"503"), "{name} is refused in maintenance mode but lists no 503");
                }
                let params = op["parameters"].as_array().cloned().unwrap_or_default();
                if params.iter().any(|p| p["in"] == "path") {
                    assert!(listed.contains(&"400") && listed.contains(&"404"), "{name} has a path id: 400/404");
                }
                for (status, response) in op["responses"].as_object().expect("responses") {
                    if status.starts_with('4') {
                        assert!(
                            response["description"].as_str().is_some_and(|d| !d.is_empty()),
                            "{name} {status} says nothing"
                        );
                        assert_eq!(
                            response["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/ErrorBody",
                            "{name} {status} is not an ErrorBody"
                        );
                    }
                }
                checked += 1;
            }
        }
        assert!(checked > 150, "only {checked} operations in the document");
    }
}
