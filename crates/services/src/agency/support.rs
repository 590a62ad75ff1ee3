//! Support entries: an agency person enters a client as an ordinary member (role manager) whose membership ends by
//! itself, audited in the client's log and the agency's. The client's owner sees every entry and may turn the
//! agency's support off, which ends the running entries and their sessions at once. Expired entries reach nothing:
//! the per-request seat, the sign-in and switch lists and refreshes all leave them out, and access tokens of a
//! support session expire with the entry (`identity::auth`).

use super::{AgencyService, client_not_found};
use crate::agency::dto::*;
use crate::check::{Check, checked};
use crate::ctx::TenantCtx;
use crate::events::Event;
use crate::{DbResultExt, DomainError, Result, Role};
use chrono::{DateTime, Duration, Utc};
use parley_domain::TenantId;
use parley_store::repo;
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

fn support_off() -> DomainError {
    DomainError::Conflict {
        code: "agency_support_off",
        message: "The client's owner has turned agency support off for this workspace.".into(),
    }
}

fn text(v: &serde_json::Value, key: &str) -> String {
    v.get(key).and_then(|x| x.as_str()).unwrap_or_default().to_owned()
}

fn time(v: &serde_json::Value, key: &str) -> Option<DateTime<Utc>> {
    v.get(key).and_then(|x| x.as_str()).and_then(|s| s.parse().ok())
}

/// The entries as a story told by the audit log, oldest event first: an opening starts an entry, its ending (or a
/// newer opening for the same person) ends it, and one left open ran out at its expiry or is still running.
fn visits(
    events: &[repo::agency::support::SupportEventRow],
    members: &[repo::agency::support::SupportMemberRow],
    now: DateTime<Utc>,
) -> Vec<SupportVisit> {
    let mut out: Vec<SupportVisit> = vec![];
    let mut open_of: HashMap<Uuid, usize> = HashMap::new();
    for e in events.iter().rev() {
        let Some(user) = text(&e.metadata, "userId").parse().ok().or(e.actor_user_id) else { continue };
        if let Some(i) = open_of.remove(&user) {
            out[i].ended_at = Some(e.created_at.min(out[i].expires_at));
            out[i].state = if e.created_at >= out[i].expires_at { SupportState::Expired } else { SupportState::Ended };
        }
        if e.action == "support.opened" {
            let expires_at = time(&e.metadata, "expiresAt").unwrap_or(e.created_at);
            open_of.insert(user, out.len());
            out.push(SupportVisit {
                id: e.id,
                user_name: text(&e.metadata, "userName"),
                user_email: text(&e.metadata, "userEmail"),
                agency_name: text(&e.metadata, "agencyName"),
                reason: text(&e.metadata, "reason"),
                opened_at: e.created_at,
                expires_at,
                ended_at: None,
                state: SupportState::Active,
            });
        }
    }
    for (user, i) in open_of {
        let v = &mut out[i];
        // The membership knows the entry's real end (an extension moves it); the log's is the one it was opened with.
        match members.iter().find(|m| m.user_id == user) {
            Some(m) if m.expires_at > now => v.expires_at = m.expires_at,
            Some(m) => {
                v.ended_at = Some(m.expires_at);
                v.state = SupportState::Expired;
            }
            None if v.expires_at <= now => {
                v.ended_at = Some(v.expires_at);
                v.state = SupportState::Expired;
            }
            // Gone before its end without an ending in the log (removed from the team page): over, when unknown.
            None => v.state = SupportState::Ended,
        }
    }
    out.reverse();
    out
}

