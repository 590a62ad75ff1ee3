//! Outgoing mail over SMTP (lettre). Builds and sends one message; knows nothing of the outbox,
//! tenants or templates (services own those).

use lettre::message::{Mailbox, MultiPart, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::{ExposeSecret, SecretString};

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("mail configuration: {0}")]
    Config(String),
    #[error("mail address: {0}")]
    Address(String),
    #[error("smtp: {0}")]
    Smtp(String),
}

#[derive(Clone, Debug)]
pub struct SmtpConfig {
    /// `smtp://host:port` (plain, or STARTTLS when offered), `smtps://host:port` (TLS).
    pub url: String,
    pub username: Option<String>,
    pub password: Option<SecretString>,
    pub from: String,
}

pub struct OutgoingMail<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    pub html: Option<&'a str>,
}

#[derive(Clone)]
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    pub fn new(cfg: &SmtpConfig) -> Result<Self, MailError> {
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(&cfg.url)
            .map_err(|e| MailError::Config(e.to_string()))?
            .timeout(Some(std::time::Duration::from_secs(20)));
        if let (Some(user), Some(pass)) = (&cfg.username, &cfg.password) {
            builder = builder.credentials(Credentials::new(user.clone(), pass.expose_secret().to_owned()));
        }
        let from = cfg.from.parse::<Mailbox>().map_err(|e| MailError::Address(e.to_string()))?;
        Ok(Self { transport: builder.build(), from })
    }

    pub async fn send(&self, mail: OutgoingMail<'_>) -> Result<(), MailError> {
        let to = mail.to.parse::<Mailbox>().map_err(|e| MailError::Address(e.to_string()))?;
        let builder = Message::builder().from(self.from.clone()).to(to).subject(mail.subject);
        let message = match mail.html {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(mail.text.to_owned(), html.to_owned())),
            None => builder.header(ContentType::TEXT_PLAIN).body(mail.text.to_owned()),
        }
        .map_err(|e| MailError::Address(e.to_string()))?;
        self.transport.send(message).await.map_err(|e| MailError::Smtp(e.to_string()))?;
        Ok(())
    }
}
