//! This node's live connections per member: the first one marks them online, the last one (after a
//! grace period, so a reload is not a goodbye) marks them offline; a heartbeat keeps them fresh.

use crate::Ctx;
use std::collections::HashMap;
use std::sync::Mutex;
use uuid::Uuid;

#[derive(Default)]
pub(crate) struct LocalPresence {
    /// (tenant, user) → open sockets on this node.
    sockets: Mutex<HashMap<(Uuid, Uuid), usize>>,
}

impl LocalPresence {
    /// Answers whether this is the member's first socket here.
    fn add(&self, key: (Uuid, Uuid)) -> bool {
        let mut m = self.sockets.lock().unwrap_or_else(|e| e.into_inner());
        let n = m.entry(key).or_default();
        *n += 1;
        *n == 1
    }

    /// Answers whether that was the member's last socket here.
    fn remove(&self, key: (Uuid, Uuid)) -> bool {
        let mut m = self.sockets.lock().unwrap_or_else(|e| e.into_inner());
        match m.get_mut(&key) {
            Some(n) if *n > 1 => {
                *n -= 1;
                false
            }
            Some(_) => {
                m.remove(&key);
                true
            }
            None => false,
        }
    }

    fn has(&self, key: (Uuid, Uuid)) -> bool {
        self.sockets.lock().unwrap_or_else(|e| e.into_inner()).contains_key(&key)
    }

    fn keys(&self) -> Vec<(Uuid, Uuid)> {
        self.sockets.lock().unwrap_or_else(|e| e.into_inner()).keys().copied().collect()
    }
}

pub(crate) async fn socket_opened(ctx: &Ctx, tenant: Uuid, user: Uuid) {
    if ctx.local.add((tenant, user))
        && let Err(e) = ctx.services.presence.connected(tenant, user).await
    {
        tracing::warn!(error = %e, "presence not recorded");
    }
}

pub(crate) fn socket_closed(ctx: &Ctx, tenant: Uuid, user: Uuid) {
    if !ctx.local.remove((tenant, user)) {
        return;
    }
    let ctx = ctx.clone();
    tokio::spawn(async move {
        tokio::time::sleep(ctx.services.core.cfg.presence_grace).await;
        if !ctx.local.has((tenant, user))
            && let Err(e) = ctx.services.presence.disconnected(tenant, user).await
        {
            tracing::warn!(error = %e, "presence not cleared");
        }
    });
}

pub(crate) async fn heartbeat(ctx: Ctx) {
    loop {
        tokio::time::sleep(parley_services::team::presence::HEARTBEAT).await;
        if let Err(e) = ctx.services.presence.heartbeat(&ctx.local.keys()).await {
            tracing::warn!(error = %e, "presence heartbeat failed");
        }
    }
}
