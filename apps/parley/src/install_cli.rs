//! The commands that finish an install (`parley admin seed-defaults`, `parley admin first-workspace`): what the
//! installer runs after `migrate` and `admin create-platform-admin`, printed for a person or as JSON for it.

use parley_services::platform::install::{self, CloudNumber};
use parley_services::{DomainError, Services};
use serde_json::json;

/// A service error as one readable line (field errors spelled out).
fn explain(e: DomainError) -> anyhow::Error {
    match e {
        DomainError::Validation(fields) => {
            let list: Vec<String> = fields.iter().map(|f| format!("{}: {}", f.field, f.message)).collect();
            anyhow::anyhow!("{}", list.join("; "))
        }
        e => anyhow::anyhow!("{e}"),
    }
}

/// The standard plans when the platform has none; reports what exists afterwards, and what is built in.
pub async fn seed_defaults(services: &Services, as_json: bool) -> anyhow::Result<()> {
    let seeded = services.plans.seed_standard().await.map_err(explain)?;
    let plans = services.plans.list().await.map_err(explain)?;
    let names: Vec<&str> = plans.iter().map(|p| p.name.as_str()).collect();
    let default_plan = plans.iter().find(|p| p.is_default).map(|p| p.name.as_str());
    let mail_templates = parley_services::mail::templates::TEMPLATES.len();
    let flow_templates = parley_flow::templates::all().len();
    if as_json {
        let report = json!({
            "plansCreated": seeded.created,
            "plans": names,
            "defaultPlan": default_plan,
            "mailTemplates": mail_templates,
            "flowTemplates": flow_templates,
        });
        println!("{report}");
    } else if seeded.created > 0 {
        println!(
            "Created {} plans ({}), {} the default; {mail_templates} mail and {flow_templates} flow templates are built in.",
            seeded.created,
            names.join(", "),
            default_plan.unwrap_or("none"),
        );
    } else {
        println!(
            "Plans exist already ({}); nothing changed.",
            if names.is_empty() { "all archived".into() } else { names.join(", ") }
        );
    }
    Ok(())
}

/// Reads a required environment variable (secrets never travel as arguments: process lists show those).
fn env_var(name: &str) -> anyhow::Result<String> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| anyhow::anyhow!("--whatsapp cloud needs the environment variable {name}"))
}

/// The operator's workspace, made once, and with `--whatsapp cloud` its number from the `PARLEY_WA_*` variables.
pub async fn first_workspace(
    services: &Services,
    owner_email: &str,
    name: &str,
    whatsapp: WhatsApp,
    as_json: bool,
) -> anyhow::Result<()> {
    // Everything the number needs is read before anything is made, so a missing variable changes nothing.
    let number = match whatsapp {
        WhatsApp::None => None,
        WhatsApp::Cloud => Some(CloudNumber {
            name: std::env::var("PARLEY_WA_NAME").ok().filter(|n| !n.trim().is_empty()).unwrap_or("WhatsApp".into()),
            phone_number_id: env_var("PARLEY_WA_PHONE_NUMBER_ID")?,
            waba_id: env_var("PARLEY_WA_WABA_ID")?,
            access_token: env_var("PARLEY_WA_ACCESS_TOKEN")?,
            app_secret: env_var("PARLEY_WA_APP_SECRET")?,
        }),
    };
    let ws = install::first_workspace(services, owner_email, name).await.map_err(explain)?;
    let connection = match number {
        Some(n) => Some(install::connect_cloud_number(services, &ws, n).await.map_err(explain)?),
        None => None,
    };
    if as_json {
        let connection = connection.as_ref().map(|(c, created)| {
            json!({ "id": c.id, "created": created, "callbackUrl": c.webhook_url, "verifyToken": c.verify_token })
        });
        println!("{}", json!({ "workspaceId": ws.workspace_id, "created": ws.created, "connection": connection }));
        return Ok(());
    }
    let verb = if ws.created { "Created" } else { "Using" };
    println!("{verb} the workspace {} owned by {owner_email}.", ws.workspace_id);
    if let Some((c, created)) = connection {
        let verb = if created { "Connected" } else { "Kept" };
        println!(
            "{verb} the WhatsApp number {}. In Meta's webhook settings, set the callback URL {} and the verify token {}.",
            c.phone_number_id.unwrap_or_default(),
            c.webhook_url,
            c.verify_token
        );
    }
    Ok(())
}

/// Which WhatsApp number `first-workspace` connects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum WhatsApp {
    None,
    Cloud,
}
