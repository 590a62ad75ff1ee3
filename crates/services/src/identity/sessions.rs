//! A person's sessions (refresh-token families): listing them with a readable device, ending one or all others,
//! and the "new sign-in" mail when a user agent and address pair was not seen in the last 90 days.

use crate::identity::auth::AuthService;
use crate::identity::dto::*;
use crate::identity::tokens::Claims;
use crate::mail::MailOf;
use crate::{ClientInfo, DbResultExt, DomainError, Result};
use parley_store::entities::users;
use parley_store::repo::identity::{sessions as repo, two_factor as repo2fa};
use uuid::Uuid;

/// "Firefox on Linux" from a user agent: the few browsers and systems people use, in the order that tells them
/// apart (Edge and Opera also say Chrome, Chrome also says Safari, Android also says Linux).
pub fn describe_device(user_agent: Option<&str>) -> String {
    let Some(ua) = user_agent.filter(|u| !u.trim().is_empty()) else { return "Unknown device".into() };
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ]
    .iter()
    .find(|(needle, _)| ua.contains(needle))
    .map(|(_, name)| *name);
    let os = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(needle, _)| ua.contains(needle))
    .map(|(_, name)| *name);
    match (browser, os) {
        (Some(b), Some(o)) => format!("{b} on {o}"),
        (Some(b), None) => b.into(),
        (None, Some(o)) => o.into(),
        (None, None) => ua.chars().take(60).collect(),
    }
}

fn new_sign_in(name: &str, device: &str, ip: &str, when: &str) -> MailOf {
    MailOf::new("new_sign_in", "/settings/security")
        .with("name", name)
        .with("device", device)
        .with("ip", ip)
        .with("time", when)
}

impl AuthService {
    pub async fn list_sessions(&self, claims: &Claims) -> Result<SessionList> {
        let db = &self.0.db.auth;
        let sessions = repo::live_families(db, claims.sub)
            .await
            .db()?
            .into_iter()
            .map(|f| ActiveSession {
                id: f.family_id,
                device: describe_device(f.user_agent.as_deref()),
                ip: f.ip,
                created_at: f.created_at,
                last_used_at: f.last_used_at,
                current: claims.sid == Some(f.family_id),
            })
            .collect();
        let trusted_devices = repo2fa::list_devices(db, claims.sub)
            .await
            .db()?
            .into_iter()
            .map(|d| TrustedDevice {
                id: d.id,
                device: describe_device(d.user_agent.as_deref()),
                ip: d.ip,
                created_at: d.created_at,
                last_used_at: d.last_used_at,
                expires_at: d.expires_at,
            })
            .collect();
        Ok(SessionList { sessions, trusted_devices })
    }

    /// Ends one of the caller's sessions (another person's id is simply not found).
    pub async fn end_session(&self, claims: &Claims, id: Uuid) -> Result<()> {
        if repo::revoke_own_family(&self.0.db.auth, claims.sub, id).await.db()? {
            Ok(())
        } else {
            Err(DomainError::NotFound("The session"))
        }
    }

    /// Ends every session of the caller but the one making the request.
    pub async fn end_other_sessions(&self, claims: &Claims) -> Result<()> {
        repo::revoke_others(&self.0.db.auth, claims.sub, claims.sid).await.db()?;
        Ok(())
    }

    pub async fn forget_device(&self, claims: &Claims, id: Uuid) -> Result<()> {
        if repo2fa::revoke_device(&self.0.db.auth, claims.sub, id).await.db()? {
            Ok(())
        } else {
            Err(DomainError::NotFound("The device"))
        }
    }

    /// Mails the person when this sign-in comes from a user agent and address not seen in their sessions of the
    /// last 90 days (not on their very first sign-in: every device is new then). Called before the new session's
    /// token is stored.
    /// The mail carries the brand of the workspace signed in to (`tenant`), else the platform's.
    pub(crate) async fn mail_if_new_device(
        &self,
        user: &users::Model,
        tenant: Option<Uuid>,
        client: &ClientInfo,
    ) -> Result<()> {
        let core = &self.0;
        let (any, seen) =
            repo::device_seen(&core.db.auth, user.id, client.user_agent.as_deref(), client.ip.as_deref()).await.db()?;
        if !any || seen {
            return Ok(());
        }
        let device = describe_device(client.user_agent.as_deref());
        let when = chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string();
        let m = new_sign_in(&user.name, &device, client.ip.as_deref().unwrap_or("unknown"), &when);
        let brand = match tenant {
            Some(t) => core.brand_for_tenant(t).await?,
            None => core.default_brand(),
        };
        core.mail_outside(&core.db.auth, &brand, &user.email, &m).await?;
        core.wake_mailer();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::describe_device;

    #[test]
    fn common_user_agents_read_as_browser_on_system() {
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        let chrome_mac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0";
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
        let android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";
        assert_eq!(describe_device(Some(firefox)), "Firefox on Linux");
        assert_eq!(describe_device(Some(chrome_mac)), "Chrome on macOS");
        assert_eq!(describe_device(Some(edge)), "Edge on Windows");
        assert_eq!(describe_device(Some(iphone)), "Safari on iOS");
        assert_eq!(describe_device(Some(android)), "Chrome on Android");
        assert_eq!(describe_device(None), "Unknown device");
    }
}
