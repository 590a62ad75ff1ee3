//! Sign-up, sign-in and sessions: access tokens, rotating refresh tokens with reuse detection,
//! password reset, invitations accepted by the invitee, and API-key authentication.

use crate::check::{Check, checked};
use crate::ctx::{ClientInfo, Credential, TenantCtx};
use crate::identity::dto::*;
use crate::identity::passwords;
use crate::identity::tokens::{self, Claims};
use crate::{Core, DbResultExt, DomainError, Result, errors, mail, stored};
use chrono::Utc;
use parley_domain::{Locale, Role, TenantId, TenantStatus, UserId};
use parley_store::entities::{refresh_tokens, users};
use parley_store::repo::{self, identity::tokens::NewRefresh, platform::system::MembershipOfUser};
use parley_store::unique_violation;
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct AuthService(pub(crate) Arc<Core>);

/// The tenant a session acts in, and the role there.
#[derive(Debug, Clone)]
struct Seat {
    tenant: Tenant,
    role: Role,
    /// The workspace's owner asks every member for a second factor.
    require_two_factor: bool,
    /// An agency's support entry: tokens never outlive it.
    support: Option<SupportAccess>,
}

/// A person's memberships, read once per sign-in, refresh or session view: picking the tenant and
/// describing the session both come from this one query.
struct Memberships(Vec<MembershipOfUser>);

impl Memberships {
    fn usable(m: &MembershipOfUser) -> bool {
        m.status == "active" && m.tenant_status == "active"
    }

    fn seat(m: &MembershipOfUser) -> Result<Seat> {
        Ok(Seat {
            tenant: Tenant {
                id: m.tenant_id,
                name: m.tenant_name.clone(),
                slug: m.tenant_slug.clone(),
                status: stored(TenantStatus::parse, &m.tenant_status)?,
                created_at: m.tenant_created_at,
                is_agency: m.is_agency,
                agency_id: m.agency_id,
            },
            role: stored(Role::parse, &m.role)?,
            require_two_factor: m.require_two_factor,
            support: Self::support(m),
        })
    }

    fn support(m: &MembershipOfUser) -> Option<SupportAccess> {
        Some(SupportAccess {
            agency_id: m.support_agency_id?,
            agency_name: m.support_agency_name.clone().unwrap_or_default(),
            expires_at: m.expires_at?,
        })
    }

    /// The tenant asked for, else the oldest usable membership; a platform admin may have none.
    fn pick(&self, user: &users::Model, wanted: Option<Uuid>) -> Result<Option<Seat>> {
        let pick = match wanted {
            Some(t) => {
                let m = self.0.iter().find(|m| m.tenant_id == t).ok_or(DomainError::NotFound("The workspace"))?;
                if !Self::usable(m) {
                    return Err(errors::workspace_unavailable());
                }
                Some(m)
            }
            None => self.0.iter().find(|m| Self::usable(m)),
        };
        match pick {
            Some(m) => Self::seat(m).map(Some),
            None if user.is_platform_admin => Ok(None),
            None => Err(DomainError::Blocked {
                code: "no_active_workspace",
                message: "Your account has no active workspace. Ask an owner to re-enable you.".into(),
            }),
        }
    }

    fn session(&self, user: &users::Model, seat: Option<Seat>) -> Result<Session> {
        let memberships = self
            .0
            .iter()
            .filter(|m| Self::usable(m))
            .map(|m| {
                Ok(MembershipSummary {
                    tenant_id: m.tenant_id,
                    tenant_name: m.tenant_name.clone(),
                    role: stored(Role::parse, &m.role)?,
                    support_until: Self::support(m).map(|s| s.expires_at),
                })
            })
            .collect::<Result<_>>()?;
        let support = seat.as_ref().and_then(|s| s.support.clone());
        let (tenant, role) = seat.map(|s| (s.tenant, s.role)).unzip();
        Ok(Session {
            user: user_dto(user),
            tenant,
            role,
            memberships,
            two_factor_enabled: false,
            must_enrol_2fa: false,
            support,
        })
    }
}

