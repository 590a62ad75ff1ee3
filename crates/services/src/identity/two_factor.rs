//! Two-factor sign-in: enrolment (secret, QR code, first code, ten recovery codes), the second step of a sign-in
//! (a code, a recovery code or a remembered device), turning it off, and the workspace owner's "require two-factor".
//! Codes are throttled like passwords (the login throttle, keyed by the person) and each works once.

use crate::ctx::{ClientInfo, TenantCtx};
use crate::identity::auth::AuthService;
use crate::identity::dto::*;
use crate::identity::tokens::{self, Challenge, Claims};
use crate::identity::{passwords, totp};
use crate::{DbResultExt, DomainError, Result};
use chrono::Utc;
use parley_domain::Role;
use parley_store::entities::users as users_model;
use parley_store::repo::identity::two_factor as repo2fa;
use parley_store::repo::identity::users;
use uuid::Uuid;

const CHALLENGE_TTL_SECS: i64 = 5 * 60;
pub const DEVICE_TTL_DAYS: i64 = 30;
const RECOVERY_CODES: usize = 10;
const ISSUER: &str = "Parley";
/// The demo platform admin's fixed secret (demo mode only), so the login page can show its current code.
pub const DEMO_SECRET: &[u8] = b"parley-demo-2fa-secret!";

fn wrong_code() -> DomainError {
    DomainError::InvalidToken {
        code: "invalid_two_factor_code",
        message: "The code is not right. Check the time on your phone and try the newest code.".into(),
    }
}

fn used_code() -> DomainError {
    DomainError::InvalidToken {
        code: "two_factor_code_used",
        message: "This code was already used. Wait for the next one.".into(),
    }
}

fn wrong_recovery_code() -> DomainError {
    DomainError::InvalidToken {
        code: "invalid_recovery_code",
        message: "The recovery code is unknown or was already used.".into(),
    }
}

fn not_enabled() -> DomainError {
    DomainError::Conflict { code: "two_factor_not_enabled", message: "Two-factor sign-in is not on.".into() }
}

pub(crate) fn enrolment_required() -> DomainError {
    DomainError::Blocked {
        code: "two_factor_enrolment_required",
        message: "Set up two-factor sign-in first (Security page).".into(),
    }
}

/// `xxxxx-xxxxx` in lower-case base32: 50 random bits, easy to read out and type.
fn new_recovery_code() -> String {
    let raw = totp::base32(&totp::new_secret()[..7]).to_lowercase();
    format!("{}-{}", &raw[..5], &raw[5..10])
}

fn normalize_recovery(code: &str) -> String {
    let c: String = code.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_lowercase();
    if c.len() == 10 { format!("{}-{}", &c[..5], &c[5..]) } else { c }
}

impl AuthService {
    /// An access token that may be one of a session still owing its enrolment (the enrolment endpoints and
    /// /auth/me take these; everything else goes through `verify_access`, which refuses them).
    pub fn verify_enrolling(&self, token: &str) -> Result<Claims> {
        self.0.keys.verify(token)
    }

    fn open_secret(&self, row: &repo2fa::TotpRow) -> Result<Vec<u8>> {
        self.0.channel.sealer.open(&row.secret_sealed).map_err(DomainError::internal)
    }

    /// Whether the person has two-factor sign-in, and whether they must enrol before this session may do anything.
    pub(crate) async fn second_factor_state(
        &self,
        user: &users_model::Model,
        seat_requires: bool,
    ) -> Result<(bool, bool)> {
        let enabled = repo2fa::is_enabled(&self.0.db.auth, user.id).await.db()?;
        Ok((enabled, !enabled && (user.is_platform_admin || seat_requires)))
    }

    /// Throttled like passwords: failures count per person (and per client address) in the login throttle.
    async fn throttled<T>(
        &self,
        user_id: Uuid,
        client: &ClientInfo,
        check: impl Future<Output = Result<T>>,
    ) -> Result<T> {
        let key = format!("2fa:{user_id}");
        self.0.login_allowed(&key, client.ip.as_deref()).await?;
        match check.await {
            Ok(v) => {
                self.0.login_succeeded(&key).await;
                Ok(v)
            }
            Err(e @ DomainError::InvalidToken { .. }) => {
                self.0.login_failed(&key, client.ip.as_deref()).await;
                Err(e)
            }
            Err(e) => Err(e),
        }
    }

