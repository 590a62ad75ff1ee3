//! Folding one contact into another: everything that points at the duplicate moves to the kept contact
//! (two conversations on the same number become one), empty fields are filled from it, and it is deleted.

use crate::TenantTx;
use crate::repo::stmt;
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

/// Merges `other` into `keep` in the caller's transaction. Both must exist (the caller checked, with
/// `for update` row locks taken by `lock_pair`).
pub async fn merge(tx: &TenantTx, keep: Uuid, other: Uuid) -> Result<(), DbErr> {
    let steps: &[&str] = &[
        // Conversations of both on the same number: the duplicate's messages, labels, links move over.
        "update messages m set conversation_id = p.to_id from (select o.id as from_id, k.id as to_id from conversations o join conversations k on k.connection_id = o.connection_id and k.contact_id = $1 where o.contact_id = $2) p where m.conversation_id = p.from_id",
        "insert into conversation_labels (tenant_id, conversation_id, label_id)
           select cl.tenant_id, p.to_id, cl.label_id from conversation_labels cl join (select o.id as from_id, k.id as to_id from conversations o join conversations k on k.connection_id = o.connection_id and k.contact_id = $1 where o.contact_id = $2) p on p.from_id = cl.conversation_id
           on conflict do nothing",
        "insert into ticket_conversations (tenant_id, ticket_id, conversation_id)
           select tc.tenant_id, tc.ticket_id, p.to_id from ticket_conversations tc join (select o.id as from_id, k.id as to_id from conversations o join conversations k on k.connection_id = o.connection_id and k.contact_id = $1 where o.contact_id = $2) p on p.from_id = tc.conversation_id
           on conflict do nothing",
        "update deals d set conversation_id = p.to_id from (select o.id as from_id, k.id as to_id from conversations o join conversations k on k.connection_id = o.connection_id and k.contact_id = $1 where o.contact_id = $2) p where d.conversation_id = p.from_id",
        "update conversations k set
            last_message_at = greatest(k.last_message_at, o.last_message_at),
            last_inbound_at = greatest(k.last_inbound_at, o.last_inbound_at),
            last_message_preview = case when o.last_message_at > coalesce(k.last_message_at, '-infinity')
                                        then o.last_message_preview else k.last_message_preview end,
            unread_count = k.unread_count + o.unread_count, updated_at = now()
           from (select o.id as from_id, k.id as to_id from conversations o join conversations k on k.connection_id = o.connection_id and k.contact_id = $1 where o.contact_id = $2) p join conversations o on o.id = p.from_id where k.id = p.to_id",
        "delete from conversations where id in (select from_id from (select o.id as from_id, k.id as to_id from conversations o join conversations k on k.connection_id = o.connection_id and k.contact_id = $1 where o.contact_id = $2) x)",
        "update conversations set contact_id = $1, updated_at = now() where contact_id = $2",
        "update deals set contact_id = $1, updated_at = now() where contact_id = $2",
        "update tickets set contact_id = $1, updated_at = now() where contact_id = $2",
        "update contact_events set contact_id = $1 where contact_id = $2",
        "insert into contact_labels (tenant_id, contact_id, label_id)
           select tenant_id, $1, label_id from contact_labels where contact_id = $2 on conflict do nothing",
        "update contacts k set
            name = coalesce(k.name, o.name), profile_name = coalesce(k.profile_name, o.profile_name),
            email = coalesce(k.email, o.email), company = coalesce(k.company, o.company),
            notes = coalesce(k.notes, o.notes), avatar_url = coalesce(k.avatar_url, o.avatar_url),
            attributes = o.attributes || k.attributes,
            consent_status = case when o.consent_at > coalesce(k.consent_at, '-infinity') then o.consent_status else k.consent_status end,
            consent_source = case when o.consent_at > coalesce(k.consent_at, '-infinity') then o.consent_source else k.consent_source end,
            consent_at = greatest(k.consent_at, o.consent_at),
            last_message_at = greatest(k.last_message_at, o.last_message_at),
            created_at = least(k.created_at, o.created_at), updated_at = now()
           from contacts o where k.id = $1 and o.id = $2",
    ];
    for sql in steps {
        let values: Vec<sea_orm::Value> = if sql.contains("$2") {
            vec![keep.into(), other.into()]
        } else if sql.contains("$1") {
            vec![keep.into()]
        } else {
            vec![]
        };
        tx.execute_raw(stmt(sql, values)).await?;
    }
    // The duplicate goes before its unique phone / WhatsApp id can be copied onto the kept contact.
    #[derive(FromQueryResult)]
    struct Keys {
        phone: Option<String>,
        wa_user_id: Option<String>,
    }
    let gone =
        Keys::find_by_statement(stmt("delete from contacts where id = $1 returning phone, wa_user_id", [other.into()]))
            .one(&tx.tx)
            .await?;
    if let Some(k) = gone {
        tx.execute_raw(stmt(
            "update contacts set phone = coalesce(phone, $2), wa_user_id = coalesce(wa_user_id, $3) where id = $1",
            [keep.into(), k.phone.into(), k.wa_user_id.into()],
        ))
        .await?;
    }
    Ok(())
}

/// Locks both contacts (in id order, so two merges of the same pair never deadlock); answers how many exist.
pub async fn lock_pair(tx: &TenantTx, a: Uuid, b: Uuid) -> Result<u64, DbErr> {
    crate::repo::count(
        &tx.tx,
        "select count(*) as n from (select id from contacts where id = any($1) order by id for update) x",
        [vec![a, b].into()],
    )
    .await
}
