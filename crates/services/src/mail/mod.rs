//! Transactional mail: the registry of templates (`templates`), the branded layout (`render`), writing a mail
//! with the right brand, texts and language (`send`), the outbox write (inside the caller's transaction), the
//! dispatcher that sends committed mails over SMTP with retries, and the dev mailbox that keeps them instead.

pub(crate) mod render;
pub(crate) mod send;
pub mod templates;

use crate::platform::dto::Mail;
use crate::{Core, DbResultExt, Result};
use parley_mail::{OutgoingMail, SenderOverride, SmtpMailer};
use parley_store::ConnectionTrait;
use parley_store::repo::mail::{self as outbox, NewMail};
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

#[derive(Clone)]
pub enum MailTransport {
    Smtp(SmtpMailer),
    /// Development and demo: mails stay in the outbox, readable on the dev mailbox page.
    DevMailbox,
}

/// The platform's mail settings beyond the transport: its sender, and what brands' senders must publish in DNS.
#[derive(Clone, Debug)]
pub struct MailSettings {
    /// The platform's sender, `Name <address>` (`mail.from`): every mail's address unless a brand's is verified.
    pub from: String,
    /// The domain a sender's SPF record includes (`mail.spf_include`).
    pub spf_include: String,
    /// Where a sender's `parley._domainkey` CNAME points (`mail.dkim_target`).
    pub dkim_target: String,
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            from: "Parley <no-reply@parley.local>".into(),
            spf_include: "spf.parley.local".into(),
            dkim_target: "parley._domainkey.parley.local".into(),
        }
    }
}

impl MailSettings {
    /// The address part of `from`.
    pub fn from_address(&self) -> &str {
        match (self.from.rfind('<'), self.from.rfind('>')) {
            (Some(a), Some(b)) if a < b => self.from[a + 1..b].trim(),
            _ => self.from.trim(),
        }
    }

    /// The From a mail shows: the brand's name and address where it has them, else the platform's.
    pub fn from_of(&self, name: Option<&str>, address: Option<&str>) -> String {
        match (name, address) {
            (None, None) => self.from.clone(),
            (name, address) => {
                let name = name.map(str::to_owned).unwrap_or_else(|| match self.from.rfind('<') {
                    Some(a) => self.from[..a].trim().trim_matches('"').to_owned(),
                    None => String::new(),
                });
                let address = address.unwrap_or_else(|| self.from_address());
                if name.is_empty() {
                    address.to_owned()
                } else {
                    format!("\"{}\" <{address}>", name.replace(['\\', '"'], ""))
                }
            }
        }
    }
}

/// A rendered mail with its sender, as the outbox stores it.
pub(crate) struct Template {
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The brand's display name; none: the configured sender's.
    pub from_name: Option<String>,
    /// The brand's verified address; none: the platform's.
    pub from_address: Option<String>,
}

pub(crate) use send::{MailOf, Val};

/// To a new workspace's owner, after sign-up.
pub(crate) fn welcome(name: &str, business: &str, url: &str) -> MailOf {
    MailOf::new("welcome", format!("{url}/login")).with("name", name).with("workspace", business)
}