impl AgencyService {
    /// Opens (or extends) the caller's support entry into one of the agency's clients for `minutes`. The caller
    /// then switches to the client (POST /auth/switch-tenant) and acts there as a manager until the entry ends.
    pub async fn open_support(&self, t: &TenantCtx, client: Uuid, input: OpenSupportInput) -> Result<SupportEntry> {
        let core = self.core();
        let mut c = Check::default();
        if !(15..=480).contains(&input.minutes) {
            c.push("minutes", "must be between 15 and 480");
        }
        let reason = c.text("reason", &input.reason, 3, 500);
        c.finish()?;
        let reason = checked(reason)?;
        let (tx, actor, agency) = self.begin_agency(t).await?;
        let row = self.own_client(&tx, client).await?;
        let user_id = actor.user_id.ok_or(DomainError::Forbidden)?.0;
        let me = repo::team::members::find(&tx, user_id).await.db()?.ok_or(DomainError::Forbidden)?;
        let agency_tenant =
            repo::platform::tenants::current(&tx).await.db()?.ok_or(DomainError::NotFound("The workspace"))?;
        let expires_at = Utc::now() + Duration::minutes(input.minutes);

        let ctx = core.db.tenant_tx(TenantId(client)).await.db()?;
        let side = repo::agency::clients::client_side(&ctx).await.db()?.ok_or_else(client_not_found)?;
        if side.agency_id != Some(agency.tenant_id) {
            return Err(client_not_found());
        }
        if !side.allow_agency_support {
            return Err(support_off());
        }
        if row.status != "active" {
            return Err(DomainError::Conflict {
                code: "client_suspended",
                message: "The client workspace is suspended; reactivate it before opening support.".into(),
            });
        }
        repo::agency::support::purge_expired(&ctx).await.db()?;
        if !repo::agency::support::open(&ctx, user_id, agency.tenant_id, expires_at).await.db()? {
            return Err(DomainError::Conflict {
                code: "already_member",
                message: "You are already a member of this workspace; switch to it instead.".into(),
            });
        }
        let meta = json!({
            "agencyId": agency.tenant_id, "agencyName": agency_tenant.name, "userId": user_id, "userName": me.name,
            "userEmail": me.email, "reason": reason, "minutes": input.minutes, "expiresAt": expires_at,
        });
        core.audit(&ctx, Some(user_id), &actor.client, "support.opened", Some("user"), Some(user_id.to_string()), meta)
            .await?;
        ctx.commit().await.db()?;
        core.audit_ctx(
            &tx,
            &actor,
            "support.opened",
            "tenant",
            client,
            json!({ "clientName": row.name, "reason": reason, "minutes": input.minutes, "expiresAt": expires_at }),
        )
        .await?;
        tx.commit().await.db()?;
        tracing::info!(%client, user = %user_id, "support entry opened");
        Ok(SupportEntry { client_id: client, client_name: row.name, user_id, expires_at })
    }

    /// Ends the caller's support entry into the client before its time, and its sessions there.
    pub async fn end_support(&self, t: &TenantCtx, client: Uuid) -> Result<()> {
        let core = self.core();
        let (tx, actor, agency) = self.begin_agency(t).await?;
        let row = self.own_client(&tx, client).await?;
        let user_id = actor.user_id.ok_or(DomainError::Forbidden)?.0;
        let me = repo::team::members::find(&tx, user_id).await.db()?.ok_or(DomainError::Forbidden)?;
        let agency_tenant =
            repo::platform::tenants::current(&tx).await.db()?.ok_or(DomainError::NotFound("The workspace"))?;
        let ctx = core.db.tenant_tx(TenantId(client)).await.db()?;
        let running = repo::agency::support::find(&ctx, user_id).await.db()?.filter(|s| s.expires_at > Utc::now());
        if running.is_none() || !repo::agency::support::end(&ctx, user_id).await.db()? {
            return Err(DomainError::NotFound("The support entry"));
        }
        let meta = json!({
            "agencyId": agency.tenant_id, "agencyName": agency_tenant.name, "userId": user_id, "userName": me.name,
            "userEmail": me.email, "why": "ended by the agency",
        });
        core.audit(&ctx, Some(user_id), &actor.client, "support.ended", Some("user"), Some(user_id.to_string()), meta)
            .await?;
        ctx.commit().await.db()?;
        core.audit_ctx(&tx, &actor, "support.ended", "tenant", client, json!({ "clientName": row.name })).await?;
        tx.commit().await.db()?;
        self.end_sessions(client, &[user_id]).await;
        Ok(())
    }

    /// Ends the sessions of people whose support entry ended early (identity pool; a failure is logged: the
    /// membership is gone, so every request and refresh is refused anyway).
    async fn end_sessions(&self, client: Uuid, users: &[Uuid]) {
        for user in users {
            if let Err(e) = repo::identity::tokens::revoke_user(&self.core().db.auth, *user, Some(client)).await {
                tracing::warn!(%user, error = %e, "sessions of an ended support entry were not revoked");
            }
            self.core().events.publish(client, [Event::AccessRevoked { user_id: Some(*user) }]);
        }
    }

    /// The client's side (owners): whether its agency may open support entries, and every entry so far.
    pub async fn support_settings(&self, t: &TenantCtx) -> Result<AgencySupportSettings> {
        let (tx, _) = self.core().begin(t, Role::Owner).await?;
        let out = self.support_view(&tx).await?;
        tx.commit().await.db()?;
        Ok(out)
    }