/// How long after its rotation a refresh token still gets a new pair (two tabs refreshing at once).
const REFRESH_GRACE: chrono::TimeDelta = chrono::TimeDelta::seconds(20);

fn invalid_refresh() -> DomainError {
    DomainError::InvalidToken { code: "invalid_refresh_token", message: "The refresh token is not valid.".into() }
}

pub(crate) fn user_dto(u: &users::Model) -> User {
    User {
        id: u.id,
        email: u.email.clone(),
        name: u.name.clone(),
        locale: u.locale.clone(),
        is_platform_admin: u.is_platform_admin,
        created_at: u.created_at,
        last_login_at: u.last_login_at,
    }
}

/// A URL-friendly name: lower-case ASCII letters, digits and dashes.
pub(crate) fn slugify(name: &str) -> String {
    let mut s = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c);
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let s: String = s.trim_matches('-').chars().take(40).collect();
    if s.is_empty() { "workspace".into() } else { s.trim_end_matches('-').to_owned() }
}

impl Core {
    /// `base`, or `base-<part of the tenant id>` when another tenant has it. A race between two
    /// sign-ups is still caught by the unique constraint.
    pub(crate) async fn free_slug(&self, base: &str, tenant: TenantId) -> Result<String> {
        if repo::platform::system::slug_taken(&self.db, base).await.db()? {
            Ok(format!("{base}-{}", &tenant.0.simple().to_string()[24..]))
        } else {
            Ok(base.to_owned())
        }
    }

    /// A new workspace's inbox keeps its hours in the install's time zone (`[site] time_zone`); UTC needs no row.
    pub(crate) async fn start_in_site_time_zone(&self, tx: &parley_store::TenantTx) -> Result<()> {
        if self.cfg.site.time_zone != "UTC" {
            let settings = repo::inbox::inbox_settings::InboxSettingsRow {
                timezone: self.cfg.site.time_zone.clone(),
                ..Default::default()
            };
            repo::inbox::inbox_settings::put(tx, &settings).await.db()?;
        }
        Ok(())
    }

    /// A new workspace in `tx`'s tenant owned by `owner`, on the default plan's trial, in the install's language and
    /// time zone (`[site]`): sign-up's, and the operator's first workspace on a new install (`platform::install`).
    /// The caller commits.
    pub(crate) async fn open_workspace(
        &self,
        tx: &parley_store::TenantTx,
        name: &str,
        owner: Uuid,
        client: &ClientInfo,
    ) -> Result<()> {
        let slug = self.free_slug(&slugify(name), tx.tenant_id).await?;
        let settings = serde_json::json!({ "locale": self.cfg.site.language });
        repo::platform::tenants::insert(tx, name, &slug, settings).await.map_err(|e| {
            match unique_violation(&e).as_deref() {
                Some("tenants_slug_key") => DomainError::Conflict {
                    code: "slug_taken",
                    message: "A workspace with this name was just created; try again.".into(),
                },
                _ => DomainError::internal(e),
            }
        })?;
        self.start_in_site_time_zone(tx).await?;
        repo::team::members::insert(tx, owner, Role::Owner.as_str()).await.db()?;
        self.start_trial(tx).await?;
        self.audit(
            tx,
            Some(owner),
            client,
            "tenant.created",
            Some("tenant"),
            Some(tx.tenant_id.to_string()),
            serde_json::json!({ "name": name }),
        )
        .await
    }
}

impl AuthService {
    fn core(&self) -> &Core {
        &self.0
    }

    /// A valid access token of a session that may act (one still owing its two-factor enrolment is refused).
    pub fn verify_access(&self, token: &str) -> Result<Claims> {
        let claims = self.core().keys.verify(token)?;
        if claims.enr {
            return Err(super::two_factor::enrolment_required());
        }
        Ok(claims)
    }

