//! Numbers: connect a Cloud API number or a QR session (within the plan's number limit; a second number needs
//! the plan's multipleWhatsAppNumbers switch), test it, keep its templates, read its webhook log.

use super::Credentials;
use crate::billing::quota::{Feature, Stock};
use crate::channel::dto::*;
use crate::check::{Check, checked};
use crate::ctx::TenantCtx;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use parley_store::repo::{
    self, channel::connections::ConnectionPatch, channel::connections::ConnectionRow,
    channel::connections::NewConnection,
};
use parley_store::{TenantTx, unique_violation};
use parley_whatsapp::GraphErrorKind;
use parley_whatsapp::client::ClientError;
use parley_whatsapp::wasender_client::{NewSession, SessionStatus};
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct ConnectionService(pub(crate) Arc<Core>);

pub(crate) fn not_found() -> DomainError {
    DomainError::NotFound("WhatsApp number")
}

impl Core {
    pub(crate) async fn sync_templates_in(&self, tx: &TenantTx, row: &ConnectionRow) -> Result<Vec<Template>> {
        let (token, waba) = cloud_access(self, row)?;
        let list = self.channel.cloud(row.simulated)?.list_templates(&waba, &token).await.map_err(graph_upstream)?;
        for tpl in &list {
            repo::channel::templates::upsert(
                tx,
                row.id,
                repo::channel::templates::TemplateData {
                    wa_template_id: Some(&tpl.id),
                    name: &tpl.name,
                    language: &tpl.language,
                    category: tpl.category.as_deref(),
                    status: &tpl.status,
                    components: &tpl.components,
                },
            )
            .await
            .db()?;
        }
        Ok(repo::channel::templates::list(tx, row.id).await.db()?.into_iter().map(template_dto).collect())
    }

    pub(crate) fn webhook_url(&self, r: &ConnectionRow) -> String {
        let base = self.cfg.public_url.trim_end_matches('/');
        let path = if r.kind == "wasender" { "wasender" } else { "whatsapp" };
        format!("{base}/api/v1/webhooks/{path}/{}", r.id)
    }

    pub(crate) fn connection_dto(&self, r: ConnectionRow) -> Connection {
        Connection {
            webhook_url: self.webhook_url(&r),
            id: r.id,
            kind: r.kind,
            name: r.name,
            status: r.status,
            phone_number_id: r.phone_number_id,
            waba_id: r.waba_id,
            display_phone_number: r.display_phone_number,
            verified_name: r.verified_name,
            verify_token: r.verify_token,
            qr_code: r.qr_code,
            simulated: r.simulated,
            rate_per_second: r.rate_per_second,
            messaging_limit: r.messaging_limit,
            quality_rating: r.quality_rating,
            last_error: r.last_error,
            last_error_at: r.last_error_at,
            created_at: r.created_at,
        }
    }

    pub(crate) async fn connection(&self, tx: &TenantTx, id: Uuid) -> Result<ConnectionRow> {
        repo::channel::connections::get(&tx.tx, id).await.db()?.ok_or_else(not_found)
    }

    /// Records what the WhatsApp API said about a number: an expired token needs a person.
    pub(crate) async fn note_connection_error(&self, tx: &TenantTx, id: Uuid, e: &ClientError) -> Result<()> {
        let status = matches!(e.graph_kind(), Some(GraphErrorKind::TokenExpired)).then(|| "needs_attention".to_owned());
        repo::channel::connections::update(
            tx,
            id,
            ConnectionPatch { status, last_error: Some(Some(e.reason())), ..Default::default() },
        )
        .await
        .db()?;
        self.channel.forget_target(id);
        Ok(())
    }
}

fn random_token() -> String {
    crate::identity::tokens::random_secret().chars().filter(char::is_ascii_alphanumeric).take(32).collect()
}

fn conflict_number() -> DomainError {
    DomainError::Conflict {
        code: "number_already_connected",
        message: "This phone number is already connected to a workspace.".into(),
    }
}

