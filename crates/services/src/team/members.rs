//! The team of a tenant: members with roles and statuses, and invitations. Owners manage everyone;
//! managers manage agents only; nobody removes, demotes or disables the last active owner. Members and
//! pending invitations together stay within the plan's seats.

use crate::billing::quota::Stock;
use crate::check::{Check, checked};
use crate::ctx::{Actor, TenantCtx};
use crate::dto::PageQuery;
use crate::events::Event;
use crate::identity::{passwords, tokens};
use crate::team::dto::*;
use crate::{Core, DbResultExt, DomainError, Result, mail, stored};
use chrono::Utc;
use parley_domain::{InvitationStatus, Locale, MemberStatus, Role};
use parley_store::repo::{self, team::invitations::InvitationRow, team::members::MemberRow};
use parley_store::{TenantTx, unique_violation};
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct TeamService(pub(crate) Arc<Core>);

fn role_of(s: &str) -> Result<Role> {
    stored(Role::parse, s)
}

fn member_dto(r: MemberRow) -> Result<Member> {
    Ok(Member {
        user_id: r.user_id,
        email: r.email,
        name: r.name,
        role: role_of(&r.role)?,
        status: stored(MemberStatus::parse, &r.status)?,
        joined_at: r.joined_at,
        last_login_at: r.last_login_at,
        support_until: r.support_until,
    })
}

fn invitation_dto(r: InvitationRow, accept_url: Option<String>) -> Result<Invitation> {
    let status = match stored(InvitationStatus::parse, &r.status)? {
        InvitationStatus::Pending if r.expires_at <= Utc::now() => InvitationStatus::Expired,
        s => s,
    };
    Ok(Invitation {
        id: r.id,
        email: r.email,
        role: role_of(&r.role)?,
        status,
        invited_by_name: r.invited_by_name,
        expires_at: r.expires_at,
        created_at: r.created_at,
        accept_url,
    })
}

const ROLES: &str = "owner, manager, agent";
const INVITE_ROLES: &str = "manager, agent";

impl TeamService {
    fn core(&self) -> &Core {
        &self.0
    }

    pub async fn list(&self, t: &TenantCtx, q: PageQuery) -> Result<MemberPage> {
        let page = crate::dto::page_req(q.page, q.per_page)?;
        let (tx, _) = self.core().begin(t, Role::Manager).await?;
        let (rows, total) = repo::team::members::page(&tx, q.q.as_deref(), page).await.db()?;
        tx.commit().await.db()?;
        Ok(MemberPage {
            items: rows.into_iter().map(member_dto).collect::<Result<_>>()?,
            total,
            page: page.page,
            per_page: page.per_page,
        })
    }

    pub async fn get(&self, t: &TenantCtx, user_id: Uuid) -> Result<Member> {
        let (tx, t) = self.core().begin(t, Role::Agent).await?;
        // Anyone may read their own record; reading others' is for managers.
        if !t.is(user_id) {
            t.require(Role::Manager)?;
        }
        let m = repo::team::members::find(&tx, user_id).await.db()?.ok_or(DomainError::NotFound("The user"))?;
        tx.commit().await.db()?;
        member_dto(m)
    }

    /// Loads a member the caller may manage: not themself, and within what their role may grant.
    async fn managed(&self, tx: &TenantTx, t: &Actor, user_id: Uuid) -> Result<MemberRow> {
        let m = repo::team::members::find(tx, user_id).await.db()?.ok_or(DomainError::NotFound("The user"))?;
        if t.is(user_id) {
            return Err(DomainError::Blocked {
                code: "own_membership",
                message: "You cannot change your own role, status or membership.".into(),
            });
        }
        if !t.role.may_grant(role_of(&m.role)?) {
            return Err(DomainError::Forbidden);
        }
        Ok(m)
    }

    async fn keep_an_owner(&self, tx: &TenantTx, m: &MemberRow) -> Result<()> {
        if m.role == "owner" && m.status == "active" && repo::team::members::count_active_owners(tx).await.db()? <= 1 {
            return Err(DomainError::Conflict {
                code: "last_owner",
                message: "A workspace needs at least one active owner.".into(),
            });
        }
        Ok(())
    }

