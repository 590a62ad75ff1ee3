//! Who is on line: live connections per node in a Redis sorted set (scored by the last heartbeat, so a
//! crashed node's entries go stale by themselves), and the availability each member chose.

use crate::ctx::TenantCtx;
use crate::events::Event;
use crate::team::dto::{Agent, AgentStatus, UpdateAgentInput, UpdateMyStatusInput};
use crate::{Core, DbResultExt, DomainError, Result, Role, stored};
use parley_domain::TenantId;
use parley_store::repo::{self, team::agents::AgentRow};
use redis::AsyncCommands;
use std::collections::HashSet;
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct PresenceService(pub(crate) Arc<Core>);

/// A connection counts as live this long after its node's last heartbeat.
const FRESH_MS: i64 = 60_000;
/// How often a node should renew its connections (well inside `FRESH_MS`).
pub const HEARTBEAT: std::time::Duration = std::time::Duration::from_secs(20);

fn key(tenant: Uuid) -> String {
    format!("parley:presence:{tenant}")
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn agent_dto(r: AgentRow, online: &HashSet<Uuid>) -> Result<Agent> {
    Ok(Agent {
        online: online.contains(&r.user_id),
        user_id: r.user_id,
        name: r.name,
        email: r.email,
        role: stored(Role::parse, &r.role)?,
        status: stored(AgentStatus::parse, &r.availability)?,
        capacity: r.capacity,
        open_conversations: r.open_conversations,
        last_seen_at: r.last_seen_at,
    })
}

impl Core {
    /// Members with a live connection on any node.
    pub(crate) async fn online_users(&self, tenant: Uuid) -> Result<HashSet<Uuid>> {
        let mut r = self.redis.clone();
        let members: Vec<String> =
            r.zrangebyscore(key(tenant), now_ms() - FRESH_MS, "+inf").await.map_err(DomainError::internal)?;
        Ok(members.iter().filter_map(|m| m.split('|').next()).filter_map(|u| Uuid::parse_str(u).ok()).collect())
    }
}

impl PresenceService {
    fn member(&self, user: Uuid) -> String {
        format!("{user}|{}", self.0.node_id)
    }

    /// Records that the member was just seen; answers them (`None`: no longer an active member). `came` says
    /// they came on line (their availability starts counting for analytics) or went off line.
    async fn seen(&self, tenant: Uuid, user: Uuid, came: Option<bool>) -> Result<Option<AgentRow>> {
        let tx = self.0.db.tenant_tx(TenantId(tenant)).await.db()?;
        let agent = repo::team::agents::get(&tx, user).await.db()?;
        repo::team::agents::touch(&tx, user).await.db()?;
        if let (Some(came), Some(a)) = (came, &agent) {
            let status = if came { a.availability.as_str() } else { "offline" };
            repo::team::agents::log_status(&tx, user, status).await.db()?;
        }
        tx.commit().await.db()?;
        Ok(agent)
    }

    /// A member's first connection on this node opened. Publishes their presence if they were offline.
    pub async fn connected(&self, tenant: Uuid, user: Uuid) -> Result<()> {
        let was = self.0.online_users(tenant).await?.contains(&user);
        let mut r = self.0.redis.clone();
        let _: () = r.zadd(key(tenant), self.member(user), now_ms()).await.map_err(DomainError::internal)?;
        let agent = self.seen(tenant, user, (!was).then_some(true)).await?;
        if !was && let Some(a) = agent {
            self.0
                .events
                .publish(tenant, [Event::AgentPresence { user_id: user, status: a.availability, online: true }]);
        }
        Ok(())
    }

    /// Renews this node's live connections.
    pub async fn heartbeat(&self, users: &[(Uuid, Uuid)]) -> Result<()> {
        if users.is_empty() {
            return Ok(());
        }
        let mut pipe = redis::pipe();
        let now = now_ms();
        for (tenant, user) in users {
            pipe.zadd(key(*tenant), self.member(*user), now).ignore();
            pipe.zrembyscore(key(*tenant), "-inf", now - 10 * FRESH_MS).ignore();
        }
        let mut r = self.0.redis.clone();
        pipe.query_async::<()>(&mut r).await.map_err(DomainError::internal)
    }

    /// A member's last connection on this node closed (after the grace period). Publishes that they are
    /// off line unless another node still has them.
    pub async fn disconnected(&self, tenant: Uuid, user: Uuid) -> Result<()> {
        let mut r = self.0.redis.clone();
        let _: () = r.zrem(key(tenant), self.member(user)).await.map_err(DomainError::internal)?;
        if self.0.online_users(tenant).await?.contains(&user) {
            return Ok(());
        }
        if let Some(a) = self.seen(tenant, user, Some(false)).await? {
            self.0
                .events
                .publish(tenant, [Event::AgentPresence { user_id: user, status: a.availability, online: false }]);
        }
        Ok(())
    }

    /// The member behind a socket, verified against the database (active membership, active workspace).
    pub async fn whoami(&self, t: &TenantCtx) -> Result<Agent> {
        let (tx, actor) = self.0.begin(t, Role::Agent).await?;
        let user = actor.user_id.ok_or(DomainError::Forbidden)?.0;
        let row = repo::team::agents::get(&tx, user).await.db()?.ok_or(DomainError::Forbidden)?;
        agent_dto(row, &HashSet::new())
    }

    pub async fn agents(&self, t: &TenantCtx) -> Result<Vec<Agent>> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let rows = repo::team::agents::list(&tx).await.db()?;
        let online = self.0.online_users(t.tenant_id.0).await?;
        rows.into_iter().map(|r| agent_dto(r, &online)).collect()
    }

    /// The caller chooses their availability (online, away, busy, offline).
    pub async fn set_my_status(&self, t: &TenantCtx, i: UpdateMyStatusInput) -> Result<Agent> {
        let (tx, actor) = self.0.begin(t, Role::Agent).await?;
        let user = actor.user_id.ok_or(DomainError::Forbidden)?.0;
        repo::team::agents::set_availability(&tx, user, i.status.as_str()).await.db()?;
        repo::team::agents::log_status(&tx, user, i.status.as_str()).await.db()?;
        let row = repo::team::agents::get(&tx, user).await.db()?.ok_or(DomainError::NotFound("Member"))?;
        tx.commit().await.db()?;
        let online = self.0.online_users(t.tenant_id.0).await?;
        let agent = agent_dto(row, &online)?;
        self.0.events.publish(
            t.tenant_id.0,
            [Event::AgentPresence { user_id: user, status: agent.status.as_str().to_owned(), online: agent.online }],
        );
        Ok(agent)
    }

    pub async fn update_agent(&self, t: &TenantCtx, user: Uuid, i: UpdateAgentInput) -> Result<Agent> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        if i.capacity.is_some_and(|c| !(0..=1000).contains(&c)) {
            return Err(DomainError::field("capacity", "must be 0 to 1000, or null for the workspace default"));
        }
        if !repo::team::agents::set_capacity(&tx, user, i.capacity).await.db()? {
            return Err(DomainError::NotFound("Member"));
        }
        let row = repo::team::agents::get(&tx, user).await.db()?.ok_or(DomainError::NotFound("Member"))?;
        tx.commit().await.db()?;
        agent_dto(row, &self.0.online_users(t.tenant_id.0).await?)
    }
}
