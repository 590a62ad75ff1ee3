//! Widgets as the workspace's owners and managers set them up: each with its own channel row (so its
//! conversations are conversations like any other) and an identity secret sealed like a number's credentials.

use super::WidgetService;
use super::dto::*;
use super::origin::normalize_domain;
use crate::check::{Check, checked};
use crate::ctx::{Actor, TenantCtx};
use crate::{DbResultExt, DomainError, Result, Role};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use parley_store::TenantTx;
use parley_store::repo;
use parley_store::repo::widget::widgets::{WidgetFields, WidgetRow};
use rand::RngCore;
use serde_json::json;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The product's languages: texts are kept per language among these.
pub const LANGUAGES: [&str; 10] = parley_domain::Locale::CODES;

fn not_found() -> DomainError {
    DomainError::NotFound("Widget")
}

fn random_url_safe(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut b);
    URL_SAFE_NO_PAD.encode(b)
}

/// The snippet's `<script>` tag: the script is cached long, so its address carries the version.
pub(crate) fn snippet(base_url: &str, key: &str) -> String {
    format!(
        "<script async src=\"{}/widget.js?v={}\" data-parley-widget=\"{key}\"></script>",
        base_url.trim_end_matches('/'),
        env!("CARGO_PKG_VERSION")
    )
}

fn texts(c: &mut Check, field: &str, v: &BTreeMap<String, String>, max: usize) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (lang, text) in v {
        if !LANGUAGES.contains(&lang.as_str()) {
            c.push(&format!("{field}.{lang}"), &format!("must be one of the languages {}", LANGUAGES.join(" ")));
            continue;
        }
        if text.trim().is_empty() {
            continue;
        }
        if let Some(t) = c.multiline(&format!("{field}.{lang}"), text, 1, max) {
            out.insert(lang.clone(), t);
        }
    }
    out
}