fn check_rate(c: &mut Check, rate: Option<i32>) {
    if let Some(r) = rate
        && !(1..=1000).contains(&r)
    {
        c.push("ratePerSecond", "must be between 1 and 1000");
    }
}

impl ConnectionService {
    pub async fn list(&self, t: &TenantCtx) -> Result<Vec<Connection>> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let rows = repo::channel::connections::list(&tx.tx).await.db()?;
        // A website widget's channel row is managed with its widget (`/widgets`), not as a WhatsApp number.
        Ok(rows.into_iter().filter(|r| r.kind != "widget").map(|r| self.0.connection_dto(r)).collect())
    }

    pub async fn get(&self, t: &TenantCtx, id: Uuid) -> Result<Connection> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let row = self.0.connection(&tx, id).await?;
        if row.kind == "widget" {
            return Err(not_found());
        }
        Ok(self.0.connection_dto(row))
    }

    pub async fn create(&self, t: &TenantCtx, input: CreateConnectionInput) -> Result<Connection> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let mut c = Check::default();
        let row = match input.0 {
            ConnectionKindInput::Cloud {
                name,
                phone_number_id,
                waba_id,
                access_token,
                app_secret,
                verify_token,
                rate_per_second,
            } => {
                let name = c.text("name", &name, 1, 80);
                check_rate(&mut c, rate_per_second);
                let pnid = c.text("phoneNumberId", &phone_number_id, 1, 64);
                let waba = c.text("wabaId", &waba_id, 1, 64);
                let token = c.text("accessToken", &access_token, 1, 2048);
                let secret = c.text("appSecret", &app_secret, 1, 256);
                let verify = match verify_token.as_deref() {
                    Some(v) => c.text("verifyToken", v, 8, 128),
                    None => Some(random_token()),
                };
                for (field, v) in [("phoneNumberId", &pnid), ("wabaId", &waba)] {
                    if v.as_deref().is_some_and(|s| !s.chars().all(|ch| ch.is_ascii_digit())) {
                        c.push(field, "must be the numeric id Meta shows");
                    }
                }
                c.finish()?;
                self.room_for_a_number(&tx).await?;
                let rate = rate_per_second.unwrap_or(self.0.channel.cfg.default_rate_per_second);
                let creds = Credentials::Cloud { access_token: checked(token)?, app_secret: checked(secret)? };
                let (pnid, waba, verify, name) = (checked(pnid)?, checked(waba)?, checked(verify)?, checked(name)?);
                self.insert(
                    &tx,
                    Uuid::now_v7(),
                    NewConnection {
                        kind: "cloud",
                        name: &name,
                        status: "pending",
                        phone_number_id: Some(&pnid),
                        waba_id: Some(&waba),
                        display_phone_number: None,
                        credentials: self.0.channel.seal(&creds),
                        verify_token: &verify,
                        simulated: false,
                        rate_per_second: rate,
                    },
                )
                .await?
            }
            ConnectionKindInput::Wasender { name, phone_number, rate_per_second } => {
                let name = c.text("name", &name, 1, 80);
                check_rate(&mut c, rate_per_second);
                let phone = c.phone("phoneNumber", &phone_number);
                c.finish()?;
                self.room_for_a_number(&tx).await?;
                let rate = rate_per_second.unwrap_or(self.0.channel.cfg.default_rate_per_second);
                let (phone, name) = (checked(phone)?, checked(name)?);
                self.create_qr_session(&tx, &name, &phone, rate).await?
            }
        };
        self.0
            .audit_ctx(
                &tx,
                &actor,
                "whatsapp.connection_created",
                "whatsapp_connection",
                row.id,
                serde_json::json!({"kind": row.kind}),
            )
            .await?;
        tx.commit().await.db()?;
        Ok(self.0.connection_dto(row))
    }

    /// The plan's say on one more number, after the form is valid (field errors come first) and before anything
    /// is created or a provider is called. Under the numbers' lock, so two first numbers created at once cannot
    /// both pass the "several numbers" switch.
    async fn room_for_a_number(&self, tx: &TenantTx) -> Result<()> {
        self.0.lock_stock(tx, Stock::WhatsAppNumbers).await?;
        if !repo::channel::connections::list(&tx.tx).await.db()?.is_empty() {
            self.0.require_feature(tx, Feature::MultipleWhatsAppNumbers).await?;
        }
        self.0.reserve_stock(tx, Stock::WhatsAppNumbers, 1).await
    }

    async fn insert(&self, tx: &TenantTx, id: Uuid, n: NewConnection<'_>) -> Result<ConnectionRow> {
        repo::channel::connections::insert(tx, id, n).await.map_err(|e| match unique_violation(&e).as_deref() {
            Some("whatsapp_connections_phone_key") => conflict_number(),
            _ => DomainError::internal(e),
        })
    }

    /// A QR session: WasenderAPI creates it with our webhook, then shows a QR code until it is scanned.
    async fn create_qr_session(
        &self,
        tx: &TenantTx,
        name: &str,
        phone: &parley_domain::Phone,
        rate: i32,
    ) -> Result<ConnectionRow> {
        let ch = &self.0.channel;
        let simulated = ch.cfg.wasender_token.is_none() && ch.sim_wasender.is_some();
        let (client, token) = ch.wasender_account(simulated)?;
        let id = Uuid::now_v7();
        let base = self.0.cfg.public_url.trim_end_matches('/');
        let webhook = format!("{base}/api/v1/webhooks/wasender/{id}");
        let new = NewSession { name: name.to_owned(), phone_number: phone.as_str().to_owned(), webhook_url: webhook };
        let session = client.create_session(&token, &new).await.map_err(wasender_upstream)?;
        let qr = client.connect_session(&token, session.id).await.map_err(wasender_upstream)?;
        let (Some(api_key), Some(webhook_secret)) = (session.api_key.clone(), session.webhook_secret.clone()) else {
            return Err(DomainError::Upstream {
                code: "qr_provider_error",
                message: "WasenderAPI created the session without its API key or webhook secret.".into(),
            });
        };
        let creds = Credentials::Wasender { api_key, webhook_secret };
        self.insert(
            tx,
            id,
            NewConnection {
                kind: "wasender",
                name,
                status: status_name(&qr.status),
                phone_number_id: None,
                waba_id: None,
                display_phone_number: Some(phone.as_str()),
                credentials: ch.seal(&creds),
                verify_token: &random_token(),
                simulated,
                rate_per_second: rate,
            },
        )
        .await?;
        let row = repo::channel::connections::update(
            tx,
            id,
            ConnectionPatch {
                wasender_session_id: Some(session.id.to_string()),
                qr_code: Some(qr.qr_code),
                ..Default::default()
            },
        )
        .await
        .db()?
        .ok_or_else(not_found)?;
        Ok(row)
    }

    pub async fn update(&self, t: &TenantCtx, id: Uuid, input: UpdateConnectionInput) -> Result<Connection> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let row = self.0.connection(&tx, id).await?;
        let mut c = Check::default();
        let name = input.name.as_deref().map(|n| c.text("name", n, 1, 80));
        let verify = input.verify_token.as_deref().map(|v| c.text("verifyToken", v, 8, 128));
        let token = input.access_token.as_deref().map(|v| c.text("accessToken", v, 1, 2048));
        let secret = input.app_secret.as_deref().map(|v| c.text("appSecret", v, 1, 256));
        check_rate(&mut c, input.rate_per_second);
        if input.messaging_limit.flatten().is_some_and(|l| !(1..=10_000_000).contains(&l)) {
            c.push("messagingLimit", "must be between 1 and 10,000,000, or null for unlimited");
        }
        c.finish()?;
        // Which kind of number the path names is its state: a QR number has no messaging limit to set.
        if input.messaging_limit.is_some() && row.kind != "cloud" {
            return Err(DomainError::Conflict {
                code: "not_a_cloud_number",
                message: "Only Cloud API numbers have a messaging limit.".into(),
            });
        }
        if let Some(limit) = input.messaging_limit {
            repo::channel::connections::set_limits(&tx, id, None, Some(limit), None).await.db()?;
        }
        let credentials = match (self.0.channel.open(&row.credentials)?, token.flatten(), secret.flatten()) {
            (Credentials::Cloud { access_token, app_secret }, tok, sec) if tok.is_some() || sec.is_some() => {
                Some(self.0.channel.seal(&Credentials::Cloud {
                    access_token: tok.unwrap_or(access_token),
                    app_secret: sec.unwrap_or(app_secret),
                }))
            }
            _ => None,
        };
        let changed_token = credentials.is_some();
        let row = repo::channel::connections::update(
            &tx,
            id,
            ConnectionPatch {
                name: name.flatten(),
                verify_token: verify.flatten(),
                credentials,
                rate_per_second: input.rate_per_second,
                // New credentials deserve a new test before the number counts as connected.
                status: changed_token.then(|| "pending".to_owned()),
                last_error: changed_token.then_some(None),
                ..Default::default()
            },
        )
        .await
        .db()?
        .ok_or_else(not_found)?;
        self.0
            .audit_ctx(
                &tx,
                &actor,
                "whatsapp.connection_updated",
                "whatsapp_connection",
                id,
                serde_json::json!({"credentialsChanged": changed_token, "messagingLimit": input.messaging_limit}),
            )
            .await?;
        tx.commit().await.db()?;
        self.0.channel.forget_target(id);
        Ok(self.0.connection_dto(row))
    }

    pub async fn delete(&self, t: &TenantCtx, id: Uuid) -> Result<()> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let row = self.0.connection(&tx, id).await?;
        if let (Some(session), Ok(Credentials::Wasender { .. })) = (
            row.wasender_session_id.as_deref().and_then(|s| s.parse::<u64>().ok()),
            self.0.channel.open(&row.credentials),
        ) {
            // Best effort: the session is ours to end; a provider error must not keep the number here.
            if let Ok((client, token)) = self.0.channel.wasender_account(row.simulated)
                && let Err(e) = client.delete_session(&token, session).await
            {
                tracing::warn!(error = %e.reason(), "could not delete the WasenderAPI session");
            }
        }
        repo::channel::connections::delete(&tx, id).await.db()?;
        self.0
            .audit_ctx(
                &tx,
                &actor,
                "whatsapp.connection_deleted",
                "whatsapp_connection",
                id,
                serde_json::json!({"name": row.name}),
            )
            .await?;
        tx.commit().await.db()?;
        self.0.channel.forget_target(id);
        Ok(())
    }

    /// Calls the provider with the stored credentials; success marks the number connected.
    pub async fn test(&self, t: &TenantCtx, id: Uuid) -> Result<ConnectionTest> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let row = self.0.connection(&tx, id).await?;
        let ch = &self.0.channel;
        let mut limits = None;
        let (patch, info, error) = match ch.open(&row.credentials)? {
            Credentials::Cloud { access_token, .. } => {
                let pnid = row.phone_number_id.clone().unwrap_or_default();
                match ch.cloud(row.simulated)?.phone_number(&pnid, &access_token).await {
                    Ok(p) => (
                        {
                            // Meta's word on the number's limits: its messaging tier always; its throughput only
                            // when raised to 1,000/s (a lower rate set here may be deliberate).
                            limits = Some((
                                p.rate_per_second().filter(|r| *r >= 1000 && *r > row.rate_per_second),
                                p.messaging_limit(),
                                p.quality_rating.clone(),
                            ));
                            ConnectionPatch {
                                status: Some("connected".into()),
                                display_phone_number: Some(p.display_phone_number.clone()),
                                verified_name: p.verified_name.clone(),
                                last_error: Some(None),
                                ..Default::default()
                            }
                        },
                        Some((Some(p.display_phone_number), p.verified_name, p.quality_rating)),
                        None,
                    ),
                    Err(e) => {
                        self.0.note_connection_error(&tx, id, &e).await?;
                        (ConnectionPatch::default(), None, Some(e.reason()))
                    }
                }
            }
            Credentials::Wasender { api_key, .. } => match ch.wasender_account(row.simulated)?.0.status(&api_key).await
            {
                Ok(s) => (
                    ConnectionPatch {
                        status: Some(status_name(&s).into()),
                        last_error: Some(None),
                        ..Default::default()
                    },
                    Some((row.display_phone_number.clone(), None, None)),
                    (s != SessionStatus::Connected).then(|| format!("The session is {}.", status_name(&s))),
                ),
                Err(e) => (ConnectionPatch::default(), None, Some(e.reason())),
            },
        };
        if let Some((rate, tier, quality)) = &limits {
            repo::channel::connections::set_limits(&tx, id, *rate, *tier, quality.as_deref()).await.db()?;
        }
        let row = repo::channel::connections::update(&tx, id, patch).await.db()?.ok_or_else(not_found)?;
        tx.commit().await.db()?;
        let (display, verified, quality) = info.unwrap_or((None, None, None));
        Ok(ConnectionTest {
            ok: error.is_none(),
            display_phone_number: display,
            verified_name: verified,
            quality_rating: quality,
            error,
            connection: self.0.connection_dto(row),
        })
    }

    /// QR sessions: asks the provider for the current status and QR code.
    pub async fn refresh_qr(&self, t: &TenantCtx, id: Uuid) -> Result<Connection> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let row = self.0.connection(&tx, id).await?;
        let (Some(session), Credentials::Wasender { api_key, .. }) = (
            row.wasender_session_id.as_deref().and_then(|s| s.parse::<u64>().ok()),
            self.0.channel.open(&row.credentials)?,
        ) else {
            // Whether a number is a QR one is the state of what the path names.
            return Err(DomainError::Conflict {
                code: "not_a_qr_number",
                message: "Only QR numbers have a QR code.".into(),
            });
        };
        let (client, token) = self.0.channel.wasender_account(row.simulated)?;
        let status = client.status(&api_key).await.map_err(wasender_upstream)?;
        let qr = if matches!(status, SessionStatus::Connected) {
            None
        } else {
            let c = client.connect_session(&token, session).await.map_err(wasender_upstream)?;
            c.qr_code.or(client.qr_code(&token, session).await.ok())
        };
        let row = repo::channel::connections::update(
            &tx,
            id,
            ConnectionPatch { status: Some(status_name(&status).into()), qr_code: Some(qr), ..Default::default() },
        )
        .await
        .db()?
        .ok_or_else(not_found)?;
        tx.commit().await.db()?;
        Ok(self.0.connection_dto(row))
    }

    pub async fn templates(&self, t: &TenantCtx, id: Uuid) -> Result<Vec<Template>> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        self.0.connection(&tx, id).await?;
        Ok(repo::channel::templates::list(&tx, id).await.db()?.into_iter().map(template_dto).collect())
    }

    /// Replaces the local copy of the number's templates with what WhatsApp has.
    pub async fn sync_templates(&self, t: &TenantCtx, id: Uuid) -> Result<Vec<Template>> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let row = self.0.connection(&tx, id).await?;
        let out = self.0.sync_templates_in(&tx, &row).await?;
        tx.commit().await.db()?;
        Ok(out)
    }

    pub async fn create_template(&self, t: &TenantCtx, id: Uuid, input: CreateTemplateInput) -> Result<Template> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let row = self.0.connection(&tx, id).await?;
        let mut c = Check::default();
        let name = c.text("name", &input.name, 1, 512);
        if name
            .as_deref()
            .is_some_and(|n| !n.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_'))
        {
            c.push("name", "may contain only lowercase letters, digits and underscores");
        }
        let language = c.text("language", &input.language, 2, 15);
        let category = c.one_of(
            "category",
            &input.category,
            |s| ["MARKETING", "UTILITY", "AUTHENTICATION"].into_iter().find(|c| *c == s),
            "MARKETING, UTILITY, AUTHENTICATION",
        );
        if input.components.as_array().is_none_or(|a| a.is_empty()) {
            c.push("components", "must be a non-empty array of template components");
        }
        c.finish()?;
        let (name, language, category) = (checked(name)?, checked(language)?, checked(category)?);
        let (token, waba) = cloud_access(&self.0, &row)?;
        let body = serde_json::json!({"name": name, "language": language, "category": category, "components": input.components});
        let created =
            self.0.channel.cloud(row.simulated)?.create_template(&waba, &token, &body).await.map_err(|e| {
                // Meta's subcode for a name already used in that language: the account's state, not Meta failing.
                if let ClientError::Graph { error, .. } = &e
                    && error.error_subcode == Some(TEMPLATE_EXISTS_SUBCODE)
                {
                    return DomainError::Conflict {
                        code: "template_exists",
                        message: format!("A template {name:?} already exists in {language}."),
                    };
                }
                graph_upstream(e)
            })?;
        let tpl = repo::channel::templates::upsert(
            &tx,
            id,
            repo::channel::templates::TemplateData {
                wa_template_id: Some(&created.id),
                name: &name,
                language: &language,
                category: created.category.as_deref().or(Some(category)),
                status: &created.status,
                components: &input.components,
            },
        )
        .await
        .db()?;
        self.0
            .audit_ctx(
                &tx,
                &actor,
                "whatsapp.template_created",
                "message_template",
                tpl.id,
                serde_json::json!({"name": name}),
            )
            .await?;
        tx.commit().await.db()?;
        Ok(template_dto(tpl))
    }

    pub async fn events(&self, t: &TenantCtx, id: Uuid) -> Result<Vec<WebhookEventSummary>> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        self.0.connection(&tx, id).await?;
        let rows = repo::channel::webhook_events::recent(&tx, id, 100).await.db()?;
        Ok(rows
            .into_iter()
            .map(|r| WebhookEventSummary {
                id: r.id,
                provider: r.provider,
                status: r.status,
                attempts: r.attempts,
                problems: r.problems,
                size_bytes: r.size_bytes,
                received_at: r.received_at,
                processed_at: r.processed_at,
            })
            .collect())
    }
}

