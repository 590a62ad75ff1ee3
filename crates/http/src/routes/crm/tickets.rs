//! /tickets: support requests with their conversations and internal comments.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath, AppQuery};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use parley_services::TenantCtx;
use parley_services::crm::dto::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

#[utoipa::path(get, path = "/tickets", tag = "tickets", security(("bearer" = [])), params(TicketQuery),
    responses((status = 200, body = TicketPage), (status = 422, body = ErrorBody)))]
async fn list_tickets(
    State(app): State<AppState>,
    t: TenantCtx,
    AppQuery(q): AppQuery<TicketQuery>,
) -> Result<Json<TicketPage>> {
    Ok(Json(app.services.tickets.tickets(&t, q).await?))
}

#[utoipa::path(post, path = "/tickets", tag = "tickets", security(("bearer" = [])), request_body = CreateTicketInput,
    responses((status = 201, body = Ticket),
        (status = 404, body = ErrorBody, description = "The contact or conversation"),
        (status = 422, body = ErrorBody)))]
async fn create_ticket(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<CreateTicketInput>,
) -> Result<(StatusCode, Json<Ticket>)> {
    Ok((StatusCode::CREATED, Json(app.services.tickets.create_ticket(&t, body).await?)))
}

#[utoipa::path(get, path = "/tickets/{id}", tag = "tickets", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Ticket), (status = 404, body = ErrorBody)))]
async fn get_ticket(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<Json<Ticket>> {
    Ok(Json(app.services.tickets.ticket(&t, id).await?))
}

#[utoipa::path(patch, path = "/tickets/{id}", tag = "tickets", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateTicketInput,
    responses((status = 200, body = Ticket), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_ticket(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<UpdateTicketInput>,
) -> Result<Json<Ticket>> {
    Ok(Json(app.services.tickets.update_ticket(&t, id, body).await?))
}

#[utoipa::path(delete, path = "/tickets/{id}", tag = "tickets", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_ticket(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<StatusCode> {
    app.services.tickets.delete_ticket(&t, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/tickets/{id}/conversations", tag = "tickets", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = SetTicketConversationsInput,
    responses((status = 200, body = Ticket), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_ticket_conversations(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<SetTicketConversationsInput>,
) -> Result<Json<Ticket>> {
    Ok(Json(app.services.tickets.set_conversations(&t, id, body).await?))
}

#[utoipa::path(get, path = "/tickets/{id}/comments", tag = "tickets", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<TicketComment>, description = "Oldest first"),
        (status = 404, body = ErrorBody)))]
async fn list_ticket_comments(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<Vec<TicketComment>>> {
    Ok(Json(app.services.tickets.comments(&t, id).await?))
}

#[utoipa::path(post, path = "/tickets/{id}/comments", tag = "tickets", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = CreateTicketCommentInput,
    responses((status = 201, body = TicketComment, description = "Internal: the customer never sees it"),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_ticket_comment(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<CreateTicketCommentInput>,
) -> Result<(StatusCode, Json<TicketComment>)> {
    Ok((StatusCode::CREATED, Json(app.services.tickets.add_comment(&t, id, body).await?)))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tickets, create_ticket))
        .routes(routes!(get_ticket, update_ticket, delete_ticket))
        .routes(routes!(set_ticket_conversations))
        .routes(routes!(list_ticket_comments, add_ticket_comment))
}
