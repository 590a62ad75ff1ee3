//! The CRM dashboard: the workspace's customers, conversations, tickets and open deals at a glance, and
//! the conversations waiting longest for an answer. A few aggregate queries, no per-row round trips.

use crate::crm::dto::*;
use crate::ctx::TenantCtx;
use crate::inbox::conversations::conversation_dto;
use crate::{Core, DbResultExt, Result, Role};
use parley_store::repo;
use parley_store::repo::crm::{dashboard as repo_dashboard, deals as repo_deals};
use std::sync::Arc;

#[derive(Clone)]
pub struct DashboardService(pub(crate) Arc<Core>);

/// How many waiting conversations the dashboard lists.
const ATTENTION: i64 = 8;

impl DashboardService {
    pub async fn crm(&self, t: &TenantCtx) -> Result<CrmDashboard> {
        let (tx, actor) = self.0.begin(t, Role::Agent).await?;
        let f = repo_dashboard::figures(&tx, actor.user_id.map(|u| u.0)).await.db()?;
        let stages = repo_deals::open_by_stage(&tx).await.db()?;
        let open_amounts = repo_dashboard::open_deal_amounts(&tx).await.db()?;
        let waiting = repo_dashboard::waiting_conversations(&tx, ATTENTION).await.db()?;
        let mut attention = repo::inbox::conversations::get_many(&tx, &waiting).await.db()?;
        attention.sort_by_key(|c| waiting.iter().position(|w| *w == c.id));
        Ok(CrmDashboard {
            contacts: f.contacts,
            new_contacts_7d: f.new_contacts_7d,
            open_conversations: f.open_conversations,
            unread: f.unread,
            open_tickets: f.open_tickets,
            my_open_tickets: f.my_open_tickets,
            open_deals: DealTotals {
                count: f.open_deals,
                amounts: Amount::sorted(
                    open_amounts
                        .into_iter()
                        .map(|a| Amount { currency: a.currency, value: a.value, weighted: a.weighted })
                        .collect(),
                ),
            },
            deals_by_stage: stage_deals(stages),
            attention: attention.into_iter().map(conversation_dto).collect(),
        })
    }
}

/// One entry per stage from its rows (one per currency, consecutive, in the stages' order).
fn stage_deals(rows: Vec<repo_deals::OpenByStage>) -> Vec<StageDeals> {
    let mut out: Vec<StageDeals> = Vec::new();
    for r in rows {
        if out.last().is_none_or(|s| s.stage_id != r.stage_id) {
            out.push(StageDeals { stage_id: r.stage_id, name: r.name, color: r.color, count: 0, amounts: Vec::new() });
        }
        let Some(stage) = out.last_mut() else { continue };
        stage.count += r.count;
        if let Some(currency) = r.currency {
            stage.amounts.push(Amount { currency, value: r.value, weighted: r.weighted });
        }
    }
    for s in &mut out {
        s.amounts = Amount::sorted(std::mem::take(&mut s.amounts));
    }
    out
}