pub(crate) fn template_dto(r: repo::channel::templates::TemplateRow) -> Template {
    Template {
        id: r.id,
        connection_id: r.connection_id,
        wa_template_id: r.wa_template_id,
        name: r.name,
        language: r.language,
        category: r.category,
        status: r.status,
        components: r.components,
        rejected_reason: r.rejected_reason,
        updated_at: r.updated_at,
    }
}

fn cloud_access(core: &Core, row: &ConnectionRow) -> Result<(String, String)> {
    match core.channel.open(&row.credentials)? {
        Credentials::Cloud { access_token, .. } => Ok((access_token, row.waba_id.clone().unwrap_or_default())),
        // Whether a number is a Cloud API one is the state of what the path names.
        Credentials::Wasender { .. } => Err(DomainError::Conflict {
            code: "not_a_cloud_number",
            message: "Message templates exist only for Cloud API numbers.".into(),
        }),
    }
}

pub(crate) fn status_name(s: &SessionStatus) -> &'static str {
    match s {
        SessionStatus::Connected => "connected",
        SessionStatus::NeedScan => "need_scan",
        SessionStatus::Connecting => "pending",
        SessionStatus::Disconnected | SessionStatus::LoggedOut | SessionStatus::Other(_) => "disconnected",
    }
}

