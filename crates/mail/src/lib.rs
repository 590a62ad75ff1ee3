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

/// Who a mail is from when it is not the configured `from`: a brand's display name on the platform's address,
/// or a brand's own (verified) address. Deciding which is the caller's business; this only writes the header.
#[derive(Clone, Copy, Debug, Default)]
pub struct SenderOverride<'a> {
    pub name: Option<&'a str>,
    pub address: Option<&'a str>,
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

    /// The configured sender, e.g. `Parley <no-reply@parley.app>`.
    pub fn from(&self) -> &Mailbox {
        &self.from
    }

    /// The From a mail gets: the configured one, with the override's name and address where it has them.
    pub fn sender(&self, over: Option<SenderOverride<'_>>) -> Result<Mailbox, MailError> {
        sender_of(&self.from, over)
    }

    /// Connects, greets (EHLO, STARTTLS and AUTH as configured) and sends NOOP: proves the server takes mail from
    /// us without sending any (the health report's SMTP check).
    pub async fn test_connection(&self) -> Result<(), MailError> {
        match self.transport.test_connection().await {
            Ok(true) => Ok(()),
            Ok(false) => Err(MailError::Smtp("the server did not answer NOOP".into())),
            Err(e) => Err(MailError::Smtp(e.to_string())),
        }
    }

    pub async fn send(&self, mail: OutgoingMail<'_>, from: Option<SenderOverride<'_>>) -> Result<(), MailError> {
        let to = mail.to.parse::<Mailbox>().map_err(|e| MailError::Address(e.to_string()))?;
        let builder = Message::builder().from(self.sender(from)?).to(to).subject(mail.subject);
        let message = match mail.html {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(mail.text.to_owned(), html.to_owned())),
            None => builder.header(ContentType::TEXT_PLAIN).body(mail.text.to_owned()),
        }
        .map_err(|e| MailError::Address(e.to_string()))?;
        self.transport.send(message).await.map_err(|e| MailError::Smtp(e.to_string()))?;
        Ok(())
    }
}

/// `from` with an override's name and address where it has them.
fn sender_of(from: &Mailbox, over: Option<SenderOverride<'_>>) -> Result<Mailbox, MailError> {
    let Some(over) = over else { return Ok(from.clone()) };
    let email = match over.address {
        Some(a) => a.parse().map_err(|e: lettre::address::AddressError| MailError::Address(e.to_string()))?,
        None => from.email.clone(),
    };
    let name = over.name.map(str::to_owned).or_else(|| from.name.clone());
    Ok(Mailbox::new(name, email))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn platform() -> Mailbox {
        "Parley <no-reply@parley.test>".parse().expect("mailbox")
    }

    #[test]
    fn a_brand_name_alone_keeps_the_platform_address() {
        let from = sender_of(&platform(), Some(SenderOverride { name: Some("Acme \"CRM\""), address: None }));
        let from = from.expect("sender");
        assert_eq!(from.email.to_string(), "no-reply@parley.test");
        assert_eq!(from.name.as_deref(), Some("Acme \"CRM\""));
        assert!(from.to_string().contains("<no-reply@parley.test>"));
    }

    #[test]
    fn a_verified_address_replaces_the_platform_address() {
        let from =
            sender_of(&platform(), Some(SenderOverride { name: Some("Acme"), address: Some("hello@acme.test") }));
        assert_eq!(from.expect("sender").to_string(), "Acme <hello@acme.test>");
        assert_eq!(sender_of(&platform(), None).expect("sender").to_string(), "Parley <no-reply@parley.test>");
        assert!(sender_of(&platform(), Some(SenderOverride { name: None, address: Some("not an address") })).is_err());
    }
}