    /// Adds a person with a password chosen by the manager (for teams that do not use invitations).
    pub async fn create(&self, t: &TenantCtx, input: CreateUserInput) -> Result<Member> {
        let mut c = Check::default();
        let email = c.email("email", &input.email);
        let name = c.text("name", &input.name, 1, 100);
        let role = c.one_of("role", &input.role, Role::parse, ROLES);
        let password = c.password("password", &input.password);
        c.finish()?;
        let role = checked(role)?;
        let (tx, t) = self.core().begin(t, Role::Manager).await?;
        self.core().reserve_stock(&tx, Stock::Agents, 1).await?;
        if !t.role.may_grant(role) {
            return Err(DomainError::Forbidden);
        }
        let hash = passwords::hash(checked(password)?.expose().to_owned()).await?;
        let email = checked(email)?;
        let atx = self.core().db.auth_tx().await.db()?;
        // A new person starts in the workspace's language (else the install's).
        let workspace = repo::brand::mail_templates::workspace_locale(&tx).await.db()?;
        let locale = workspace.as_deref().and_then(Locale::parse).unwrap_or(self.core().cfg.site.language).as_str();
        let user = repo::identity::users::insert(&atx, Uuid::now_v7(), email.as_str(), &checked(name)?, &hash, locale)
            .await
            .map_err(|e| match unique_violation(&e).as_deref() {
                Some("users_email_key") => DomainError::Conflict {
                    code: "email_taken",
                    message: "This person already has a Parley account; send them an invitation instead.".into(),
                },
                _ => DomainError::internal(e),
            })?;
        repo::team::members::insert(&tx, user.id, role.as_str()).await.db()?;
        self.core()
            .audit_ctx(
                &tx,
                &t,
                "member.created",
                "user",
                user.id,
                serde_json::json!({ "role": role, "email": user.email }),
            )
            .await?;
        let now = Utc::now();
        let m = repo::team::members::MemberRow {
            user_id: user.id,
            email: user.email,
            name: user.name,
            role: role.as_str().to_owned(),
            status: "active".into(),
            joined_at: now,
            last_login_at: None,
            support_until: None,
        };
        crate::identity::commit_person_then_tenant(self.core(), atx, tx, Some(user.id)).await?;
        member_dto(m)
    }

    pub async fn update(&self, t: &TenantCtx, user_id: Uuid, input: UpdateUserInput) -> Result<Member> {
        let mut c = Check::default();
        let name = input.name.as_deref().map(|n| c.text("name", n, 1, 100));
        let role = input.role.as_deref().map(|r| c.one_of("role", r, Role::parse, ROLES));
        c.finish()?;
        let (tx, t) = self.core().begin(t, Role::Manager).await?;
        let m = self.managed(&tx, &t, user_id).await?;
        if let Some(role) = role.flatten() {
            if !t.role.may_grant(role) {
                return Err(DomainError::Forbidden);
            }
            if role != Role::Owner {
                self.keep_an_owner(&tx, &m).await?;
            }
            repo::team::members::set_role(&tx, user_id, role.as_str()).await.db()?;
            self.core()
                .audit_ctx(
                    &tx,
                    &t,
                    "member.role_changed",
                    "user",
                    user_id,
                    serde_json::json!({ "from": m.role, "to": role }),
                )
                .await?;
        }
        let mut m = repo::team::members::find(&tx, user_id).await.db()?.ok_or(DomainError::NotFound("The user"))?;
        if let Some(name) = name.flatten() {
            // People are written by the identity pool; the membership checked above is held by `tx` until then.
            repo::identity::users::update_profile(&self.core().db.auth, user_id, Some(&name), None).await.db()?;
            m.name = name;
        }
        tx.commit().await.db()?;
        member_dto(m)
    }

