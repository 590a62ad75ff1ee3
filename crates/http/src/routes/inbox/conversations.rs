//! /conversations, /messages, /media: what was said with customers.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath, AppQuery};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use parley_services::TenantCtx;
use parley_services::crm::dto::SetLabelsInput;
use parley_services::inbox::dto::*;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;
use uuid::Uuid;

/// WhatsApp's largest media (documents) are 100 MB.
const UPLOAD_LIMIT: usize = 100 * 1024 * 1024;

#[utoipa::path(get, path = "/conversations", tag = "conversations", security(("bearer" = [])), params(ConversationQuery),
    responses((status = 200, body = ConversationList), (status = 422, body = ErrorBody)))]
async fn list_conversations(
    State(app): State<AppState>,
    t: TenantCtx,
    AppQuery(q): AppQuery<ConversationQuery>,
) -> Result<Json<ConversationList>> {
    Ok(Json(app.services.inbox.conversations(&t, q).await?))
}

#[utoipa::path(get, path = "/conversations/counts", tag = "conversations", security(("bearer" = [])),
    responses((status = 200, body = InboxCounts, description = "Conversations not resolved or closed, per inbox tab")))]
async fn conversation_counts(State(app): State<AppState>, t: TenantCtx) -> Result<Json<InboxCounts>> {
    Ok(Json(app.services.inbox.counts(&t).await?))
}