/// A Graph API refusal. A refused access token is the number's state, not WhatsApp failing (409: reconnect it);
/// anything else is an upstream error (502).
/// Meta's `error_subcode` when a template's name is already used in that language.
const TEMPLATE_EXISTS_SUBCODE: i64 = 2_388_024;

pub(crate) fn graph_upstream(e: ClientError) -> DomainError {
    if let ClientError::Graph { error, .. } = &e
        && error.kind() == parley_whatsapp::GraphErrorKind::TokenExpired
    {
        return DomainError::Conflict {
            code: "whatsapp_token_refused",
            message: format!("WhatsApp refused this number's access token: {}. Reconnect the number.", e.reason()),
        };
    }
    DomainError::Upstream { code: "whatsapp_api_error", message: format!("The WhatsApp API refused: {}", e.reason()) }
}

fn wasender_upstream(e: parley_whatsapp::wasender_client::WasenderError) -> DomainError {
    DomainError::Upstream { code: "qr_provider_error", message: format!("WasenderAPI refused: {}", e.reason()) }
}

/// After a key rotation: seals every stored credential with the current key, tenant by tenant.
/// Answers how many were re-sealed; values already on the current key are left alone.
pub async fn reseal_credentials(core: &Core) -> Result<usize> {
    let mut n = 0;
    for tenant in repo::platform::system::tenant_ids(&core.db).await.db()? {
        let tx = core.db.tenant_tx(parley_domain::TenantId(tenant)).await.db()?;
        for row in repo::channel::connections::list(&tx.tx).await.db()? {
            let resealed = core.channel.sealer.reseal(&row.credentials).map_err(DomainError::internal)?;
            if let Some(credentials) = resealed {
                let patch = ConnectionPatch { credentials: Some(credentials), ..Default::default() };
                repo::channel::connections::update(&tx, row.id, patch).await.db()?;
                n += 1;
            }
        }
        tx.commit().await.db()?;
    }
    Ok(n)
}