    pub async fn register(&self, input: RegisterInput, client: &ClientInfo) -> Result<AuthResponse> {
        let core = self.core();
        if !core.cfg.signup_enabled {
            return Err(DomainError::Blocked { code: "signup_disabled", message: "Sign-up is closed.".into() });
        }
        let mut c = Check::default();
        let business = c.text("businessName", &input.business_name, 2, 100);
        let name = c.text("name", &input.name, 1, 100);
        let email = c.email("email", &input.email);
        let password = c.password("password", &input.password);
        c.finish()?;
        let (business, name, email, password) =
            (checked(business)?, checked(name)?, checked(email)?, checked(password)?);

        let hash = passwords::hash(password.expose().to_owned()).await?;
        let tenant_id = TenantId::new();
        let user_id = UserId::new();

        // The person is written by the identity pool, the workspace by the tenant pool: two transactions, the
        // person's committed first (the membership's foreign key is checked at the workspace's commit).
        let atx = core.db.auth_tx().await.db()?;
        let user = repo::identity::users::insert(
            &atx,
            user_id.0,
            email.as_str(),
            &name,
            &hash,
            core.cfg.site.language.as_str(),
        )
        .await
        .map_err(|e| match unique_violation(&e).as_deref() {
            Some("users_email_key") => DomainError::Conflict {
                code: "email_taken",
                message: "An account with this email already exists. Sign in instead.".into(),
            },
            _ => DomainError::internal(e),
        })?;
        let tx = core.db.tenant_tx(tenant_id).await.db()?;
        core.open_workspace(&tx, &business, user.id, client).await?;
        core.mail_in(&tx, email.as_str(), &mail::welcome(&name, &business, &core.cfg.public_url)).await?;
        super::commit_person_then_tenant(core, atx, tx, Some(user.id)).await?;
        core.wake_mailer();
        tracing::info!(tenant_id = %tenant_id, user_id = %user_id, "tenant signed up");
        self.sign_in(&user, Some(tenant_id.0), client).await
    }

    /// Checks the password; then either signs in, or (two-factor on, and `device` is not a remembered browser)
    /// answers a challenge to complete with a code.
    pub async fn login(&self, input: LoginInput, client: &ClientInfo, device: Option<&str>) -> Result<LoginOutcome> {
        let core = self.core();
        let mut c = Check::default();
        let email = c.email("email", &input.email);
        if input.password.is_empty() {
            c.text("password", "", 1, 1);
        }
        c.finish()?;
        let email = checked(email)?;
        core.login_allowed(email.as_str(), client.ip.as_deref()).await?;
        let user = repo::identity::users::find_by_email(&core.db.auth, email.as_str()).await.db()?;
        let ok = passwords::verify(input.password.clone(), user.as_ref().map(|u| u.password_hash.clone())).await?;
        let Some(user) = user.filter(|_| ok) else {
            core.login_failed(email.as_str(), client.ip.as_deref()).await;
            return Err(DomainError::InvalidCredentials);
        };
        core.login_succeeded(email.as_str()).await;
        if self.needs_second_factor(user.id, device).await? {
            // Checked before the seat so a wrong workspace id costs the code, not the other way round.
            self.memberships(user.id).await?.pick(&user, input.tenant_id)?;
            return Ok(LoginOutcome::TwoFactor(self.challenge(user.id, input.tenant_id)?));
        }
        Ok(LoginOutcome::SignedIn(Box::new(self.complete_login(&user, input.tenant_id, client).await?)))
    }

    /// The end of a sign-in whose password (and code, when owed) was right.
    pub(crate) async fn complete_login(
        &self,
        user: &users::Model,
        wanted: Option<Uuid>,
        client: &ClientInfo,
    ) -> Result<AuthResponse> {
        let core = self.core();
        let ms = self.memberships(user.id).await?;
        let seat = ms.pick(user, wanted)?;
        repo::identity::users::touch_login(&core.db.auth, user.id).await.db()?;
        if let Some(seat) = &seat {
            let tx = core.db.tenant_tx(TenantId(seat.tenant.id)).await.db()?;
            core.audit(&tx, Some(user.id), client, "auth.login", None, None, serde_json::json!({})).await?;
            tx.commit().await.db()?;
        }
        self.mail_if_new_device(user, seat.as_ref().map(|s| s.tenant.id), client).await?;
        self.issue(user, &ms, seat, None, client).await
    }