    /// Disabling ends the member's sessions in this tenant at once.
    pub async fn set_status(&self, t: &TenantCtx, user_id: Uuid, input: UpdateUserStatusInput) -> Result<Member> {
        let mut c = Check::default();
        let status = c.one_of("status", &input.status, MemberStatus::parse, "active, disabled");
        c.finish()?;
        let status = checked(status)?;
        let (tx, t) = self.core().begin(t, Role::Manager).await?;
        let m = self.managed(&tx, &t, user_id).await?;
        if status == MemberStatus::Disabled {
            self.keep_an_owner(&tx, &m).await?;
        }
        repo::team::members::set_status(&tx, user_id, status.as_str()).await.db()?;
        self.core()
            .audit_ctx(&tx, &t, "member.status_changed", "user", user_id, serde_json::json!({ "status": status }))
            .await?;
        let m = repo::team::members::find(&tx, user_id).await.db()?.ok_or(DomainError::NotFound("The user"))?;
        tx.commit().await.db()?;
        if status == MemberStatus::Disabled {
            // After the commit: until then the sessions stay usable only as far as the still-active membership
            // allows, and every request re-reads the membership anyway.
            self.end_sessions_in(t.tenant_id.0, user_id).await;
            self.core().events.publish(t.tenant_id.0, [Event::AccessRevoked { user_id: Some(user_id) }]);
        }
        member_dto(m)
    }

    pub async fn remove(&self, t: &TenantCtx, user_id: Uuid) -> Result<()> {
        let (tx, t) = self.core().begin(t, Role::Manager).await?;
        let m = self.managed(&tx, &t, user_id).await?;
        self.keep_an_owner(&tx, &m).await?;
        repo::team::members::delete(&tx, user_id).await.db()?;
        self.core()
            .audit_ctx(&tx, &t, "member.removed", "user", user_id, serde_json::json!({ "email": m.email }))
            .await?;
        tx.commit().await.db()?;
        self.end_sessions_in(t.tenant_id.0, user_id).await;
        self.core().events.publish(t.tenant_id.0, [Event::AccessRevoked { user_id: Some(user_id) }]);
        Ok(())
    }

    /// Ends a person's sessions in one workspace (identity pool). A failure is logged, not answered: the change is
    /// committed, and a refresh re-checks the membership, so the sessions cannot outlive it.
    async fn end_sessions_in(&self, tenant_id: Uuid, user_id: Uuid) {
        if let Err(e) = repo::identity::tokens::revoke_user(&self.core().db.auth, user_id, Some(tenant_id)).await {
            tracing::warn!(%user_id, error = %e, "sessions of a disabled or removed member were not revoked");
        }
    }

    pub async fn invitations(&self, t: &TenantCtx) -> Result<Vec<Invitation>> {
        let (tx, _) = self.core().begin(t, Role::Manager).await?;
        let rows = repo::team::invitations::list(&tx).await.db()?;
        tx.commit().await.db()?;
        rows.into_iter().map(|r| invitation_dto(r, None)).collect()
    }

    /// Writes the invitation mail (inside `tx`) and answers the accept link (on the workspace's brand's domain).
    async fn send_invitation(&self, tx: &TenantTx, t: &Actor, email: &str, role: Role, token: &str) -> Result<String> {
        let core = self.core();
        let link = format!("/invite/{token}");
        let tenant = repo::platform::tenants::current(tx).await.db()?.ok_or(DomainError::NotFound("The workspace"))?;
        let inviter = match t.user_id {
            Some(u) => repo::team::members::find(tx, u.0).await.db()?,
            None => None,
        };
        let fallback = match &inviter {
            Some(m) => core.recipient_locale(&m.email, None).await.map(Some)?,
            None => None,
        };
        let inviter = inviter.map(|m| m.name).unwrap_or_else(|| tenant.name.clone());
        let days = core.cfg.invitation_ttl.as_secs() / 86_400;
        let m = mail::invitation(&inviter, &tenant.name, role.as_str(), &link, days).fallback_locale(fallback);
        core.mail_in(tx, email, &m).await
    }