impl ConnectionService {
    /// Reads every connected Cloud number's messaging tier, throughput and quality from Meta once a day (one node
    /// per number and day, agreed through a Redis key), so a tier Meta raised or lowered reaches the campaigns'
    /// pre-send checks and pacing without anyone running the connection test. Answers how many it read.
    pub async fn refresh_limits(&self) -> Result<usize> {
        let mut read = 0;
        for (tenant, id) in repo::channel::connections::cloud_connected(&self.0.db).await.db()? {
            let mut r = self.0.redis.clone();
            let mine: Option<String> = redis::cmd("SET")
                .arg(format!("parley:limits:{id}"))
                .arg(1)
                .arg("NX")
                .arg("EX")
                .arg(86_400)
                .query_async(&mut r)
                .await
                .unwrap_or(None);
            if mine.is_none() {
                continue;
            }
            match self.refresh_one(tenant, id).await {
                Ok(()) => read += 1,
                Err(e) => tracing::warn!(error = %e, connection = %id, "messaging limit not refreshed"),
            }
        }
        Ok(read)
    }

    async fn refresh_one(&self, tenant: Uuid, id: Uuid) -> Result<()> {
        let tx = self.0.db.tenant_tx(parley_domain::TenantId(tenant)).await.db()?;
        let row = self.0.connection(&tx, id).await?;
        let Credentials::Cloud { access_token, .. } = self.0.channel.open(&row.credentials)? else { return Ok(()) };
        let pnid = row.phone_number_id.clone().unwrap_or_default();
        let p = self
            .0
            .channel
            .cloud(row.simulated)?
            .phone_number(&pnid, &access_token)
            .await
            .map_err(|e| DomainError::internal(e.reason()))?;
        // As the connection test: the tier always, the throughput only when Meta raised it to 1,000/s.
        let rate = p.rate_per_second().filter(|r| *r >= 1000 && *r > row.rate_per_second);
        repo::channel::connections::set_limits(&tx, id, rate, p.messaging_limit(), p.quality_rating.as_deref())
            .await
            .db()?;
        tx.commit().await.db()
    }
}

/// Refreshes the numbers' limits from Meta: each number once a day, checked every hour.
pub async fn run_limits_refresh(svc: ConnectionService) {
    loop {
        if let Err(e) = svc.refresh_limits().await {
            tracing::error!(error = %e, "messaging limits refresh failed");
        }
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
}