    async fn memberships(&self, user_id: Uuid) -> Result<Memberships> {
        Ok(Memberships(repo::platform::system::memberships_of_user(&self.core().db, user_id).await.db()?))
    }

    /// Signs `user` in to `wanted` (or their first usable workspace) with fresh tokens.
    async fn sign_in(&self, user: &users::Model, wanted: Option<Uuid>, client: &ClientInfo) -> Result<AuthResponse> {
        let ms = self.memberships(user.id).await?;
        let seat = ms.pick(user, wanted)?;
        self.issue(user, &ms, seat, None, client).await
    }

    /// Access and refresh tokens for a seat; `family` continues a rotated session.
    async fn issue(
        &self,
        user: &users::Model,
        ms: &Memberships,
        seat: Option<Seat>,
        family: Option<Uuid>,
        client: &ClientInfo,
    ) -> Result<AuthResponse> {
        let core = self.core();
        let now = Utc::now();
        // A support entry's tokens end with it (a refresh is refused then too: the entry is gone from `ms`).
        let support_end = seat.as_ref().and_then(|s| s.support.as_ref()).map(|s| s.expires_at);
        let ttl = match support_end {
            Some(end) => core.cfg.access_ttl.as_secs().min((end - now).num_seconds().max(1) as u64),
            None => core.cfg.access_ttl.as_secs(),
        };
        let tenant_id = seat.as_ref().map(|s| s.tenant.id);
        core.ip_allowed(tenant_id, client).await?;
        let family = family.unwrap_or_else(Uuid::now_v7);
        let (two_factor, must_enrol) =
            self.second_factor_state(user, seat.as_ref().is_some_and(|s| s.require_two_factor)).await?;
        let claims = Claims {
            sub: user.id,
            tid: tenant_id,
            pa: user.is_platform_admin,
            iat: now.timestamp(),
            exp: now.timestamp() + ttl as i64,
            typ: "access".into(),
            sid: Some(family),
            enr: must_enrol,
        };
        let access_token = core.keys.sign(&claims)?;
        let refresh_token = tokens::random_secret();
        repo::identity::tokens::insert_refresh(
            &core.db.auth,
            NewRefresh {
                user_id: user.id,
                tenant_id,
                family_id: family,
                token_hash: &tokens::hash_secret(&refresh_token),
                expires_at: (now + chrono::Duration::from_std(core.cfg.refresh_ttl).map_err(DomainError::internal)?)
                    .min(support_end.unwrap_or(chrono::DateTime::<Utc>::MAX_UTC)),
                user_agent: client.user_agent.as_deref(),
                ip: client.ip.as_deref(),
            },
        )
        .await
        .db()?;
        let mut session = ms.session(user, seat)?;
        session.two_factor_enabled = two_factor;
        session.must_enrol_2fa = must_enrol;
        Ok(AuthResponse { access_token, refresh_token, expires_in: ttl, session })
    }

