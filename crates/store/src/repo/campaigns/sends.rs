//! The inbox side of a claimed batch: each recipient's message is a row of their conversation (so an agent sees
//! what the customer answers to), written with the claim and settled with the answer, all in batch statements.

use crate::TenantTx;
use crate::repo::stmt;
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use serde_json::Value;
use std::collections::HashMap;
use uuid::Uuid;

/// Each contact's conversation on the number, created closed when there is none (a campaign alone does not put
/// 100,000 conversations in the team's open queue; a reply reopens it), and tagged with the campaign.
pub async fn conversations(
    tx: &TenantTx,
    contacts: &[Uuid],
    connection_id: Uuid,
    campaign_id: Uuid,
) -> Result<HashMap<Uuid, Uuid>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        id: Uuid,
        contact_id: Uuid,
    }
    let ids: Vec<Uuid> = contacts.iter().map(|_| Uuid::now_v7()).collect();
    Ok(Row::find_by_statement(stmt(
        "insert into conversations (id, tenant_id, contact_id, connection_id, status, campaign_id)
         select i, $2, c, $3, 'closed', $4 from unnest($1::uuid[], $5::uuid[]) as r(c, i)
         on conflict (tenant_id, contact_id, connection_id)
           do update set campaign_id = excluded.campaign_id
         returning id, contact_id",
        [contacts.to_vec().into(), tx.tenant_id.0.into(), connection_id.into(), campaign_id.into(), ids.into()],
    ))
    .all(&tx.tx)
    .await?
    .into_iter()
    .map(|r| (r.contact_id, r.id))
    .collect())
}

/// The template messages of a batch, `sending` (the claim and these rows commit together).
pub async fn insert_messages(
    tx: &TenantTx,
    ids: &[Uuid],
    conversations: &[Uuid],
    contents: &[Value],
    connection_id: Uuid,
    campaign_id: Uuid,
    preview: &str,
) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "insert into messages (id, tenant_id, conversation_id, connection_id, direction, type, content, status,
                               attempts, campaign_id)
         select i, $4, v, $5, 'outbound', 'template', c, 'sending', 1, $6
           from unnest($1::uuid[], $2::uuid[], $3::jsonb[]) as r(i, v, c)",
        [
            ids.to_vec().into(),
            conversations.to_vec().into(),
            contents.to_vec().into(),
            tx.tenant_id.0.into(),
            connection_id.into(),
            campaign_id.into(),
        ],
    ))
    .await?;
    crate::repo::inbox::conversations::lock_contacts_of(tx, conversations).await?;
    tx.execute_raw(stmt(
        "update conversations set last_message_at = now(), last_message_preview = $2, updated_at = now()
          where id = any($1)",
        [conversations.to_vec().into(), preview.into()],
    ))
    .await?;
    Ok(())
}

/// WhatsApp accepted these messages (a status webhook may already have moved some further).
pub async fn accept_messages(tx: &TenantTx, ids: &[Uuid], wa_ids: &[String]) -> Result<(), DbErr> {
    if ids.is_empty() {
        return Ok(());
    }
    tx.execute_raw(stmt(
        "update messages m set wa_message_id = coalesce(m.wa_message_id, d.wa),
                status = case when m.status in ('queued', 'sending') then 'sent' else m.status end,
                sent_at = coalesce(m.sent_at, now()), error = null, updated_at = now()
           from unnest($1::uuid[], $2::text[]) as d(id, wa) where m.id = d.id",
        [ids.to_vec().into(), wa_ids.to_vec().into()],
    ))
    .await?;
    Ok(())
}

/// These messages were not sent (refused, or given back to the queue): they fail in the thread with the reason.
pub async fn fail_messages(tx: &TenantTx, ids: &[Uuid], errors: &[Value]) -> Result<(), DbErr> {
    if ids.is_empty() {
        return Ok(());
    }
    tx.execute_raw(stmt(
        "update messages m set status = 'failed', error = d.e, failed_at = now(), updated_at = now()
           from unnest($1::uuid[], $2::jsonb[]) as d(id, e) where m.id = d.id and m.status in ('queued', 'sending')",
        [ids.to_vec().into(), errors.to_vec().into()],
    ))
    .await?;
    Ok(())
}

/// Messages whose send's answer was never recorded (a crash) learn their WhatsApp ids from status webhooks.
pub async fn attach_wa_ids(tx: &TenantTx, ids: &[Uuid], wa_ids: &[String]) -> Result<(), DbErr> {
    if ids.is_empty() {
        return Ok(());
    }
    tx.execute_raw(stmt(
        "update messages m set wa_message_id = d.wa
           from unnest($1::uuid[], $2::text[]) as d(id, wa) where m.id = d.id and m.wa_message_id is null",
        [ids.to_vec().into(), wa_ids.to_vec().into()],
    ))
    .await?;
    Ok(())
}
