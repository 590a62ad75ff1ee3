//! What finishing an install sets up on the server (`parley admin first-workspace`): the operator's own workspace,
//! owned by an existing person and made once, and its first WhatsApp Cloud API number, both through the same
//! paths as sign-up and the numbers page. Running it again changes nothing.

use crate::channel::dto::{Connection, ConnectionKindInput, CreateConnectionInput, UpdateConnectionInput};
use crate::check::{Check, checked};
use crate::{ClientInfo, Credential, DbResultExt, DomainError, Result, Services, TenantCtx};
use parley_domain::{Email, Role, TenantId, UserId};
use parley_store::repo;
use uuid::Uuid;

/// The operator's workspace, and whether this run made it.
#[derive(Debug, Clone)]
pub struct FirstWorkspace {
    pub workspace_id: Uuid,
    pub owner_id: Uuid,
    pub created: bool,
}

/// A Cloud API number as Meta's API Setup page shows it.
pub struct CloudNumber {
    pub name: String,
    pub phone_number_id: String,
    pub waba_id: String,
    pub access_token: String,
    pub app_secret: String,
}

/// The workspace `owner_email` owns, or a new one named `name` (with the default plan's trial, as a sign-up
/// gets). Never a second one: a person who owns a workspace already keeps it.
pub async fn first_workspace(services: &Services, owner_email: &str, name: &str) -> Result<FirstWorkspace> {
    let core = &services.core;
    let mut c = Check::default();
    let email = c.email("ownerEmail", owner_email);
    let name = c.text("name", name, 2, 100);
    c.finish()?;
    let (email, name): (Email, String) = (checked(email)?, checked(name)?);
    let user = repo::identity::users::find_by_email(&core.db.auth, email.as_str()).await.db()?.ok_or_else(|| {
        DomainError::Rejected {
            code: "unknown_owner",
            message: format!(
                "No account has the email {}; create it first (parley admin create-platform-admin).",
                email.as_str()
            ),
        }
    })?;
    let owned = repo::platform::system::memberships_of_user(&core.db, user.id)
        .await
        .db()?
        .into_iter()
        .find(|m| m.role == Role::Owner.as_str() && m.support_agency_id.is_none());
    if let Some(m) = owned {
        return Ok(FirstWorkspace { workspace_id: m.tenant_id, owner_id: user.id, created: false });
    }
    let tenant = TenantId::new();
    let tx = core.db.tenant_tx(tenant).await.db()?;
    core.open_workspace(&tx, &name, user.id, &ClientInfo::default()).await?;
    tx.commit().await.db()?;
    tracing::info!(tenant_id = %tenant, "the operator's first workspace was created");
    Ok(FirstWorkspace { workspace_id: tenant.0, owner_id: user.id, created: true })
}

/// Connects `number` in the workspace as its owner, or finds the connection with that phone number id there (its
/// credentials replaced by these, which were just checked), then tests it against the WhatsApp API. A number this
/// run made is removed again when the API refuses it, so a corrected run starts clean.
pub async fn connect_cloud_number(
    services: &Services,
    ws: &FirstWorkspace,
    number: CloudNumber,
) -> Result<(Connection, bool)> {
    let t = TenantCtx {
        tenant_id: TenantId(ws.workspace_id),
        credential: Credential::Person(UserId(ws.owner_id)),
        client: ClientInfo::default(),
    };
    let svc = &services.connections;
    let existing = svc
        .list(&t)
        .await?
        .into_iter()
        .find(|c| c.kind == "cloud" && c.phone_number_id.as_deref() == Some(number.phone_number_id.trim()));
    let (conn, created) = match existing {
        Some(c) => {
            let input = UpdateConnectionInput {
                name: None,
                access_token: Some(number.access_token),
                app_secret: Some(number.app_secret),
                verify_token: None,
                rate_per_second: None,
                messaging_limit: None,
            };
            (svc.update(&t, c.id, input).await?, false)
        }
        None => {
            let input = CreateConnectionInput(ConnectionKindInput::Cloud {
                name: number.name,
                phone_number_id: number.phone_number_id.trim().to_owned(),
                waba_id: number.waba_id.trim().to_owned(),
                access_token: number.access_token,
                app_secret: number.app_secret,
                verify_token: None,
                rate_per_second: None,
            });
            (svc.create(&t, input).await?, true)
        }
    };
    let test = svc.test(&t, conn.id).await?;
    if let Some(reason) = test.error {
        if created {
            svc.delete(&t, conn.id).await?;
        }
        return Err(DomainError::Upstream {
            code: "whatsapp_refused",
            message: format!(
                "The WhatsApp API refused the number {}: {reason}",
                conn.phone_number_id.unwrap_or_default()
            ),
        });
    }
    Ok((test.connection, created))
}