    pub async fn refresh(&self, token: &str, client: &ClientInfo) -> Result<AuthResponse> {
        let core = self.core();
        let row = repo::identity::tokens::find_refresh(&core.db.auth, &tokens::hash_secret(token))
            .await
            .db()?
            .ok_or_else(invalid_refresh)?;
        // Two tabs refreshing at once present the same token: the one that comes second, within the grace window
        // of its rotation, gets a pair of its own in the same family instead of ending the session.
        let in_grace = |r: &refresh_tokens::Model| {
            r.revoked_at.is_none() && r.used_at.is_some_and(|u| Utc::now() - u <= REFRESH_GRACE)
        };
        if row.used_at.is_some() && !in_grace(&row) {
            // A rotated token came back: someone holds a copy. End the whole session family.
            repo::identity::tokens::revoke_family(&core.db.auth, row.family_id).await.db()?;
            tracing::warn!(user_id = %row.user_id, family = %row.family_id, "refresh token reuse; session revoked");
            return Err(errors::refresh_token_reused());
        }
        if row.revoked_at.is_some() || row.expires_at <= Utc::now() {
            return Err(invalid_refresh());
        }
        if row.used_at.is_none() && !repo::identity::tokens::claim_refresh(&core.db.auth, row.id).await.db()? {
            // Another request presented the same token at this moment: in the grace window unless it was revoked.
            let again = repo::identity::tokens::find_refresh(&core.db.auth, &row.token_hash).await.db()?;
            if !again.as_ref().is_some_and(in_grace) {
                repo::identity::tokens::revoke_family(&core.db.auth, row.family_id).await.db()?;
                return Err(errors::refresh_token_reused());
            }
        }
        let user = repo::identity::users::find(&core.db.auth, row.user_id).await.db()?.ok_or_else(invalid_refresh)?;
        let ms = self.memberships(user.id).await?;
        let seat = match row.tenant_id {
            Some(t) => match ms.pick(&user, Some(t)) {
                Ok(seat) => seat,
                Err(e) => {
                    repo::identity::tokens::revoke_family(&core.db.auth, row.family_id).await.db()?;
                    return Err(e);
                }
            },
            None if user.is_platform_admin => None,
            None => return Err(invalid_refresh()),
        };
        self.issue(&user, &ms, seat, Some(row.family_id), client).await
    }

    pub async fn logout(&self, token: Option<&str>) -> Result<()> {
        let Some(token) = token else { return Ok(()) };
        let core = self.core();
        if let Some(row) =
            repo::identity::tokens::find_refresh(&core.db.auth, &tokens::hash_secret(token)).await.db()?
        {
            repo::identity::tokens::revoke_family(&core.db.auth, row.family_id).await.db()?;
        }
        Ok(())
    }

    /// Always succeeds for a well-formed address, so the answer never tells whether an account exists.
    /// The mail carries `brand` (the brand of the host asked), and its link leads to the brand's address.
    pub async fn forgot_password(&self, input: ForgotPasswordInput, brand: &crate::brand::ResolvedBrand) -> Result<()> {
        let core = self.core();
        let mut c = Check::default();
        let email = c.email("email", &input.email);
        c.finish()?;
        let email = checked(email)?;
        let Some(user) = repo::identity::users::find_by_email(&core.db.auth, email.as_str()).await.db()? else {
            return Ok(());
        };
        let token = tokens::random_secret();
        let link = format!("{}/reset-password?token={token}", core.cfg.public_url);
        let tx = core.db.auth_tx().await.db()?;
        repo::identity::tokens::expire_resets(&tx, user.id).await.db()?;
        let expires = Utc::now() + chrono::Duration::from_std(core.cfg.reset_ttl).map_err(DomainError::internal)?;
        repo::identity::tokens::insert_reset(&tx, user.id, &tokens::hash_secret(&token), expires).await.db()?;
        core.mail_outside(
            &tx,
            brand,
            &user.email,
            &mail::password_reset(&user.name, &link, core.cfg.reset_ttl.as_secs() / 60),
        )
        .await?;
        tx.commit().await.db()?;
        core.wake_mailer();
        Ok(())
    }

    /// Sets the new password and ends every session of that person.
    pub async fn reset_password(&self, input: ResetPasswordInput) -> Result<()> {
        let core = self.core();
        let mut c = Check::default();
        let password = c.password("password", &input.password);
        c.finish()?;
        let hash = passwords::hash(checked(password)?.expose().to_owned()).await?;
        let tx = core.db.auth_tx().await.db()?;
        let user_id = repo::identity::tokens::claim_reset(&tx, &tokens::hash_secret(input.token.trim()))
            .await
            .db()?
            .ok_or(DomainError::InvalidOrExpiredLink)?;
        repo::identity::users::set_password(&tx, user_id, &hash).await.db()?;
        repo::identity::tokens::revoke_user(&tx, user_id, None).await.db()?;
        tx.commit().await.db()?;
        Ok(())
    }

    pub(crate) async fn user_of(&self, claims: &Claims) -> Result<users::Model> {
        repo::identity::users::find(&self.core().db.auth, claims.sub).await.db()?.ok_or(DomainError::Unauthorized)
    }

