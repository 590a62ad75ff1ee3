//! Group commit for webhook acknowledgements. Every delivery must be durable before Meta hears 200, and a
//! commit waits for the disk; so concurrent deliveries share commits: a few writers each take whatever
//! has queued up (up to `MAX_BATCH`), insert it per tenant in one statement and one commit, then answer
//! every waiting request. Under load the batch grows and the cost per delivery falls; alone, a delivery
//! waits for nothing but its own commit.

use crate::{DbResultExt, Result};
use parley_domain::TenantId;
use parley_store::Db;
use parley_store::repo::channel::webhook_events::NewEvent;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{Mutex, mpsc, oneshot};
use uuid::Uuid;

const MAX_BATCH: usize = 256;
const WRITERS: usize = 4;

struct Item {
    tenant_id: Uuid,
    event: NewEvent,
    done: oneshot::Sender<Result<()>>,
}

#[derive(Clone)]
pub(crate) struct AckWriter {
    queue: mpsc::Sender<Item>,
}

impl AckWriter {
    /// Starts the writers on the current runtime.
    pub(crate) fn start(db: Db) -> Self {
        let (queue, rx) = mpsc::channel::<Item>(MAX_BATCH * WRITERS * 4);
        let rx = Arc::new(Mutex::new(rx));
        for _ in 0..WRITERS {
            let (db, rx) = (db.clone(), rx.clone());
            tokio::spawn(async move {
                loop {
                    let mut batch = Vec::new();
                    {
                        let mut rx = rx.lock().await;
                        match rx.recv().await {
                            Some(first) => batch.push(first),
                            None => return,
                        }
                        while batch.len() < MAX_BATCH {
                            match rx.try_recv() {
                                Ok(item) => batch.push(item),
                                Err(_) => break,
                            }
                        }
                    }
                    write(&db, batch).await;
                }
            });
        }
        Self { queue }
    }

    /// Stores one event durably (answers once its commit is done).
    pub(crate) async fn store(&self, tenant_id: Uuid, event: NewEvent) -> Result<()> {
        let (done, wait) = oneshot::channel();
        self.queue
            .send(Item { tenant_id, event, done })
            .await
            .map_err(|_| crate::DomainError::internal("webhook writer stopped"))?;
        wait.await.map_err(|_| crate::DomainError::internal("webhook writer dropped the event"))?
    }
}

async fn write(db: &Db, batch: Vec<Item>) {
    let mut by_tenant: HashMap<Uuid, Vec<Item>> = HashMap::new();
    for item in batch {
        by_tenant.entry(item.tenant_id).or_default().push(item);
    }
    for (tenant, items) in by_tenant {
        let events: Vec<&NewEvent> = items.iter().map(|i| &i.event).collect();
        let result = async {
            let tx = db.tenant_tx(TenantId(tenant)).await.db()?;
            parley_store::repo::channel::webhook_events::insert_many(&tx, &events).await.db()?;
            tx.commit().await.db()
        }
        .await;
        for item in items {
            let r = match &result {
                Ok(()) => Ok(()),
                Err(e) => Err(crate::DomainError::internal(e)),
            };
            let _ = item.done.send(r);
        }
    }
}