    /// Accepts a current TOTP code once: a code of a step already used (or older) is refused.
    async fn accept_code(&self, user_id: Uuid, row: &repo2fa::TotpRow, code: &str) -> Result<()> {
        let secret = self.open_secret(row)?;
        let step = totp::matching_step(&secret, code, Utc::now().timestamp()).ok_or_else(wrong_code)?;
        if step <= row.last_step || !repo2fa::claim_step(&self.0.db.auth, user_id, step).await.db()? {
            return Err(used_code());
        }
        Ok(())
    }

    async fn accept_recovery_code(&self, user_id: Uuid, code: &str) -> Result<()> {
        let hash = tokens::hash_secret(&normalize_recovery(code));
        if repo2fa::claim_recovery_code(&self.0.db.auth, user_id, &hash).await.db()? {
            Ok(())
        } else {
            Err(wrong_recovery_code())
        }
    }

    /// A code of the app, or else a recovery code (told apart by their shape).
    async fn accept_any(&self, user_id: Uuid, row: &repo2fa::TotpRow, code: &str) -> Result<()> {
        let digits = code.trim().replace(' ', "");
        if digits.len() == totp::DIGITS as usize && digits.bytes().all(|b| b.is_ascii_digit()) {
            self.accept_code(user_id, row, &digits).await
        } else {
            self.accept_recovery_code(user_id, code).await
        }
    }

    async fn enabled_row(&self, user_id: Uuid) -> Result<repo2fa::TotpRow> {
        repo2fa::find(&self.0.db.auth, user_id).await.db()?.filter(|r| r.enabled_at.is_some()).ok_or_else(not_enabled)
    }

