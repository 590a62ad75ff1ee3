//! Owners' own texts of the mail templates (docs/agencies.md, "Branded mail"): the list with each language's
//! default, the workspace's own text and (for an agency's client) the agency's; saving and resetting a text; a
//! preview of unsaved edits with sample values; and a test send to the owner's own address. Only the owners of a
//! workspace whose brand settings are in force (an agency, or a plan with custom branding).

use super::BrandService;
use super::brands::not_allowed;
use super::resolve::may_brand;
use crate::check::{Check, checked};
use crate::mail::render::unknown_placeholders;
use crate::mail::send::{Chosen, MailOf, Val, branded};
use crate::mail::templates::{self, LOCALES, TemplateDef};
use crate::{Actor, Core, DbResultExt, DomainError, Result, Role, TenantCtx};
use chrono::{DateTime, Utc};
use parley_domain::FieldError;
use parley_store::TenantTx;
use parley_store::repo::brand::mail_templates as repo;
use parley_store::repo::platform::agency_mail;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::ToSchema;

/// Subject and body limits (the `mail_templates` table's checks).
pub const SUBJECT_MAX: usize = 200;
pub const BODY_MAX: usize = 10_000;
/// Test sends per person a minute.
const TESTS_PER_MINUTE: i64 = 5;

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MailText {
    pub subject: String,
    pub body: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MailTextOverride {
    pub subject: String,
    pub body: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MailTemplateLocale {
    /// `en` or `ar`.
    pub locale: String,
    /// Our text in this language.
    pub default: MailText,
    /// The agency's own text, which a client's mails use unless it wrote its own.
    pub agency: Option<MailText>,
    /// The workspace's own text (what `PUT` saved).
    #[serde(rename = "override")]
    pub own: Option<MailTextOverride>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MailTemplateInfo {
    pub key: String,
    pub description: String,
    /// What `{{…}}` may name in the subject and body: `product` and the template's own.
    pub placeholders: Vec<String>,
    pub locales: Vec<MailTemplateLocale>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MailTemplateList {
    pub templates: Vec<MailTemplateInfo>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MailTextInput {
    #[schema(schema_with = crate::schema::text::<1, 200>)]
    pub subject: String,
    /// Plain text: blank lines separate paragraphs; `{{placeholders}}` as the template offers them.
    #[schema(schema_with = crate::schema::multiline::<1, 10000>)]
    pub body: String,
}

/// Unsaved edits to render; what is left out is the text in force.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MailPreviewInput {
    #[schema(schema_with = crate::schema::opt_text::<1, 200>)]
    pub subject: Option<String>,
    #[schema(schema_with = crate::schema::opt_multiline::<1, 10000>)]
    pub body: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MailPreview {
    pub subject: String,
    pub html: String,
    pub text: String,
    /// The From the mail goes out with.
    pub from: String,
    /// Placeholders the text names that the template does not offer (shown as written; saving refuses them).
    pub unknown_placeholders: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MailTestSent {
    /// The caller's own address, the only one a test goes to.
    pub to: String,
    pub subject: String,
}

fn template(key: &str) -> Result<&'static TemplateDef> {
    templates::find(key).ok_or(DomainError::NotFound("The mail template"))
}

fn locale(l: &str) -> Result<&'static str> {
    LOCALES.iter().find(|x| **x == l).copied().ok_or(DomainError::NotFound("The language"))
}

fn text_of(def: &TemplateDef, locale: &str) -> MailText {
    let t = def.texts_or_english(locale);
    MailText { subject: t.subject.into(), body: t.body.into() }
}

/// Refuses placeholders the template does not offer, naming them by field.
fn known_placeholders(def: &TemplateDef, subject: &str, body: &str) -> Result<()> {
    let allowed = def.allowed();
    let offered = allowed.iter().map(|p| format!("{{{{{p}}}}}")).collect::<Vec<_>>().join(", ");
    let mut errors = Vec::new();
    for (field, text) in [("subject", subject), ("body", body)] {
        let unknown = unknown_placeholders(&[text], &allowed);
        if !unknown.is_empty() {
            let named = unknown.iter().map(|u| format!("{{{{{u}}}}}")).collect::<Vec<_>>().join(", ");
            errors.push(FieldError::new(
                field,
                format!("unknown placeholder(s) {named}; this template offers {offered}"),
            ));
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(DomainError::Validation(errors)) }
}

/// The sample values a preview and a test send fill in. Words the real mails put in the reader's language (a role,
/// when a change happens, a meter) come from the same functions, so every language's preview reads as its mails do;
/// free text keeps the template's sample (in Arabic where it has one).
fn sample_mail(def: &'static TemplateDef) -> MailOf {
    def.samples.iter().fold(MailOf::new(def.key, def.sample_path), |m, (k, v)| match *k {
        "role" => m.with(k, crate::mail::role_words(v)),
        "when" | "until" => m.with(k, crate::billing::mails::when_words(v)),
        "what" => m.with(k, crate::billing::mails::meter_words(v)),
        _ => match def.samples_ar.iter().find(|(ak, _)| ak == k) {
            Some((_, ar)) => m.with(k, Val::Local(vec![("en", (*v).to_owned()), ("ar", (*ar).to_owned())])),
            None => m.with(k, *v),
        },
    })
}

/// Owners' mail texts; a thin handle on `Core`, like `BrandService`.
#[derive(Clone)]
pub struct MailTemplateService(pub Arc<Core>);

impl MailTemplateService {
    pub fn new(core: Arc<Core>) -> Self {
        Self(core)
    }

    /// Opens the owner's transaction and refuses a workspace whose own brand settings are not in force.
    async fn begin(&self, t: &TenantCtx) -> Result<(TenantTx, Actor)> {
        let (tx, actor) = self.0.begin(t, Role::Owner).await?;
        let f = BrandService(self.0.clone()).facts(t.tenant_id.0).await?;
        if !may_brand(&f) {
            return Err(not_allowed(&f));
        }
        Ok((tx, actor))
    }

    pub async fn list(&self, t: &TenantCtx) -> Result<MailTemplateList> {
        let (tx, _) = self.begin(t).await?;
        let own = repo::list(&tx).await.db()?;
        let agency = match repo::agency_of(&tx).await.db()? {
            Some(a) => agency_mail::agency_templates(&self.0.db, a).await.db()?,
            None => vec![],
        };
        tx.commit().await.db()?;
        let templates = templates::TEMPLATES
            .iter()
            .map(|def| MailTemplateInfo {
                key: def.key.into(),
                description: def.description.into(),
                placeholders: def.allowed().into_iter().map(str::to_owned).collect(),
                locales: LOCALES
                    .iter()
                    .map(|l| MailTemplateLocale {
                        locale: (*l).into(),
                        default: text_of(def, l),
                        agency: agency
                            .iter()
                            .find(|a| a.key == def.key && a.locale == *l)
                            .map(|a| MailText { subject: a.subject.clone(), body: a.body.clone() }),
                        own: own.iter().find(|o| o.key == def.key && o.locale == *l).map(|o| MailTextOverride {
                            subject: o.subject.clone(),
                            body: o.body.clone(),
                            updated_at: o.updated_at,
                        }),
                    })
                    .collect(),
            })
            .collect();
        Ok(MailTemplateList { templates })
    }

    fn checked_text(def: &TemplateDef, input: &MailTextInput) -> Result<(String, String)> {
        let mut c = Check::default();
        let subject = c.text("subject", &input.subject, 1, SUBJECT_MAX);
        let body = c.multiline("body", &input.body, 1, BODY_MAX);
        c.finish()?;
        let (subject, body) = (checked(subject)?, checked(body)?);
        known_placeholders(def, &subject, &body)?;
        Ok((subject, body))
    }

    /// Saves the workspace's own text of one template in one language.
    pub async fn put(&self, t: &TenantCtx, key: &str, loc: &str, input: MailTextInput) -> Result<MailTextOverride> {
        let (def, loc) = (template(key)?, locale(loc)?);
        let (subject, body) = Self::checked_text(def, &input)?;
        let (tx, actor) = self.begin(t).await?;
        let row = repo::put(&tx, def.key, loc, &subject, &body).await.db()?;
        self.0
            .audit_ctx(&tx, &actor, "mail_template.updated", "mail_template", format!("{}/{loc}", def.key), {
                serde_json::json!({ "key": def.key, "locale": loc })
            })
            .await?;
        tx.commit().await.db()?;
        Ok(MailTextOverride { subject: row.subject, body: row.body, updated_at: row.updated_at })
    }

    /// Back to the default (the agency's text, for a client, else ours).
    pub async fn reset(&self, t: &TenantCtx, key: &str, loc: &str) -> Result<()> {
        let (def, loc) = (template(key)?, locale(loc)?);
        let (tx, actor) = self.begin(t).await?;
        if !repo::delete(&tx, def.key, loc).await.db()? {
            return Err(DomainError::NotFound("The workspace's own text of this template"));
        }
        self.0
            .audit_ctx(&tx, &actor, "mail_template.reset", "mail_template", format!("{}/{loc}", def.key), {
                serde_json::json!({ "key": def.key, "locale": loc })
            })
            .await?;
        tx.commit().await.db()?;
        Ok(())
    }

    /// The texts to render: the unsaved edits where given, else what the workspace's mails in `loc` use now.
    async fn texts(
        &self,
        tx: &TenantTx,
        def: &'static TemplateDef,
        loc: &str,
        input: &MailPreviewInput,
    ) -> Result<Chosen> {
        let mut c = Check::default();
        let subject = input.subject.as_deref().map(|s| c.text("subject", s, 1, SUBJECT_MAX));
        let body = input.body.as_deref().map(|b| c.multiline("body", b, 1, BODY_MAX));
        c.finish()?;
        let current = self.0.mail_texts(tx, def, loc).await?;
        let in_locale = current.locale == loc;
        Ok(Chosen {
            locale: loc.into(),
            // A language the workspace has no text in shows ours in it, not the English fallback.
            subject: subject.flatten().unwrap_or_else(|| {
                if in_locale { current.subject.clone() } else { def.texts_or_english(loc).subject.into() }
            }),
            body: body.flatten().unwrap_or_else(|| {
                if in_locale { current.body.clone() } else { def.texts_or_english(loc).body.into() }
            }),
            button: def.texts_or_english(loc).button,
        })
    }

    /// Renders a template with sample values, as the workspace's mails would look (unsaved edits included).
    pub async fn preview(&self, t: &TenantCtx, key: &str, loc: &str, input: MailPreviewInput) -> Result<MailPreview> {
        let (def, loc) = (template(key)?, locale(loc)?);
        let (tx, _) = self.begin(t).await?;
        let texts = self.texts(&tx, def, loc, &input).await?;
        let brand = self.0.mail_brand(&tx).await?;
        tx.commit().await.db()?;
        let unknown = unknown_placeholders(&[&texts.subject, &texts.body], &def.allowed());
        let (mail, _) = branded(&self.0.cfg.public_url, &texts, &sample_mail(def), &brand);
        Ok(MailPreview {
            from: self.0.cfg.mail.from_of(mail.from_name.as_deref(), mail.from_address.as_deref()),
            subject: mail.subject,
            html: mail.html,
            text: mail.text,
            unknown_placeholders: unknown,
        })
    }

    /// Sends the rendered template (unsaved edits included) to the caller's own address, at most five a minute.
    pub async fn send_test(
        &self,
        t: &TenantCtx,
        key: &str,
        loc: &str,
        input: MailPreviewInput,
    ) -> Result<MailTestSent> {
        let (def, loc) = (template(key)?, locale(loc)?);
        let (tx, actor) = self.begin(t).await?;
        let texts = self.texts(&tx, def, loc, &input).await?;
        known_placeholders(def, &texts.subject, &texts.body)?;
        let me = actor.user_id.ok_or(DomainError::Forbidden)?;
        let to = parley_store::repo::team::members::find(&tx, me.0)
            .await
            .db()?
            .map(|m| m.email)
            .ok_or(DomainError::Forbidden)?;
        self.throttle(me.0).await?;
        let brand = self.0.mail_brand(&tx).await?;
        let (mut mail, _) = branded(&self.0.cfg.public_url, &texts, &sample_mail(def), &brand);
        mail.subject = format!("[Test] {}", mail.subject);
        self.0.enqueue_mail(&tx.tx, Some(tx.tenant_id.0), &to, &mail).await?;
        self.0
            .audit_ctx(&tx, &actor, "mail_template.test_sent", "mail_template", format!("{}/{loc}", def.key), {
                serde_json::json!({ "key": def.key, "locale": loc, "to": to })
            })
            .await?;
        tx.commit().await.db()?;
        self.0.wake_mailer();
        Ok(MailTestSent { to, subject: mail.subject })
    }

    /// Counts a test send in Redis (shared by every node); the sixth within a minute of the last is refused.
    async fn throttle(&self, user: uuid::Uuid) -> Result<()> {
        let key = format!("parley:mail-test:{user}");
        let mut r = self.0.redis.clone();
        // Every attempt restarts the minute (as login throttling does): a script retrying at once stays refused.
        let (n,): (i64,) = redis::pipe()
            .atomic()
            .incr(&key, 1)
            .expire(&key, 60)
            .ignore()
            .query_async(&mut r)
            .await
            .map_err(DomainError::internal)?;
        if n > TESTS_PER_MINUTE {
            return Err(DomainError::TooManyAttempts { retry_after_secs: 60 });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::templates::LINK;

    #[test]
    fn unknown_placeholders_are_named_by_field() {
        let def = template("invitation").expect("invitation");
        assert!(known_placeholders(def, "{{inviter}} and {{product}}", "{{link}} {{days}}").is_ok());
        let Err(DomainError::Validation(f)) = known_placeholders(def, "Hi {{name}}", "{{days}} {{bogus}} {{bogus}}")
        else {
            panic!("refused")
        };
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].field, "subject");
        assert!(f[0].message.contains("{{name}}"), "{}", f[0].message);
        assert!(f[1].message.starts_with("unknown placeholder(s) {{bogus}};"), "{}", f[1].message);
        assert!(f[1].message.contains(&format!("{{{{{LINK}}}}}")));
    }

    #[test]
    fn only_known_templates_and_languages_are_addressed() {
        assert!(template("welcome").is_ok() && template("nope").is_err());
        assert!(locale("ar").is_ok() && locale("ja").is_ok() && locale("xx").is_err() && locale("pt-BR").is_err());
        assert_eq!(sample_mail(template("welcome").expect("welcome")).link, "/login");
    }
}