#[utoipa::path(patch, path = "/conversations/{id}/assign", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = AssignInput,
    responses((status = 200, body = Conversation), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn assign_conversation(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<AssignInput>,
) -> Result<Json<Conversation>> {
    Ok(Json(app.services.inbox.assign(&t, id, body).await?))
}

#[utoipa::path(post, path = "/conversations/{id}/notes", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = NoteInput,
    responses((status = 201, body = Message, description = "An internal note: the team sees it, the customer never does"),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_note(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<NoteInput>,
) -> Result<(StatusCode, Json<Message>)> {
    Ok((StatusCode::CREATED, Json(app.services.inbox.add_note(&t, id, body).await?)))
}

#[utoipa::path(put, path = "/conversations/{id}/labels", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = SetLabelsInput,
    responses((status = 200, body = Conversation), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_conversation_labels(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<SetLabelsInput>,
) -> Result<Json<Conversation>> {
    Ok(Json(app.services.inbox.set_labels(&t, id, body).await?))
}

#[utoipa::path(post, path = "/conversations", tag = "conversations", security(("bearer" = [])),
    request_body = StartConversationInput,
    responses((status = 200, body = Conversation), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn start_conversation(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<StartConversationInput>,
) -> Result<Json<Conversation>> {
    Ok(Json(app.services.inbox.start_conversation(&t, body).await?))
}

#[utoipa::path(get, path = "/conversations/{id}", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = Conversation), (status = 404, body = ErrorBody)))]
async fn get_conversation(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<Conversation>> {
    Ok(Json(app.services.inbox.conversation(&t, id).await?))
}

#[utoipa::path(patch, path = "/conversations/{id}", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateConversationInput,
    responses((status = 200, body = Conversation), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_conversation(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<UpdateConversationInput>,
) -> Result<Json<Conversation>> {
    Ok(Json(app.services.inbox.update_conversation(&t, id, body).await?))
}

#[utoipa::path(post, path = "/conversations/{id}/read", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Conversation, description = "Unread count cleared; WhatsApp read receipt sent"),
        (status = 404, body = ErrorBody)))]
async fn mark_conversation_read(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<Conversation>> {
    Ok(Json(app.services.inbox.mark_read(&t, id).await?))
}

#[utoipa::path(get, path = "/conversations/{id}/messages", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path), MessageQuery),
    responses((status = 200, body = MessagePage), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_messages(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppQuery(q): AppQuery<MessageQuery>,
) -> Result<Json<MessagePage>> {
    Ok(Json(app.services.inbox.messages(&t, id, q).await?))
}

#[utoipa::path(post, path = "/conversations/{id}/messages", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = SendMessageInput,
    responses((status = 202, body = Message, description = "Queued; the status moves to sent, delivered, read or failed"),
        (status = 402, body = ErrorBody, description = "`quota_exceeded`: this month's messages are used up"),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Invalid, or `service_window_closed`, `template_not_approved`")))]
async fn send_message(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<SendMessageInput>,
) -> Result<(StatusCode, Json<Message>)> {
    Ok((StatusCode::ACCEPTED, Json(app.services.inbox.send(&t, id, body).await?)))
}

#[utoipa::path(get, path = "/messages/{id}", tag = "conversations", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Message), (status = 404, body = ErrorBody)))]
async fn get_message(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<Json<Message>> {
    Ok(Json(app.services.inbox.message(&t, id).await?))
}

#[utoipa::path(post, path = "/messages/{id}/retry", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 202, body = Message), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`not_failed`: only a failed outbound message can be retried")))]
async fn retry_message(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<(StatusCode, Json<Message>)> {
    Ok((StatusCode::ACCEPTED, Json(app.services.inbox.retry(&t, id).await?)))
}

/// The multipart body of `POST /media` (read by the route, not deserialized).
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)] // `extract::upload` refuses any other part.
#[allow(dead_code)] // Documents the upload.
struct MediaUpload {
    /// The file, not empty; its part's content type is the media's.
    #[schema(value_type = String, format = Binary, min_length = 1)]
    file: Vec<u8>,
}

#[utoipa::path(post, path = "/media", tag = "media", security(("bearer" = [])),
    request_body(content = MediaUpload, content_type = "multipart/form-data", description = "One field `file`, not empty"),
    responses((status = 201, body = Media), (status = 400, body = ErrorBody), (status = 413, body = ErrorBody)))]
async fn upload_media(
    State(app): State<AppState>,
    t: TenantCtx,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<(StatusCode, Json<Media>)> {
    let f = crate::extract::upload(multipart, "100 MB").await?;
    let media = app.services.inbox.upload_media(&t, f.bytes, &f.content_type, f.file_name.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(media)))
}

#[utoipa::path(get, path = "/media/{id}", tag = "media", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, description = "The file"), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Not downloaded (yet), or the download failed")))]
async fn download_media(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<Response> {
    let (bytes, mime, filename) = app.services.inbox.media_content(&t, id).await?;
    Ok(file_response(bytes, mime, filename))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct PublicMediaQuery {
    expires: i64,
    signature: String,
}

#[utoipa::path(get, path = "/public/media/{tenant}/{id}", tag = "media",
    params(("tenant" = Uuid, Path), ("id" = Uuid, Path), PublicMediaQuery),
    responses((status = 200, description = "The file, for a signed link Parley gave a provider (QR numbers)"),
        (status = 404, body = ErrorBody, description = "Unknown, tampered with or expired")))]
async fn public_media(
    State(app): State<AppState>,
    AppPath((tenant, id)): AppPath<(Uuid, Uuid)>,
    AppQuery(q): AppQuery<PublicMediaQuery>,
) -> Result<Response> {
    let (bytes, mime, filename) = app.services.core.public_media(tenant, id, q.expires, &q.signature).await?;
    Ok(file_response(bytes, mime, filename))
}

/// A stored file as an HTTP answer, inline, with its name when it has one.
fn file_response(bytes: bytes::Bytes, mime: String, filename: Option<String>) -> Response {
    let disposition = match filename {
        Some(f) => format!("inline; filename=\"{}\"", f.replace(['"', '\\', '\r', '\n'], "_")),
        None => "inline".into(),
    };
    (
        [
            (header::CONTENT_TYPE, mime),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, max-age=3600".into()),
        ],
        bytes,
    )
        .into_response()
}

#[utoipa::path(post, path = "/media/{id}/retry", tag = "media", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 202, body = Media), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`not_failed`: only a failed download can be retried")))]
async fn retry_media(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<(StatusCode, Json<Media>)> {
    Ok((StatusCode::ACCEPTED, Json(app.services.inbox.retry_media(&t, id).await?)))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_conversations, start_conversation))
        .routes(routes!(get_conversation, update_conversation))
        .routes(routes!(mark_conversation_read))
        .routes(routes!(conversation_counts))
        .routes(routes!(assign_conversation))
        .routes(routes!(add_note))
        .routes(routes!(set_conversation_labels))
        .routes(routes!(list_messages, send_message))
        .routes(routes!(get_message))
        .routes(routes!(retry_message))
        .routes(routes!(upload_media).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)))
        .routes(routes!(download_media))
        .routes(routes!(retry_media))
        .routes(routes!(public_media))
}