    async fn new_recovery_codes(&self, user_id: Uuid) -> Result<RecoveryCodes> {
        let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| new_recovery_code()).collect();
        let hashes: Vec<String> = codes.iter().map(|c| tokens::hash_secret(c)).collect();
        repo2fa::replace_recovery_codes(&self.0.db.auth, user_id, &hashes).await.db()?;
        Ok(RecoveryCodes { recovery_codes: codes })
    }

    pub async fn two_factor_status(&self, claims: &Claims) -> Result<TwoFactorStatus> {
        let user = self.user_of(claims).await?;
        let enabled = repo2fa::is_enabled(&self.0.db.auth, user.id).await.db()?;
        let left = if enabled { repo2fa::recovery_codes_left(&self.0.db.auth, user.id).await.db()? } else { 0 };
        let seat_requires = self.seat_requires(&user, claims.tid).await?;
        Ok(TwoFactorStatus { enabled, recovery_codes_left: left, required: user.is_platform_admin || seat_requires })
    }

    /// A new secret for the caller (bound to the token's person); replaces an unfinished enrolment.
    pub async fn setup_two_factor(&self, claims: &Claims) -> Result<TwoFactorSetup> {
        let user = self.user_of(claims).await?;
        let secret = totp::new_secret();
        let sealed = self.0.channel.sealer.seal(&secret);
        if !repo2fa::set_pending(&self.0.db.auth, user.id, sealed).await.db()? {
            return Err(DomainError::Conflict {
                code: "two_factor_already_enabled",
                message: "Two-factor sign-in is already on. Turn it off first to use a new phone.".into(),
            });
        }
        let uri = totp::otpauth_uri(ISSUER, &user.email, &secret);
        let qr_svg = totp::qr_svg(&uri).map_err(DomainError::internal)?;
        Ok(TwoFactorSetup { secret: totp::base32(&secret), otpauth_uri: uri, qr_svg })
    }

    /// Confirms the enrolment with a first code; answers the ten recovery codes (shown once).
    pub async fn enable_two_factor(
        &self,
        claims: &Claims,
        input: TwoFactorCodeInput,
        client: &ClientInfo,
    ) -> Result<RecoveryCodes> {
        let row = repo2fa::find(&self.0.db.auth, claims.sub).await.db()?;
        let row = match row {
            Some(r) if r.enabled_at.is_none() => r,
            Some(_) => {
                return Err(DomainError::Conflict {
                    code: "two_factor_already_enabled",
                    message: "Two-factor sign-in is already on.".into(),
                });
            }
            None => {
                return Err(DomainError::Conflict {
                    code: "two_factor_not_set_up",
                    message: "Start the set-up first: scan the QR code, then enter its code.".into(),
                });
            }
        };
        let secret = self.open_secret(&row)?;
        let step = self
            .throttled(claims.sub, client, async {
                totp::matching_step(&secret, &input.code, Utc::now().timestamp()).ok_or_else(wrong_code)
            })
            .await?;
        if !repo2fa::enable(&self.0.db.auth, claims.sub, step).await.db()? {
            return Err(DomainError::Conflict { code: "two_factor_already_enabled", message: "Already on.".into() });
        }
        tracing::info!(user_id = %claims.sub, "two-factor sign-in enabled");
        self.new_recovery_codes(claims.sub).await
    }

    /// New recovery codes (the old ones stop working); needs a current code.
    pub async fn regenerate_recovery_codes(
        &self,
        claims: &Claims,
        input: TwoFactorCodeInput,
        client: &ClientInfo,
    ) -> Result<RecoveryCodes> {
        let row = self.enabled_row(claims.sub).await?;
        self.throttled(claims.sub, client, self.accept_code(claims.sub, &row, &input.code)).await?;
        self.new_recovery_codes(claims.sub).await
    }

    /// Turns two-factor sign-in off (password and a code or recovery code) and ends the person's other sessions.
    pub async fn disable_two_factor(
        &self,
        claims: &Claims,
        input: DisableTwoFactorInput,
        client: &ClientInfo,
    ) -> Result<()> {
        let user = self.user_of(claims).await?;
        let row = self.enabled_row(user.id).await?;
        if !passwords::verify(input.password, Some(user.password_hash.clone())).await? {
            return Err(DomainError::Blocked { code: "wrong_password", message: "The password is incorrect.".into() });
        }
        self.throttled(user.id, client, self.accept_any(user.id, &row, &input.code)).await?;
        repo2fa::disable(&self.0.db.auth, user.id).await.db()?;
        parley_store::repo::identity::sessions::revoke_others(&self.0.db.auth, user.id, claims.sid).await.db()?;
        tracing::info!(user_id = %user.id, "two-factor sign-in disabled");
        Ok(())
    }

    /// Whether the sign-in needs a code: two-factor is on and this browser is not a remembered device.
    pub(crate) async fn needs_second_factor(&self, user_id: Uuid, device: Option<&str>) -> Result<bool> {
        if !repo2fa::is_enabled(&self.0.db.auth, user_id).await.db()? {
            return Ok(false);
        }
        match device {
            Some(d) => Ok(!repo2fa::use_device(&self.0.db.auth, user_id, &tokens::hash_secret(d)).await.db()?),
            None => Ok(true),
        }
    }

    pub(crate) fn challenge(&self, user_id: Uuid, tenant: Option<Uuid>) -> Result<TwoFactorChallenge> {
        let now = Utc::now().timestamp();
        let c = Challenge { sub: user_id, tid: tenant, iat: now, exp: now + CHALLENGE_TTL_SECS, typ: "2fa".into() };
        Ok(TwoFactorChallenge {
            two_factor_required: true,
            challenge: self.0.keys.sign_challenge(&c)?,
            expires_in: CHALLENGE_TTL_SECS as u64,
        })
    }

    /// The second step of a sign-in. Answers the session and, when asked to remember this browser, the device
    /// token for its cookie.
    pub async fn login_second_factor(
        &self,
        input: LoginTwoFactorInput,
        client: &ClientInfo,
    ) -> Result<(AuthResponse, Option<String>)> {
        let challenge = self.0.keys.verify_challenge(input.challenge.trim())?;
        let user = users::find(&self.0.db.auth, challenge.sub).await.db()?.ok_or(DomainError::Unauthorized)?;
        let row = self.enabled_row(user.id).await?;
        let check = async {
            match (input.code.as_deref(), input.recovery_code.as_deref()) {
                (Some(code), None) => self.accept_code(user.id, &row, code).await,
                (None, Some(code)) => self.accept_recovery_code(user.id, code).await,
                _ => Err(DomainError::field("code", "Send either `code` or `recoveryCode`.")),
            }
        };
        self.throttled(user.id, client, check).await?;
        let device = if input.remember_device {
            let token = tokens::random_secret();
            let expires = Utc::now() + chrono::Duration::days(DEVICE_TTL_DAYS);
            repo2fa::insert_device(
                &self.0.db.auth,
                user.id,
                &tokens::hash_secret(&token),
                client.user_agent.as_deref(),
                client.ip.as_deref(),
                expires,
            )
            .await
            .db()?;
            Some(token)
        } else {
            None
        };
        let res = self.complete_login(&user, challenge.tid, client).await?;
        Ok((res, device))
    }

    /// Whether the workspace a token acts in asks for two-factor sign-in.
    async fn seat_requires(&self, user: &users_model::Model, tenant: Option<Uuid>) -> Result<bool> {
        let Some(t) = tenant else { return Ok(false) };
        let ms = parley_store::repo::platform::system::memberships_of_user(&self.0.db, user.id).await.db()?;
        Ok(ms.iter().any(|m| m.tenant_id == t && m.require_two_factor))
    }

    pub async fn two_factor_policy(&self, t: &TenantCtx) -> Result<TwoFactorPolicy> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let require = repo2fa::tenant_requires(&tx).await.db()?;
        tx.commit().await.db()?;
        Ok(TwoFactorPolicy { require_two_factor: require })
    }

    /// The owner asks every member to use two-factor sign-in (or stops asking); audited.
    pub async fn set_two_factor_policy(&self, t: &TenantCtx, input: TwoFactorPolicy) -> Result<TwoFactorPolicy> {
        let (tx, actor) = self.0.begin(t, Role::Owner).await?;
        repo2fa::set_tenant_requires(&tx, input.require_two_factor).await.db()?;
        self.0
            .audit_ctx(
                &tx,
                &actor,
                "tenant.two_factor_policy",
                "tenant",
                t.tenant_id,
                serde_json::json!({ "requireTwoFactor": input.require_two_factor }),
            )
            .await?;
        tx.commit().await.db()?;
        Ok(input)
    }

    /// Demo mode: the demo platform admin's next usable code, for the login page's hint. Absent elsewhere.
    pub async fn demo_code(&self) -> Result<DemoCode> {
        if !self.0.cfg.demo {
            return Err(DomainError::NotFound("The page"));
        }
        let email = crate::platform::seed::DEMO_ADMIN;
        let user =
            users::find_by_email(&self.0.db.auth, email).await.db()?.ok_or(DomainError::NotFound("The demo admin"))?;
        let row = self.enabled_row(user.id).await?;
        let secret = self.open_secret(&row)?;
        // The oldest step still accepted that no sign-in used yet, so the hint works for every demo sign-in.
        let now = totp::step_at(Utc::now().timestamp());
        let step = (now - 1).max(row.last_step + 1);
        Ok(DemoCode { email: email.into(), code: totp::code_at_step(&secret, step, totp::DIGITS) })
    }
}

impl crate::Core {
    /// Enrols a person with a known secret (the demo admin; tests), recovery codes discarded.
    pub async fn enrol_with_secret(&self, user_id: Uuid, secret: &[u8]) -> Result<()> {
        let sealed = self.channel.sealer.seal(secret);
        repo2fa::set_pending(&self.db.auth, user_id, sealed).await.db()?;
        repo2fa::enable(&self.db.auth, user_id, 0).await.db()?;
        let hashes: Vec<String> = (0..RECOVERY_CODES).map(|_| tokens::hash_secret(&new_recovery_code())).collect();
        repo2fa::replace_recovery_codes(&self.db.auth, user_id, &hashes).await.db()
    }
}
