//! The CRM dashboard's figures, each an aggregate over the workspace (no per-row round trips).

use crate::TenantTx;
use crate::repo::stmt;
use sea_orm::{DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, Default, FromQueryResult)]
pub struct Figures {
    pub contacts: i64,
    pub new_contacts_7d: i64,
    /// Conversations not resolved or closed.
    pub open_conversations: i64,
    /// Of those, the ones with unread messages.
    pub unread: i64,
    /// Tickets open or pending.
    pub open_tickets: i64,
    pub my_open_tickets: i64,
    pub open_deals: i64,
}

/// The workspace's counts in one statement; `me` names whose tickets are "mine".
pub async fn figures(tx: &TenantTx, me: Option<Uuid>) -> Result<Figures, DbErr> {
    Figures::find_by_statement(stmt(
        "select (select count(*) from contacts) as contacts,
            (select count(*) from contacts where created_at > now() - interval '7 days') as new_contacts_7d,
            v.open as open_conversations, v.unread,
            t.open as open_tickets, t.mine as my_open_tickets, d.count as open_deals
         from (select count(*) as open, count(*) filter (where unread_count > 0) as unread
               from conversations where status not in ('resolved', 'closed')) v,
              (select count(*) as open, count(*) filter (where assignee_id = $1) as mine
               from tickets where status in ('open', 'pending')) t,
              (select count(*) as count from deals where status = 'open') d",
        [me.into()],
    ))
    .one(&tx.tx)
    .await
    .map(Option::unwrap_or_default)
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct CurrencyTotal {
    pub currency: String,
    pub value: f64,
    /// The value of each deal times its stage's probability.
    pub weighted: f64,
}

/// The open deals' value per currency (never added across currencies), by currency.
pub async fn open_deal_amounts(tx: &TenantTx) -> Result<Vec<CurrencyTotal>, DbErr> {
    CurrencyTotal::find_by_statement(stmt(
        "select d.currency, sum(d.value)::float8 as value, sum(d.value * s.probability / 100.0)::float8 as weighted
         from deals d join pipeline_stages s on s.id = d.stage_id
         where d.status = 'open' group by d.currency order by d.currency",
        [],
    ))
    .all(&tx.tx)
    .await
}

#[derive(FromQueryResult)]
struct Id {
    id: Uuid,
}

/// Open conversations with unread messages, the customer waiting longest first.
pub async fn waiting_conversations(tx: &TenantTx, limit: i64) -> Result<Vec<Uuid>, DbErr> {
    Ok(Id::find_by_statement(stmt(
        "select id from conversations where status = 'open' and unread_count > 0
         order by coalesce(last_inbound_at, last_message_at, created_at), id limit $1",
        [limit.into()],
    ))
    .all(&tx.tx)
    .await?
    .into_iter()
    .map(|r| r.id)
    .collect())
}
