//! Transactional mail: templates, the outbox write (inside the caller's transaction), the dispatcher
//! that sends committed mails over SMTP with retries, and the dev mailbox that keeps them instead.

use crate::platform::dto::Mail;
use crate::{Core, DbResultExt, Result};
use parley_mail::{OutgoingMail, SmtpMailer};
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

/// A rendered mail.
pub(crate) struct Template {
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

pub(crate) fn layout(title: &str, body_html: &str, button: Option<(&str, &str)>) -> String {
    let button = button
        .map(|(label, url)| {
            format!(
                r#"<p style="margin:28px 0"><a href="{url}" style="background:#7c3aed;color:#fff;padding:12px 20px;border-radius:8px;text-decoration:none;font-weight:600">{label}</a></p>
<p style="color:#6b7280;font-size:13px">Or paste this link into your browser:<br>{url}</p>"#,
                url = escape(url),
                label = escape(label)
            )
        })
        .unwrap_or_default();
    format!(
        r#"<!doctype html><html><body style="font-family:system-ui,sans-serif;background:#f5f3ff;padding:24px">
<div style="max-width:520px;margin:auto;background:#fff;border-radius:12px;padding:32px">
<h1 style="color:#4c1d95;font-size:20px">{}</h1>{body_html}{button}
<p style="color:#9ca3af;font-size:12px;margin-top:32px">Parley</p></div></body></html>"#,
        escape(title)
    )
}

pub(crate) fn welcome(name: &str, business: &str, url: &str) -> Template {
    Template {
        subject: format!("Welcome to Parley, {name}"),
        text: format!(
            "Hi {name},\n\nYour workspace \"{business}\" is ready. Sign in at {url}/login to connect your WhatsApp number and invite your team.\n\n— Parley"
        ),
        html: layout(
            &format!("Welcome, {name}"),
            &format!("<p>Your workspace <b>{}</b> is ready.</p>", escape(business)),
            Some(("Open Parley", &format!("{url}/login"))),
        ),
    }
}

pub(crate) fn invitation(inviter: &str, business: &str, role: &str, link: &str, days: u64) -> Template {
    Template {
        subject: format!("{inviter} invited you to {business} on Parley"),
        text: format!(
            "{inviter} invited you to join \"{business}\" on Parley as {role}.\n\nAccept the invitation: {link}\n\nThe link works for {days} days."
        ),
        html: layout(
            &format!("Join {business} on Parley"),
            &format!(
                "<p>{} invited you to join <b>{}</b> as <b>{}</b>.</p><p>The link works for {days} days.</p>",
                escape(inviter),
                escape(business),
                escape(role)
            ),
            Some(("Accept invitation", link)),
        ),
    }
}

pub(crate) fn password_reset(name: &str, link: &str, minutes: u64) -> Template {
    Template {
        subject: "Reset your Parley password".into(),
        text: format!(
            "Hi {name},\n\nSomeone asked to reset your Parley password. If it was you, choose a new one here: {link}\n\nThe link works for {minutes} minutes, once. If it was not you, ignore this mail."
        ),
        html: layout(
            "Reset your password",
            &format!(
                "<p>Hi {},</p><p>Someone asked to reset your Parley password. The link works for {minutes} minutes, once. If it was not you, ignore this mail.</p>",
                escape(name)
            ),
            Some(("Choose a new password", link)),
        ),
    }
}

impl Core {
    /// Writes a mail to the outbox in the caller's transaction. Call `wake_mailer` after commit.
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
        outbox::insert(c, NewMail { tenant_id, to, subject: &t.subject, text: &t.text, html: Some(&t.html), status })
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
            let sent = mailer
                .send(OutgoingMail {
                    to: &m.to_addr,
                    subject: &m.subject,
                    text: &m.text_body,
                    html: m.html_body.as_deref(),
                })
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

    #[test]
    fn names_in_mails_cannot_inject_html() {
        let t = invitation("<script>x</script>", "Acme & Co", "agent", "http://h/invite/t", 7);
        assert!(!t.html.contains("<script>"));
        assert!(t.html.contains("Acme &amp; Co"));
        assert!(t.text.contains("http://h/invite/t"));
    }
}