    /// The session as it is now (role re-read from the membership, not trusted from the token).
    pub async fn session(&self, claims: &Claims) -> Result<Session> {
        let user = self.user_of(claims).await?;
        let ms = self.memberships(user.id).await?;
        // A token without a tenant (a platform admin outside any) stays without one.
        let seat = match claims.tid {
            Some(t) => ms.pick(&user, Some(t))?,
            None => None,
        };
        let (two_factor, must_enrol) =
            self.second_factor_state(&user, seat.as_ref().is_some_and(|s| s.require_two_factor)).await?;
        let mut session = ms.session(&user, seat)?;
        session.two_factor_enabled = two_factor;
        session.must_enrol_2fa = must_enrol;
        Ok(session)
    }

    pub async fn update_me(&self, claims: &Claims, input: UpdateMeInput) -> Result<Session> {
        let mut c = Check::default();
        let name = input.name.as_deref().map(|n| c.text("name", n, 1, 100));
        let locale = input.locale.as_deref().map(|l| c.one_of("locale", l, Locale::parse, &Locale::CODES.join(", ")));
        c.finish()?;
        repo::identity::users::update_profile(
            &self.core().db.auth,
            claims.sub,
            name.flatten().as_deref(),
            locale.flatten().map(Locale::as_str),
        )
        .await
        .db()?;
        self.session(claims).await
    }

    /// Changes the password, ends every other session, and answers fresh tokens for this one.
    pub async fn change_password(
        &self,
        claims: &Claims,
        input: ChangePasswordInput,
        client: &ClientInfo,
    ) -> Result<AuthResponse> {
        let core = self.core();
        let user = self.user_of(claims).await?;
        let mut c = Check::default();
        let new = c.password("newPassword", &input.new_password);
        c.finish()?;
        if !passwords::verify(input.current_password, Some(user.password_hash.clone())).await? {
            // A well-formed request from someone who cannot prove they know the password: refused, not invalid.
            return Err(DomainError::Blocked {
                code: "wrong_password",
                message: "The current password is incorrect.".into(),
            });
        }
        let hash = passwords::hash(checked(new)?.expose().to_owned()).await?;
        let tx = core.db.auth_tx().await.db()?;
        repo::identity::users::set_password(&tx, user.id, &hash).await.db()?;
        // Every token ends, this session's too; its new pair continues the same family, so it stays "this session".
        repo::identity::tokens::revoke_user(&tx, user.id, None).await.db()?;
        tx.commit().await.db()?;
        let ms = self.memberships(user.id).await?;
        let seat = ms.pick(&user, claims.tid)?;
        self.issue(&user, &ms, seat, claims.sid, client).await
    }

    pub async fn switch_tenant(
        &self,
        claims: &Claims,
        input: SwitchTenantInput,
        client: &ClientInfo,
    ) -> Result<AuthResponse> {
        let user = self.user_of(claims).await?;
        self.sign_in(&user, Some(input.tenant_id), client).await
    }

    async fn open_invitation(
        &self,
        token: &str,
    ) -> Result<(parley_store::TenantTx, parley_store::entities::invitations::Model)> {
        let tenant = tokens::parse_tenant_secret(token, '.').ok_or(DomainError::InvalidOrExpiredLink)?;
        let tx = self.core().db.tenant_tx(TenantId(tenant)).await.db()?;
        let inv = repo::team::invitations::find_by_hash(&tx, &tokens::hash_secret(token)).await.db()?;
        match inv {
            Some(i) if i.status == "pending" && i.expires_at > Utc::now() => Ok((tx, i)),
            _ => Err(DomainError::InvalidOrExpiredLink),
        }
    }

    pub async fn invitation_preview(&self, token: &str) -> Result<InvitationPreview> {
        let (tx, inv) = self.open_invitation(token).await?;
        let tenant = repo::platform::tenants::current(&tx).await.db()?.ok_or(DomainError::InvalidOrExpiredLink)?;
        tx.commit().await.db()?;
        let existing = repo::identity::users::find_by_email(&self.core().db.auth, &inv.email).await.db()?.is_some();
        Ok(InvitationPreview {
            tenant_name: tenant.name,
            email: inv.email,
            role: stored(Role::parse, &inv.role)?,
            existing_user: existing,
        })
    }

