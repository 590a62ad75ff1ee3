//! The demo workspace's chatbot flows: four of the ready templates (three published, one a draft being worked
//! on), and a week of history on the welcome menu — runs the real engine walked with believable choices, so the
//! executions list, the traces and the per-node figures on the canvas have something to show.
//!
//! Keyword triggers (`menu`, `order`, `quote`) rather than "first message": a visitor trying the demo phone
//! meets the bot only when they ask for it.

use crate::flows::runner::{event, status_name};
use crate::{Core, DbResultExt, DomainError, Result};
use chrono::{Duration, Utc};
use parley_flow::{
    Compiled, ContactSnapshot, Context, EventKind, LocalTime, RunState, Trigger, TriggerKind, schema::MatchMode,
    templates,
};
use parley_store::TenantTx;
use parley_store::repo::flows::{definitions, runs, versions};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::Value;
use uuid::Uuid;

/// The number the demo phone page writes from: it never gets a seeded run, so it starts clean.
const PHONE_CUSTOMER: &str = "+14155550100";

fn keyword(word: &str, priority: i32) -> Trigger {
    Trigger {
        kind: TriggerKind::Keyword { keywords: vec![word.into()], match_mode: MatchMode::Exact },
        connection_ids: vec![],
        priority,
    }
}

pub(crate) async fn seed(_core: &Core, tx: &TenantTx, owner: Uuid) -> Result<()> {
    let mut welcome = None;
    for (key, name, trigger, publish) in [
        ("welcome_menu", "Welcome menu", keyword("menu", 10), true),
        ("order_status", "Order status", keyword("order", 5), true),
        (
            "out_of_hours",
            "After-hours reply",
            Trigger { kind: TriggerKind::Unassigned, connection_ids: vec![], priority: 0 },
            false,
        ),
        ("lead_capture", "Quote request", keyword("quote", 5), true),
    ] {
        let tpl = templates::by_key(key).ok_or_else(|| DomainError::internal(format!("template {key}")))?;
        crate::crm::fields::ensure(tx, &tpl.contact_fields).await?;
        let graph = serde_json::to_value(&tpl.graph).map_err(DomainError::internal)?;
        let trig = serde_json::to_value(&trigger).map_err(DomainError::internal)?;
        let w = definitions::FlowWrite {
            name,
            description: Some(&tpl.description),
            trigger: &trig,
            priority: trigger.priority,
            draft: &graph,
            template_key: Some(key),
        };
        let flow = definitions::insert(tx, Uuid::now_v7(), &w, Some(owner)).await.db()?;
        if publish {
            let (version_id, version) = versions::insert(tx, flow.id, &graph, &trig, Some(owner)).await.db()?;
            definitions::mark_published(tx, flow.id, version).await.db()?;
            if key == "welcome_menu" {
                welcome = Some((flow.id, version_id, tpl.graph.clone()));
            }
        }
    }
    if let Some((flow_id, version_id, graph)) = welcome {
        history(tx, flow_id, version_id, &graph).await?;
    }
    Ok(())
}

/// A week of runs of the welcome menu, walked by the engine: most customers pick a button, some write
/// something else first, a few ask for a person; two are waiting at the menu right now.
async fn history(tx: &TenantTx, flow_id: Uuid, version_id: Uuid, graph: &parley_flow::FlowGraph) -> Result<()> {
    let compiled = Compiled::new(graph).map_err(|e| DomainError::internal(format!("welcome menu: {e}")))?;
    let rows = tx
        .tx
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "select c.id, coalesce(c.name, c.profile_name, '') as name, cv.id as conversation
               from contacts c join conversations cv on cv.contact_id = c.id
              where c.phone is distinct from $1 order by c.created_at, c.id limit 40",
            [PHONE_CUSTOMER.into()],
        ))
        .await
        .db()?;
    // (replies, hours ago): the button ids tapped (or text typed) in order.
    let scripts: [&[&str]; 6] =
        [&["products"], &["hours"], &["products"], &["what is the price?", "human"], &["human"], &["hours"]];
    for (n, row) in rows.iter().enumerate() {
        let contact: Uuid = row.try_get("", "id").db()?;
        let name: String = row.try_get("", "name").db()?;
        let conversation: Uuid = row.try_get("", "conversation").db()?;
        let started = Utc::now() - Duration::minutes(((n as i64) * 251) % (7 * 24 * 60) + 30);
        let waiting = n < 2;
        let replies: &[&str] = if waiting { &[] } else { scripts[n % scripts.len()] };
        let ctx = Context {
            contact: ContactSnapshot { id: Some(contact), name: Some(name), ..Default::default() },
            open_now: true,
            window_open: true,
            local: LocalTime { weekday: 2, minutes: 11 * 60 },
        };
        let mut state = RunState::new();
        let mut steps: Vec<(parley_flow::TraceEntry, chrono::DateTime<Utc>)> = Vec::new();
        let mut at = started;
        let mut events = vec![EventKind::Start { text: Some("menu".into()) }];
        for r in replies {
            let known = ["products", "hours", "human"].contains(r);
            events.push(EventKind::Inbound {
                text: Some((*r).into()),
                reply_id: known.then(|| (*r).to_owned()),
                message_type: if known { "interactive" } else { "text" }.into(),
            });
        }
        for kind in events {
            let s = parley_flow::step(&compiled, &state, &event(kind, ctx.clone(), at));
            steps.extend(s.trace.into_iter().map(|t| (t, at)));
            state = s.state;
            at += Duration::seconds(40 + (n as i64 % 7) * 13);
        }
        let state_json = serde_json::to_value(&state).map_err(DomainError::internal)?;
        let run = runs::insert(
            tx,
            &runs::NewRun {
                id: Uuid::now_v7(),
                flow_id,
                version_id: Some(version_id),
                version: Some(1),
                graph: None,
                sandbox_env: None,
                contact_id: Some(contact),
                conversation_id: Some(conversation),
                origin: "keyword",
                sandbox: false,
                state: &state_json,
                started_by: None,
            },
        )
        .await
        .db()?;
        let ended = state.status.is_terminal();
        runs::update(
            tx,
            run.id,
            &runs::RunUpdate {
                status: status_name(state.status),
                state: &state_json,
                current_node: state.node.as_deref(),
                wake_at: None,
                wake_token: None,
                reason: state.reason.as_deref(),
                steps: steps.len() as i32,
                ended,
            },
        )
        .await
        .db()?;
        runs::backdate(tx, run.id, started, ended.then_some(at)).await.db()?;
        for (t, when) in &steps {
            let detail: Value = t.detail.clone();
            let step = runs::NewStep {
                node: &t.node,
                node_type: &t.node_type,
                outcome: t.outcome.as_deref(),
                detail: &detail,
                vars: None,
            };
            runs::append_steps(tx, run.id, Some(version_id), *when, &[step]).await.db()?;
        }
    }
    Ok(())
}