/// The role as the invitation names it, in each of the mail languages (English first, the fallback).
pub(crate) fn role_words(role: &str) -> Val {
    let words: [(&'static str, [&str; 3]); 9] = [
        ("es", ["propietario", "gerente", "agente"]),
        ("fr", ["propriétaire", "responsable", "agent"]),
        ("de", ["Inhaber", "Manager", "Agent"]),
        ("pt", ["proprietário", "gerente", "agente"]),
        ("ar", ["مالك", "مدير", "موظف"]),
        ("hi", ["मालिक", "मैनेजर", "एजेंट"]),
        ("zh", ["所有者", "经理", "客服"]),
        ("ja", ["オーナー", "マネージャー", "エージェント"]),
        ("ru", ["владелец", "менеджер", "оператор"]),
    ];
    let index = match role {
        "owner" => Some(0),
        "manager" => Some(1),
        "agent" => Some(2),
        _ => None,
    };
    let mut v = vec![("en", role.to_owned())];
    if let Some(i) = index {
        v.extend(words.iter().map(|(l, w)| (*l, w[i].to_owned())));
    }
    Val::Local(v)
}

pub(crate) fn invitation(inviter: &str, business: &str, role: &str, link: &str, days: u64) -> MailOf {
    MailOf::new("invitation", link)
        .with("inviter", inviter)
        .with("workspace", business)
        .with("role", role_words(role))
        .with("days", days.to_string())
}

pub(crate) fn password_reset(name: &str, link: &str, minutes: u64) -> MailOf {
    MailOf::new("password_reset", link).with("name", name).with("minutes", minutes.to_string())
}

impl Core {
    /// Writes a rendered mail to the outbox in the caller's transaction (`mail_in` and `mail_outside` render one).
    /// Call `wake_mailer` after commit.
    pub(crate) async fn enqueue_mail<C: ConnectionTrait>(
        &self,
        c: &C,
        tenant_id: Option<Uuid>,
        to: &str,
        t: &Template,
    ) -> Result<()> {
        let status = match self.mail_transport {
            MailTransport::Smtp(_) => "pending",
            MailTransport::DevMailbox => "kept",
        };
        outbox::insert(
            c,
            NewMail {
                tenant_id,
                to,
                subject: &t.subject,
                text: &t.text,
                html: Some(&t.html),
                status,
                from_name: t.from_name.as_deref(),
                from_address: t.from_address.as_deref(),
            },
        )
        .await
        .db()?;
        Ok(())
    }

    pub(crate) fn wake_mailer(&self) {
        self.mail_wakeup.notify_one();
    }
}

#[derive(Clone)]
pub struct MailService(pub(crate) Arc<Core>);

const MAX_ATTEMPTS: i32 = 6;

impl MailService {
    pub fn dev_mailbox_enabled(&self) -> bool {
        matches!(self.0.mail_transport, MailTransport::DevMailbox)
    }

    /// The newest kept mails; only while the dev mailbox is the transport.
    pub async fn dev_mailbox(&self) -> Result<Vec<Mail>> {
        if !self.dev_mailbox_enabled() {
            return Err(crate::DomainError::NotFound("The dev mailbox"));
        }
        let rows = outbox::list_recent(&self.0.db.auth, 200).await.db()?;
        Ok(rows
            .into_iter()
            .map(|m| Mail {
                id: m.id,
                from: self.0.cfg.mail.from_of(m.from_name.as_deref(), m.from_address.as_deref()),
                to: m.to_addr,
                subject: m.subject,
                text: m.text_body,
                html: m.html_body,
                status: m.status,
                created_at: m.created_at,
            })
            .collect())
    }

    /// Sends due mails until the process ends. Wakes on new mail, and every few seconds for retries.
    pub async fn run_dispatcher(self) {
        let MailTransport::Smtp(mailer) = self.0.mail_transport.clone() else {
            return;
        };
        loop {
            match self.dispatch_once(&mailer).await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "mail dispatch failed"),
            }
            tokio::select! {
                _ = self.0.mail_wakeup.notified() => {}
                _ = tokio::time::sleep(Duration::from_secs(5)) => {}
            }
        }
    }

    /// Sends one batch; answers how many mails it handled.
    pub async fn dispatch_once(&self, mailer: &SmtpMailer) -> Result<usize> {
        let db = &self.0.db.auth;
        let batch = outbox::claim_due(db, 20, 120).await.db()?;
        for m in &batch {
            let from = (m.from_name.is_some() || m.from_address.is_some())
                .then_some(SenderOverride { name: m.from_name.as_deref(), address: m.from_address.as_deref() });
            let sent = mailer
                .send(
                    OutgoingMail {
                        to: &m.to_addr,
                        subject: &m.subject,
                        text: &m.text_body,
                        html: m.html_body.as_deref(),
                    },
                    from,
                )
                .await;
            match sent {
                Ok(()) => outbox::mark_sent(db, m.id).await.db()?,
                Err(e) => {
                    let backoff = 30i64 * (1i64 << m.attempts.clamp(0, 8));
                    tracing::warn!(mail_id = %m.id, attempt = m.attempts + 1, error = %e, "mail not sent, will retry");
                    let at = chrono::Utc::now() + chrono::Duration::seconds(backoff);
                    outbox::mark_failed_attempt(db, m.id, &e.to_string(), at, MAX_ATTEMPTS).await.db()?;
                }
            }
        }
        Ok(batch.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::brand::ResolvedBrand;
    use send::{Chosen, MailOf, branded};

    fn platform_brand() -> ResolvedBrand {
        ResolvedBrand {
            owner_tenant_id: None,
            product_name: "Parley".into(),
            primary_color: "#7c3aed".into(),
            accent_color: "#0891b2".into(),
            logo_light_url: None,
            logo_dark_url: None,
            favicon_url: None,
            login_image_url: None,
            login_title: None,
            login_text: None,
            support_email: None,
            support_url: None,
            terms_url: None,
            privacy_url: None,
            powered_by: false,
            base_url: "http://h".into(),
            mail_from_name: "Parley".into(),
            mail_from_address: None,
            default_language: parley_domain::Locale::En,
            version: 0,
        }
    }

    #[test]
    fn names_in_mails_cannot_inject_html() {
        let def = templates::find("invitation").expect("invitation");
        let m = MailOf::new("invitation", "/invite/t")
            .with("inviter", "<script>x</script>")
            .with("workspace", "Acme & Co")
            .with("role", "agent")
            .with("days", "7");
        let texts = Chosen {
            locale: "en".into(),
            subject: def.texts[0].subject.into(),
            body: def.texts[0].body.into(),
            button: def.texts[0].button,
        };
        let (t, link) = branded("http://h", &texts, &m, &platform_brand());
        assert!(!t.html.contains("<script>"));
        assert!(t.html.contains("Acme &amp; Co"));
        assert!(t.text.contains("http://h/invite/t"));
        assert_eq!(link, "http://h/invite/t");
        assert_eq!(t.subject, "<script>x</script> invited you to Acme & Co on Parley");
        assert_eq!((t.from_name, t.from_address), (None, None), "the platform's own mails keep the configured sender");
    }

    #[test]
    fn the_from_shown_is_the_brand_name_on_the_platform_address_unless_verified() {
        let s = MailSettings { from: "Parley <no-reply@parley.test>".into(), ..Default::default() };
        assert_eq!(s.from_of(None, None), "Parley <no-reply@parley.test>");
        assert_eq!(s.from_of(Some("Acme \"x\""), None), "\"Acme x\" <no-reply@parley.test>");
        assert_eq!(s.from_of(Some("Acme"), Some("hi@acme.test")), "\"Acme\" <hi@acme.test>");
        assert_eq!(s.from_address(), "no-reply@parley.test");
    }
}