impl WidgetService {
    fn dto(&self, r: WidgetRow, base_url: &str, secret: Option<String>) -> Widget {
        Widget {
            id: r.id,
            snippet: snippet(base_url, &r.key),
            key: r.key,
            name: r.name,
            allowed_domains: r.allowed_domains,
            color: r.color,
            position: r.position,
            greeting: serde_json::from_value(r.greeting).unwrap_or_default(),
            away_text: serde_json::from_value(r.away_text).unwrap_or_default(),
            prechat: serde_json::from_value(r.prechat).unwrap_or_default(),
            team_id: r.team_id,
            whatsapp_connection_id: r.whatsapp_connection_id,
            whatsapp_text: r.whatsapp_text,
            enabled: r.enabled,
            channel_id: r.connection_id,
            identity_secret: secret,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }

    async fn base_url(&self, tenant: Uuid) -> Result<String> {
        Ok(crate::brand::BrandService(self.core.clone()).for_tenant(tenant).await?.base_url)
    }

    /// Checks every field a person sets; ids must name this workspace's team and WhatsApp number.
    async fn fields(&self, tx: &TenantTx, f: WidgetFields) -> Result<WidgetFields> {
        let mut c = Check::default();
        let name = c.text("name", &f.name, 1, 100);
        let mut domains = Vec::new();
        for (i, d) in f.allowed_domains.iter().enumerate() {
            // A pasted address longer than a host name can be is a mistake, whatever it holds after the host.
            match normalize_domain(d).filter(|_| d.chars().count() <= 253) {
                Some(d) if !domains.contains(&d) => domains.push(d),
                Some(_) => {}
                None => c.push(
                    &format!("allowedDomains[{i}]"),
                    "must be a host name (shop.example.com), *.example.com for its subdomains, or localhost",
                ),
            }
        }
        if f.allowed_domains.len() > 50 {
            c.push("allowedDomains", "must list at most 50 domains");
        }
        let color = f.color.as_deref().map(|v| v.trim().to_ascii_lowercase());
        if let Some(col) = &color
            && !(col.len() == 7 && col.starts_with('#') && col[1..].chars().all(|ch| ch.is_ascii_hexdigit()))
        {
            c.push("color", "must be a colour like #1f7a5c");
        }
        if !["right", "left"].contains(&f.position.as_str()) {
            c.push("position", "must be right or left");
        }
        let greeting = texts(&mut c, "greeting", &serde_json::from_value(f.greeting).unwrap_or_default(), 1000);
        let away = texts(&mut c, "awayText", &serde_json::from_value(f.away_text).unwrap_or_default(), 1000);
        let mut prechat: Prechat = serde_json::from_value(f.prechat).unwrap_or_default();
        prechat.consent_text = texts(&mut c, "prechat.consentText", &prechat.consent_text, 1000);
        let wa_text =
            f.whatsapp_text.as_deref().filter(|t| !t.trim().is_empty()).map(|t| c.multiline("whatsappText", t, 1, 500));
        c.finish()?;
        if let Some(team) = f.team_id
            && repo::team::teams::get(tx, team).await.db()?.is_none()
        {
            return Err(DomainError::missing("teamId", "must be a team of this workspace"));
        }
        if let Some(conn) = f.whatsapp_connection_id {
            let row = repo::channel::connections::get(&tx.tx, conn).await.db()?;
            if !row.is_some_and(|r| r.kind != "widget" && r.display_phone_number.is_some()) {
                return Err(DomainError::missing(
                    "whatsappConnectionId",
                    "must be a WhatsApp number of this workspace",
                ));
            }
        }
        Ok(WidgetFields {
            name: checked(name)?,
            allowed_domains: domains,
            color,
            position: f.position,
            greeting: json!(greeting),
            away_text: json!(away),
            prechat: json!(prechat),
            team_id: f.team_id,
            whatsapp_connection_id: f.whatsapp_connection_id,
            whatsapp_text: wa_text.flatten(),
            enabled: f.enabled,
        })
    }

    pub async fn list(&self, t: &TenantCtx) -> Result<Vec<Widget>> {
        let (tx, _) = self.core.begin(t, Role::Manager).await?;
        let rows = repo::widget::widgets::list(&tx.tx).await.db()?;
        drop(tx);
        let base = self.base_url(t.tenant_id.0).await?;
        Ok(rows.into_iter().map(|r| self.dto(r, &base, None)).collect())
    }

    pub async fn get(&self, t: &TenantCtx, id: Uuid) -> Result<Widget> {
        let (tx, _) = self.core.begin(t, Role::Manager).await?;
        let row = repo::widget::widgets::get(&tx.tx, id).await.db()?.ok_or_else(not_found)?;
        drop(tx);
        let base = self.base_url(t.tenant_id.0).await?;
        Ok(self.dto(row, &base, None))
    }

    /// Makes the widget, its channel row and its identity secret (answered this once).
    pub async fn create(&self, t: &TenantCtx, i: CreateWidgetInput) -> Result<Widget> {
        let (tx, actor) = self.core.begin(t, Role::Manager).await?;
        let f = self
            .fields(
                &tx,
                WidgetFields {
                    name: i.name,
                    allowed_domains: i.allowed_domains,
                    color: i.color,
                    position: i.position.unwrap_or_else(|| "right".into()),
                    greeting: json!(i.greeting),
                    away_text: json!(i.away_text),
                    prechat: json!(i.prechat),
                    team_id: i.team_id,
                    whatsapp_connection_id: i.whatsapp_connection_id,
                    whatsapp_text: i.whatsapp_text,
                    enabled: i.enabled.unwrap_or(true),
                },
            )
            .await?;
        let connection_id = Uuid::now_v7();
        repo::channel::connections::insert(
            &tx,
            connection_id,
            repo::channel::connections::NewConnection {
                kind: "widget",
                name: &f.name,
                status: "connected",
                phone_number_id: None,
                waba_id: None,
                display_phone_number: None,
                // Nothing to keep secret: the column wants a value, so it holds a sealed empty object.
                credentials: self.core.channel.sealer.seal(b"{}"),
                verify_token: &random_url_safe(24),
                simulated: false,
                rate_per_second: 80,
            },
        )
        .await
        .db()?;
        let secret = random_url_safe(32);
        let id = Uuid::now_v7();
        let row = repo::widget::widgets::insert(
            &tx,
            id,
            &random_url_safe(18),
            connection_id,
            self.core.channel.sealer.seal(secret.as_bytes()),
            &f,
        )
        .await
        .db()?;
        self.audit(&tx, &actor, "widget.created", id, json!({"name": f.name})).await?;
        tx.commit().await.db()?;
        let base = self.base_url(t.tenant_id.0).await?;
        Ok(self.dto(row, &base, Some(secret)))
    }

    pub async fn update(&self, t: &TenantCtx, id: Uuid, i: UpdateWidgetInput) -> Result<Widget> {
        let (tx, actor) = self.core.begin(t, Role::Manager).await?;
        let cur = repo::widget::widgets::get(&tx.tx, id).await.db()?.ok_or_else(not_found)?;
        let f = self
            .fields(
                &tx,
                WidgetFields {
                    name: i.name.unwrap_or(cur.name),
                    allowed_domains: i.allowed_domains.unwrap_or(cur.allowed_domains),
                    color: i.color.unwrap_or(cur.color),
                    position: i.position.unwrap_or(cur.position),
                    greeting: i.greeting.map(|g| json!(g)).unwrap_or(cur.greeting),
                    away_text: i.away_text.map(|g| json!(g)).unwrap_or(cur.away_text),
                    prechat: i.prechat.map(|p| json!(p)).unwrap_or(cur.prechat),
                    team_id: i.team_id.unwrap_or(cur.team_id),
                    whatsapp_connection_id: i.whatsapp_connection_id.unwrap_or(cur.whatsapp_connection_id),
                    whatsapp_text: i.whatsapp_text.unwrap_or(cur.whatsapp_text),
                    enabled: i.enabled.unwrap_or(cur.enabled),
                },
            )
            .await?;
        let row = repo::widget::widgets::update(&tx, id, &f).await.db()?.ok_or_else(not_found)?;
        // The channel carries the widget's name in the inbox.
        repo::channel::connections::update(
            &tx,
            row.connection_id,
            repo::channel::connections::ConnectionPatch { name: Some(f.name.clone()), ..Default::default() },
        )
        .await
        .db()?;
        self.audit(&tx, &actor, "widget.updated", id, json!({})).await?;
        tx.commit().await.db()?;
        self.forget(&row.key);
        let base = self.base_url(t.tenant_id.0).await?;
        Ok(self.dto(row, &base, None))
    }

    /// Deletes the widget with its channel, conversations and visitors.
    pub async fn delete(&self, t: &TenantCtx, id: Uuid) -> Result<()> {
        let (tx, actor) = self.core.begin(t, Role::Manager).await?;
        let cur = repo::widget::widgets::get(&tx.tx, id).await.db()?.ok_or_else(not_found)?;
        repo::widget::widgets::delete(&tx, id).await.db()?;
        self.audit(&tx, &actor, "widget.deleted", id, json!({"name": cur.name})).await?;
        tx.commit().await.db()?;
        self.forget(&cur.key);
        Ok(())
    }

    /// A new identity secret, answered once; identify hashes made with the old one stop matching.
    pub async fn rotate_secret(&self, t: &TenantCtx, id: Uuid) -> Result<IdentitySecret> {
        let (tx, actor) = self.core.begin(t, Role::Manager).await?;
        let secret = random_url_safe(32);
        if !repo::widget::widgets::set_secret(&tx, id, self.core.channel.sealer.seal(secret.as_bytes())).await.db()? {
            return Err(not_found());
        }
        self.audit(&tx, &actor, "widget.secret_rotated", id, json!({})).await?;
        tx.commit().await.db()?;
        Ok(IdentitySecret { secret })
    }

    async fn audit(&self, tx: &TenantTx, actor: &Actor, action: &str, id: Uuid, meta: serde_json::Value) -> Result<()> {
        self.core.audit_ctx(tx, actor, action, "widget", id, meta).await
    }
}