    pub async fn invite(&self, t: &TenantCtx, input: CreateInvitationInput) -> Result<Invitation> {
        let mut c = Check::default();
        let email = c.email("email", &input.email);
        let role = c.one_of("role", &input.role, |r| Role::parse(r).filter(|r| *r != Role::Owner), INVITE_ROLES);
        c.finish()?;
        let (email, role) = (checked(email)?, checked(role)?);
        let core = self.core();
        let (tx, t) = core.begin(t, Role::Manager).await?;
        core.reserve_stock(&tx, Stock::Agents, 1).await?;
        if !t.role.may_grant(role) {
            return Err(DomainError::Forbidden);
        }
        if repo::team::members::find_by_email(&tx, email.as_str()).await.db()?.is_some() {
            return Err(DomainError::Conflict {
                code: "already_member",
                message: "This person is already a member.".into(),
            });
        }
        let token = tokens::tenant_secret(t.tenant_id.0, '.');
        let expires =
            Utc::now() + chrono::Duration::from_std(core.cfg.invitation_ttl).map_err(DomainError::internal)?;
        let inv = repo::team::invitations::insert(
            &tx,
            email.as_str(),
            role.as_str(),
            &tokens::hash_secret(&token),
            t.user_id.map(|u| u.0),
            expires,
        )
        .await
        .map_err(|e| match unique_violation(&e).as_deref() {
            Some("invitations_pending_email_key") => DomainError::Conflict {
                code: "already_invited",
                message: "This person already has a pending invitation; resend it instead.".into(),
            },
            _ => DomainError::internal(e),
        })?;
        let link = self.send_invitation(&tx, &t, email.as_str(), role, &token).await?;
        core.audit_ctx(
            &tx,
            &t,
            "member.invited",
            "invitation",
            inv.id,
            serde_json::json!({ "email": inv.email, "role": role }),
        )
        .await?;
        let row = repo::team::invitations::find_row(&tx, inv.id)
            .await
            .db()?
            .ok_or(DomainError::NotFound("The invitation"))?;
        tx.commit().await.db()?;
        core.wake_mailer();
        invitation_dto(row, Some(link))
    }

    /// A new link (the old one stops working) and a fresh expiry.
    pub async fn resend(&self, t: &TenantCtx, id: Uuid) -> Result<Invitation> {
        let core = self.core();
        let (tx, t) = core.begin(t, Role::Manager).await?;
        let row =
            repo::team::invitations::find_row(&tx, id).await.db()?.ok_or(DomainError::NotFound("The invitation"))?;
        let role = role_of(&row.role)?;
        if !t.role.may_grant(role) {
            return Err(DomainError::Forbidden);
        }
        if row.expires_at <= Utc::now() {
            // An expired invitation held no seat; re-sending it takes one again.
            core.reserve_stock(&tx, Stock::Agents, 1).await?;
        }
        let token = tokens::tenant_secret(t.tenant_id.0, '.');
        let expires =
            Utc::now() + chrono::Duration::from_std(core.cfg.invitation_ttl).map_err(DomainError::internal)?;
        if !repo::team::invitations::rearm(&tx, id, &tokens::hash_secret(&token), expires).await.db()? {
            return Err(DomainError::Unprocessable("Only a pending invitation can be re-sent.".into()));
        }
        let link = self.send_invitation(&tx, &t, &row.email, role, &token).await?;
        core.audit_ctx(&tx, &t, "invitation.resent", "invitation", id, serde_json::json!({ "email": row.email }))
            .await?;
        let row =
            repo::team::invitations::find_row(&tx, id).await.db()?.ok_or(DomainError::NotFound("The invitation"))?;
        tx.commit().await.db()?;
        core.wake_mailer();
        invitation_dto(row, Some(link))
    }

    pub async fn revoke_invitation(&self, t: &TenantCtx, id: Uuid) -> Result<()> {
        let (tx, t) = self.core().begin(t, Role::Manager).await?;
        let row =
            repo::team::invitations::find_row(&tx, id).await.db()?.ok_or(DomainError::NotFound("The invitation"))?;
        if !t.role.may_grant(role_of(&row.role)?) {
            return Err(DomainError::Forbidden);
        }
        if !repo::team::invitations::close(&tx, id, "revoked").await.db()? {
            return Err(DomainError::Unprocessable("Only a pending invitation can be revoked.".into()));
        }
        self.core()
            .audit_ctx(&tx, &t, "invitation.revoked", "invitation", id, serde_json::json!({ "email": row.email }))
            .await?;
        tx.commit().await.db()
    }

    /// Counts for the owner's dashboard.
    pub async fn summary(&self, t: &TenantCtx) -> Result<TeamSummary> {
        let (tx, _) = self.core().begin(t, Role::Manager).await?;
        let members = repo::team::members::count_all(&tx).await.db()?;
        let pending_invitations = repo::team::invitations::count_pending(&tx).await.db()?;
        tx.commit().await.db()?;
        Ok(TeamSummary { members, pending_invitations })
    }
}