    async fn support_view(&self, tx: &parley_store::TenantTx) -> Result<AgencySupportSettings> {
        let side = repo::agency::clients::client_side(tx).await.db()?;
        let events = repo::agency::support::events(tx, 400).await.db()?;
        let members = repo::agency::support::members(tx).await.db()?;
        let mut entries = visits(&events, &members, Utc::now());
        entries.truncate(100);
        Ok(AgencySupportSettings {
            managed: side.as_ref().is_some_and(|s| s.agency_id.is_some()),
            agency_name: side.as_ref().and_then(|s| s.agency_name.clone()),
            enabled: side.as_ref().is_none_or(|s| s.allow_agency_support),
            entries,
        })
    }

    /// Turns the agency's support on or off (owners of a client workspace); off ends running entries at once.
    pub async fn set_support(&self, t: &TenantCtx, input: UpdateAgencySupportInput) -> Result<AgencySupportSettings> {
        let core = self.core();
        let (tx, actor) = core.begin(t, Role::Owner).await?;
        let side = repo::agency::clients::client_side(&tx).await.db()?;
        if side.as_ref().is_none_or(|s| s.agency_id.is_none()) {
            return Err(DomainError::Conflict {
                code: "not_an_agency_client",
                message: "This workspace is not managed by an agency, so there is no agency support to change.".into(),
            });
        }
        let was = side.as_ref().is_some_and(|s| s.allow_agency_support);
        let mut ended = vec![];
        if was != input.enabled {
            repo::agency::clients::set_support_allowed(&tx, input.enabled).await.db()?;
            let action = if input.enabled { "agency_support.enabled" } else { "agency_support.disabled" };
            core.audit_ctx(&tx, &actor, action, "tenant", actor.tenant_id, json!({})).await?;
        }
        if !input.enabled {
            ended = repo::agency::support::end_all(&tx).await.db()?;
            for user in &ended {
                core.audit(
                    &tx,
                    actor.user_id.map(|u| u.0),
                    &actor.client,
                    "support.ended",
                    Some("user"),
                    Some(user.to_string()),
                    json!({ "userId": user, "why": "agency support turned off by the owner" }),
                )
                .await?;
            }
        }
        let out = self.support_view(&tx).await?;
        tx.commit().await.db()?;
        self.end_sessions(actor.tenant_id.0, &ended).await;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use repo::agency::support::{SupportEventRow, SupportMemberRow};

    fn ev(action: &str, user: Uuid, at: DateTime<Utc>, expires: Option<DateTime<Utc>>) -> SupportEventRow {
        SupportEventRow {
            id: Uuid::now_v7(),
            action: action.into(),
            actor_user_id: Some(user),
            metadata: json!({ "userName": "Sam", "reason": "help", "expiresAt": expires }),
            created_at: at,
        }
    }

    #[test]
    fn entries_end_early_get_replaced_run_out_or_keep_running() {
        let now = Utc::now();
        let (a, b, c) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let h = Duration::hours(1);
        // Newest first, as the log answers.
        let events = vec![
            ev("support.opened", c, now - Duration::minutes(5), Some(now + h)),
            ev("support.opened", b, now - h, Some(now + h)),
            ev("support.ended", a, now - h * 2, None),
            ev("support.opened", b, now - h * 3, Some(now - h * 2)),
            ev("support.opened", a, now - h * 4, Some(now)),
        ];
        let members = vec![SupportMemberRow { user_id: c, expires_at: now + h }];
        let v = visits(&events, &members, now);
        let states: Vec<_> = v.iter().map(|v| v.state).collect();
        // c running; b's second gone without a trace; b's first ran out before the second; a ended early.
        assert_eq!(states, [SupportState::Active, SupportState::Ended, SupportState::Expired, SupportState::Ended]);
        assert_eq!(v[3].ended_at, Some(now - h * 2));
        assert_eq!(v[2].ended_at, Some(now - h * 2), "an entry runs out at its expiry, not at the next opening");
        // A membership that ran out before the end the log promised (shortened): its own end counts.
        let members = vec![SupportMemberRow { user_id: c, expires_at: now - Duration::minutes(1) }];
        let v = visits(&events, &members, now);
        assert_eq!((v[0].state, v[0].ended_at), (SupportState::Expired, Some(now - Duration::minutes(1))));
    }
}