    /// Joins the invited tenant: a new person chooses a name and password; someone who already has an
    /// account proves it with their password.
    pub async fn accept_invitation(
        &self,
        token: &str,
        input: AcceptInvitationInput,
        client: &ClientInfo,
    ) -> Result<AuthResponse> {
        let core = self.core();
        let (tx, inv) = self.open_invitation(token).await?;
        let tenant = repo::platform::tenants::current(&tx).await.db()?.ok_or(DomainError::InvalidOrExpiredLink)?;
        if stored(TenantStatus::parse, &tenant.status)? != TenantStatus::Active {
            return Err(errors::workspace_unavailable());
        }
        let role = stored(Role::parse, &inv.role)?;
        let atx = core.db.auth_tx().await.db()?;
        let mut created = None;
        let user = match repo::identity::users::find_by_email(&atx, &inv.email).await.db()? {
            Some(u) => {
                if !passwords::verify(input.password, Some(u.password_hash.clone())).await? {
                    return Err(DomainError::InvalidCredentials);
                }
                u
            }
            None => {
                let mut c = Check::default();
                let name = c.text("name", input.name.as_deref().unwrap_or(""), 1, 100);
                let password = c.password("password", &input.password);
                c.finish()?;
                let hash = passwords::hash(checked(password)?.expose().to_owned()).await?;
                // A new person starts in the workspace's language (else the install's).
                let workspace = repo::brand::mail_templates::workspace_locale(&tx).await.db()?;
                let locale = workspace.as_deref().and_then(Locale::parse).unwrap_or(core.cfg.site.language).as_str();
                let u = repo::identity::users::insert(&atx, Uuid::now_v7(), &inv.email, &checked(name)?, &hash, locale)
                    .await
                    .db()?;
                created = Some(u.id);
                u
            }
        };
        if repo::team::members::find(&tx, user.id).await.db()?.is_none() {
            repo::team::members::insert(&tx, user.id, role.as_str()).await.db()?;
        }
        if !repo::team::invitations::close(&tx, inv.id, "accepted").await.db()? {
            return Err(DomainError::InvalidOrExpiredLink);
        }
        core.audit(
            &tx,
            Some(user.id),
            client,
            "invitation.accepted",
            Some("invitation"),
            Some(inv.id.to_string()),
            serde_json::json!({ "role": role }),
        )
        .await?;
        super::commit_person_then_tenant(core, atx, tx, created).await?;
        self.sign_in(&user, Some(inv.tenant_id), client).await
    }

    /// The claim of a signed-in person to act in the token's tenant (verified by `Core::begin`).
    pub fn person_claim(&self, claims: &Claims, client: ClientInfo) -> Result<TenantCtx> {
        let Some(tid) = claims.tid else {
            return Err(DomainError::Blocked { code: "no_workspace", message: "Choose a workspace first.".into() });
        };
        Ok(TenantCtx { tenant_id: TenantId(tid), credential: Credential::Person(UserId(claims.sub)), client })
    }

    /// The claim of an API key `pk_<tenant>_<secret>` (verified by `Core::begin`, in its tenant's scope).
    pub fn api_key_claim(&self, key: &str, client: ClientInfo) -> Result<TenantCtx> {
        let rest = key.strip_prefix("pk_").ok_or_else(errors::invalid_api_key)?;
        let tenant = tokens::parse_tenant_secret(rest, '_').ok_or_else(errors::invalid_api_key)?;
        Ok(TenantCtx {
            tenant_id: TenantId(tenant),
            credential: Credential::ApiKey { hash: tokens::hash_secret(key) },
            client,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_are_url_safe() {
        assert_eq!(slugify("Acme Trading & Co."), "acme-trading-co");
        assert_eq!(slugify("  مرحبا  "), "workspace");
        assert_eq!(slugify(&"x".repeat(80)).len(), 40);
    }
}
