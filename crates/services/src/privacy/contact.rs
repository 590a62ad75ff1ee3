//! A contact's data: exported as a ZIP of JSON files and its media (owners and managers), or erased (owners): every
//! personal value removed in one transaction, the rows analytics count kept, the files deleted once it commits.

use super::PrivacyService;
use super::dto::{Download, EraseContactInput, EraseResult};
use super::zipper::{self, Entry};
use crate::{DbResultExt, DomainError, Result, Role, TenantCtx};
use parley_store::repo::privacy::contact as repo;
use serde_json::json;
use uuid::Uuid;

/// Media beyond this total stay out of a contact's export (README.txt lists them): the ZIP is built in memory.
pub const MEDIA_CAP_BYTES: u64 = 200 * 1024 * 1024;

const README: &str = "\
This archive holds everything the workspace keeps about one contact (GDPR, right of access).

contact.json          the profile: name, phone, email, company, notes, custom fields, labels, marketing consent
consent_history.json  every change of marketing consent, with its source and time
events.json           the contact's timeline: created, imported, fields changed, labels, merges, notes
conversations.json    the contact's conversations, one per WhatsApp number
messages.json         every message of those conversations, oldest first: direction (inbound from the contact,
                      outbound to them, note for the team's internal notes), type, text, full content, delivery
                      status and times. `mediaId` names the file under media/.
deals.json            the contact's deals with their pipeline, stage, value and notes
tickets.json          the contact's tickets with their comments
website_visits.json   the website chat widget's records of the contact as a visitor: what they gave in the pre-chat
                      form, the page, referrer and campaign they came from, browser, language, time zone, pages seen
media/<id>.<ext>      the files of those messages, named by their media id
";

fn extension(key: &str, mime: Option<&str>) -> String {
    let from_key = key.rsplit('/').next().and_then(|n| n.rsplit_once('.')).map(|(_, e)| e.to_owned());
    from_key.unwrap_or_else(|| {
        match mime.unwrap_or("") {
            "image/jpeg" => "jpg",
            "image/png" => "png",
            "image/webp" => "webp",
            "audio/ogg" => "ogg",
            "audio/mpeg" => "mp3",
            "video/mp4" => "mp4",
            "application/pdf" => "pdf",
            _ => "bin",
        }
        .to_owned()
    })
}

/// What the caller typed matches the contact: its phone (digits compared, so spaces and dashes do not matter) or,
/// for a contact without a number, its name.
fn confirms(typed: &str, c: &repo::Locked) -> bool {
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let typed = typed.trim();
    if let Some(phone) = &c.phone {
        let d = digits(typed);
        return !d.is_empty() && d == digits(phone);
    }
    [&c.name, &c.profile_name].into_iter().flatten().any(|n| n.trim().to_lowercase() == typed.to_lowercase())
}

impl PrivacyService {
    /// The contact's export: `contact.json`, its consent history, events, conversations, messages, deals, tickets
    /// and media, with a README. Owners and managers (an agent sees one conversation at a time, not a dossier).
    pub async fn export_contact(&self, t: &TenantCtx, contact_id: Uuid) -> Result<Download> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let contact = crate::crm::contacts::contact_with_labels(&tx, contact_id).await?;
        let history = repo::history(&tx, contact_id).await.db()?;
        let media = repo::media(&tx, contact_id).await.db()?;
        let consent: Vec<serde_json::Value> = history
            .events
            .as_array()
            .map(|a| a.iter().filter(|e| e["kind"] == "consent").cloned().collect())
            .unwrap_or_default();
        let mut entries = vec![
            Entry::Json("contact.json".into(), serde_json::to_value(&contact).map_err(DomainError::internal)?),
            Entry::Json("consent_history.json".into(), json!({ "current": contact.consent, "changes": consent })),
            Entry::Json("events.json".into(), history.events),
            Entry::Json("conversations.json".into(), history.conversations),
            Entry::Json("messages.json".into(), history.messages),
            Entry::Json("deals.json".into(), history.deals),
            Entry::Json("tickets.json".into(), history.tickets),
            Entry::Json("website_visits.json".into(), history.website_visits),
        ];
        let (mut included, mut left_out, mut total, mut unreadable) = (0, Vec::new(), 0u64, Vec::new());
        for m in &media {
            let size = m.size_bytes.unwrap_or(0).max(0) as u64;
            if total + size > MEDIA_CAP_BYTES {
                left_out.push(m.id);
                continue;
            }
            match self.0.channel.media.get(&m.storage_key).await {
                Ok((bytes, _)) => {
                    total += bytes.len() as u64;
                    included += 1;
                    let name = format!("media/{}.{}", m.id, extension(&m.storage_key, m.mime_type.as_deref()));
                    entries.push(Entry::Raw(name, bytes));
                }
                Err(e) => {
                    tracing::warn!(media = %m.id, error = %e, "media object missing from a contact export");
                    unreadable.push(m.id);
                }
            }
        }
        let mut readme = README.to_owned();
        if !left_out.is_empty() {
            readme.push_str(&format!(
                "\nThe files below were left out: together the media passed {} MB. Ask the workspace for them:\n",
                MEDIA_CAP_BYTES / 1024 / 1024
            ));
            readme.extend(left_out.iter().map(|id| format!("  {id}\n")));
        }
        if !unreadable.is_empty() {
            readme.push_str("\nThese files could not be read from storage:\n");
            readme.extend(unreadable.iter().map(|id| format!("  {id}\n")));
        }
        readme.push_str(&format!("\nExported {} UTC.\n", chrono::Utc::now().format("%Y-%m-%d %H:%M")));
        entries.push(Entry::Text("README.txt".into(), readme));
        let target = contact_id.to_string();
        let meta = json!({ "mediaFiles": included, "mediaLeftOut": left_out.len() });
        self.0.audit_ctx(&tx, &actor, "contact.exported", "contact", target, meta).await?;
        tx.commit().await.db()?;
        let bytes = zipper::build(entries).await?;
        Ok(Download { filename: format!("contact-{contact_id}.zip"), bytes })
    }

    /// Erases a contact (owners). Messages keep their rows (direction, type, status, times: analytics count them)
    /// without content; files are deleted from storage after the commit; the contact stays as "Erased contact"
    /// without any personal value, opted out, so no campaign or reply reaches it. A second erasure changes nothing.
    pub async fn erase_contact(&self, t: &TenantCtx, contact_id: Uuid, i: EraseContactInput) -> Result<EraseResult> {
        let (tx, actor) = self.0.begin(t, Role::Owner).await?;
        let c = repo::lock(&tx, contact_id).await.db()?.ok_or(DomainError::NotFound("Contact"))?;
        if let Some(at) = c.erased_at {
            tx.commit().await.db()?;
            return Ok(EraseResult {
                contact_id,
                erased_at: at,
                already_erased: true,
                messages: 0,
                media: 0,
                deals: 0,
                tickets: 0,
                skipped_campaign_messages: 0,
            });
        }
        if !confirms(&i.confirm, &c) {
            let what = if c.phone.is_some() { "the contact's phone number" } else { "the contact's name" };
            return Err(DomainError::field("confirm", &format!("type {what} to confirm")));
        }
        let n = repo::erase(&tx, contact_id, c.phone.as_deref()).await.db()?;
        let meta = json!({
            "messages": n.messages, "media": n.media, "deals": n.deals, "tickets": n.tickets,
            "campaignRecipients": n.campaign_recipients, "skippedCampaignMessages": n.skipped_recipients,
        });
        self.0.audit_ctx(&tx, &actor, "contact.erased", "contact", contact_id, meta).await?;
        let erased_at =
            repo::erased_at(&tx.tx, contact_id).await.db()?.ok_or_else(|| DomainError::internal("erased_at unset"))?;
        tx.commit().await.db()?;
        if let Err(e) = self.purge_objects(t.tenant_id.0).await {
            tracing::warn!(error = %e, contact = %contact_id, "erased contact's files not deleted yet; will retry");
        }
        Ok(EraseResult {
            contact_id,
            erased_at,
            already_erased: false,
            messages: n.messages,
            media: n.media,
            deals: n.deals,
            tickets: n.tickets,
            skipped_campaign_messages: n.skipped_recipients,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locked(phone: Option<&str>, name: Option<&str>) -> repo::Locked {
        repo::Locked {
            erased_at: None,
            phone: phone.map(str::to_owned),
            name: name.map(str::to_owned),
            profile_name: None,
        }
    }

    #[test]
    fn the_confirmation_is_the_phone_in_any_format_or_the_name_without_one() {
        let c = locked(Some("+14155550100"), Some("Ana"));
        assert!(confirms("+1 415 555 0100", &c));
        assert!(confirms("14155550100", &c));
        assert!(!confirms("Ana", &c));
        assert!(!confirms("", &c));
        let c = locked(None, Some("Ana Gomez"));
        assert!(confirms(" ana gomez ", &c));
        assert!(!confirms("Ana", &c));
    }

    #[test]
    fn media_are_named_by_the_key_extension_or_the_mime_type() {
        assert_eq!(extension("t/x/2026/01/abc.jpg", Some("image/png")), "jpg");
        assert_eq!(extension("t/x/2026/01/abc", Some("image/png")), "png");
        assert_eq!(extension("t/x/2026/01/abc", None), "bin");
    }
}
