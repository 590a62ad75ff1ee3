//! The commands that finish an install, through the real binary as the installer runs them: `parley admin
//! seed-defaults` creates the standard plans once, `parley admin first-workspace` makes the operator's workspace once
//! and connects its WhatsApp number (here against the WhatsApp simulator) once, with the JSON the installer reads.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

const PNID: &str = "109000000000001";
const WABA: &str = "209000000000001";
const TOKEN: &str = "EAAinstalltesttoken";
const SECRET: &str = "install-test-app-secret";
const OPERATOR: &str = "operator@example.com";

struct Env {
    db_url: String,
    dir: PathBuf,
    graph_url: Option<String>,
    stripe_url: Option<String>,
}

impl Env {
    fn new(name: &str) -> Self {
        let server = std::env::var("PARLEY_TEST_DATABASE_SERVER")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
        let id = format!("{name}_{}_{}", std::process::id(), uuid::Uuid::now_v7().simple());
        let dir = std::env::temp_dir().join(format!("parley-{id}"));
        std::fs::create_dir_all(&dir).expect("temp dir");
        Self { db_url: format!("{server}/parley_{id}"), dir, graph_url: None, stripe_url: None }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_parley"));
        c.args(args)
            .current_dir(&self.dir)
            .env("DATABASE_URL", &self.db_url)
            .env("PARLEY_DATABASE__AUTO_MIGRATE", "false")
            .env("PARLEY_SERVER__PUBLIC_URL", "https://crm.example.com")
            .env("PARLEY_MEDIA__LOCAL_DIR", self.dir.join("media"))
            .env("PARLEY_BACKUP__DIR", self.dir.join("backups"))
            .env("PARLEY_SECURITY__SECRETS_FILE", self.dir.join("secrets.toml"))
            .env("RUST_LOG", "error");
        if let Some(g) = &self.graph_url {
            c.env("PARLEY_WHATSAPP__GRAPH_URL", g);
        }
        if let Some(s) = &self.stripe_url {
            c.env("PARLEY_BILLING__STRIPE_BASE_URL", s).env("PARLEY_BILLING__STRIPE_SECRET_KEY", "sk_test_parley");
        }
        c
    }

    fn parley(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("parley runs")
    }

    /// `admin first-workspace --whatsapp cloud` with the number's secrets in the environment, as the installer passes
    /// them.
    fn first_workspace_with_number(&self, token: &str) -> Output {
        self.command(&["admin", "first-workspace", "--owner-email", OPERATOR, "--name", "Acme Support"])
            .args(["--whatsapp", "cloud", "--json"])
            .env("PARLEY_WA_PHONE_NUMBER_ID", PNID)
            .env("PARLEY_WA_WABA_ID", WABA)
            .env("PARLEY_WA_ACCESS_TOKEN", token)
            .env("PARLEY_WA_APP_SECRET", SECRET)
            .output()
            .expect("parley runs")
    }
}

fn out(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn json(o: &Output) -> Value {
    assert!(o.status.success(), "{}", out(o));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("JSON ({e}): {}", out(o)))
}

async fn owner_query(env: &Env, sql: &str) -> Vec<sea_orm::QueryResult> {
    use sea_orm::ConnectionTrait;
    let db = sea_orm::Database::connect(&env.db_url).await.expect("owner connection");
    let rows = db.query_all_raw(sea_orm::Statement::from_string(db.get_database_backend(), sql)).await.expect("query");
    db.close().await.ok();
    rows
}

#[tokio::test]
async fn seed_defaults_creates_the_standard_plans_once() {
    let env = Env::new("install_seed");
    assert!(env.parley(&["migrate"]).status.success());

    let first = json(&env.parley(&["admin", "seed-defaults", "--json"]));
    let names = serde_json::json!(["Starter", "Growth", "Pro", "Enterprise"]);
    assert_eq!(first["plansCreated"], 4, "{first}");
    assert_eq!(first["plans"], names);
    assert_eq!(first["defaultPlan"], "Starter");
    assert_eq!(first["mailTemplates"], parley_services::mail::templates::TEMPLATES.len());
    assert_eq!(first["flowTemplates"], parley_flow::templates::all().len());
    assert!(first["mailTemplates"].as_u64() > Some(0) && first["flowTemplates"].as_u64() > Some(0));

    let second = json(&env.parley(&["admin", "seed-defaults", "--json"]));
    assert_eq!(second["plansCreated"], 0, "{second}");
    assert_eq!(second["plans"], names);
    assert_eq!(second["defaultPlan"], "Starter");
    let rows = owner_query(&env, "select count(*)::bigint as n from plans").await;
    assert_eq!(rows[0].try_get::<i64>("", "n").expect("n"), 4, "no plan twice");

    // Plans the admin made are left alone: a platform with only its own plan gets none of ours.
    let other = Env::new("install_seed_own");
    assert!(other.parley(&["migrate"]).status.success());
    owner_query(
        &other,
        "insert into plans (id, name, currency, trial_days, features, limits, position, is_default)
         values (gen_random_uuid(), 'House plan', 'usd', 0, '{}', '{}', 0, true)",
    )
    .await;
    let kept = json(&other.parley(&["admin", "seed-defaults", "--json"]));
    assert_eq!(kept["plansCreated"], 0, "{kept}");
    assert_eq!(kept["plans"], serde_json::json!(["House plan"]));
    assert_eq!(kept["defaultPlan"], "House plan");
    let human = other.parley(&["admin", "seed-defaults"]);
    assert!(human.status.success() && out(&human).contains("nothing changed"), "{}", out(&human));
}

// Several threads: the simulators answer on this runtime while a thread waits for the binary.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_workspace_is_made_once_and_connects_its_number_once() {
    let sim_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind simulator");
    let sim_url = format!("http://{}/sim", sim_listener.local_addr().expect("addr"));
    let sim = parley_simulator::Simulator::new(parley_simulator::SimConfig {
        public_url: sim_url.clone(),
        ..Default::default()
    });
    sim.register_number(parley_simulator::BusinessNumber {
        phone_number_id: PNID.into(),
        waba_id: WABA.into(),
        display_phone_number: "+1 555-010-0909".into(),
        verified_name: "Acme".into(),
        access_token: TOKEN.into(),
        app_secret: SECRET.into(),
        webhook_url: "https://crm.example.com/unused".into(),
    });
    tokio::spawn(parley_simulator::serve(sim_listener, sim.clone()));
    // Billing through Stripe (its simulator): the plans go on sale and the workspace gets the default plan's trial.
    let stripe_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind stripe simulator");
    let stripe_url = format!("http://{}/", stripe_listener.local_addr().expect("addr"));
    let stripe = parley_stripe_sim::StripeSim::new(parley_stripe_sim::SimConfig {
        public_url: stripe_url.clone(),
        ..Default::default()
    });
    tokio::spawn(parley_stripe_sim::serve(stripe_listener, stripe));

    let mut env = Env::new("install_ws");
    env.graph_url = Some(format!("{sim_url}/graph/v23.0"));
    env.stripe_url = Some(stripe_url);
    assert!(env.parley(&["migrate"]).status.success());
    let seeded = json(&env.parley(&["admin", "seed-defaults", "--json"]));
    assert_eq!(seeded["plansCreated"], 4, "{seeded}");
    let rows = owner_query(&env, "select count(*)::bigint as n from plans where gateway_product_id is not null").await;
    assert_eq!(rows[0].try_get::<i64>("", "n").expect("n"), 4, "every plan on sale at Stripe");

    // Nobody has the address yet: refused, nothing made.
    let unknown = env.parley(&["admin", "first-workspace", "--owner-email", OPERATOR, "--name", "Acme Support"]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("No account has the email"), "{}", out(&unknown));

    let admin = env
        .command(&["admin", "create-platform-admin", "--email", OPERATOR])
        .env("PARLEY_ADMIN_PASSWORD", "a-long-operator-password-1")
        .output()
        .expect("parley runs");
    assert!(admin.status.success(), "{}", out(&admin));

    // Credentials the WhatsApp API refuses: a clear error, and no number left behind.
    let refused = env.first_workspace_with_number("EAAwrongtoken");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("The WhatsApp API refused"), "{}", out(&refused));
    let rows = owner_query(&env, "select count(*)::bigint as n from whatsapp_connections").await;
    assert_eq!(rows[0].try_get::<i64>("", "n").expect("n"), 0);

    let first = json(&env.first_workspace_with_number(TOKEN));
    // The refused run above made the workspace; this one finds it.
    assert_eq!(first["created"], false, "{first}");
    let ws = first["workspaceId"].as_str().expect("workspace id").to_owned();
    let conn = &first["connection"];
    assert_eq!(conn["created"], true, "{first}");
    let id = conn["id"].as_str().expect("connection id");
    assert_eq!(conn["callbackUrl"], format!("https://crm.example.com/api/v1/webhooks/whatsapp/{id}"));
    let verify = conn["verifyToken"].as_str().expect("verify token").to_owned();
    assert!(verify.len() >= 8);

    let again = json(&env.first_workspace_with_number(TOKEN));
    assert_eq!(again["workspaceId"], ws.as_str());
    assert_eq!(again["created"], false);
    assert_eq!(again["connection"]["id"], id);
    assert_eq!(again["connection"]["created"], false);
    assert_eq!(again["connection"]["verifyToken"], verify.as_str());

    let plain =
        json(&env.parley(&["admin", "first-workspace", "--owner-email", OPERATOR, "--name", "Other", "--json"]));
    assert_eq!(plain, serde_json::json!({ "workspaceId": ws, "created": false, "connection": null }));

    let rows = owner_query(
        &env,
        &format!(
            "select (select count(*) from tenants)::bigint as tenants,
                    (select count(*) from whatsapp_connections)::bigint as numbers,
                    (select status from whatsapp_connections limit 1) as status,
                    (select p.name || ' ' || s.status from subscriptions s join plans p on p.id = s.plan_id
                      where s.tenant_id = '{ws}') as plan,
                    (select m.role from memberships m join users u on u.id = m.user_id
                      where m.tenant_id = '{ws}' and u.email = '{OPERATOR}') as role"
        ),
    )
    .await;
    let r = &rows[0];
    assert_eq!(r.try_get::<i64>("", "tenants").expect("tenants"), 1, "never a second workspace");
    assert_eq!(r.try_get::<i64>("", "numbers").expect("numbers"), 1, "never a second number");
    assert_eq!(r.try_get::<String>("", "status").expect("status"), "connected");
    assert_eq!(r.try_get::<String>("", "role").expect("role"), "owner");
    assert_eq!(r.try_get::<String>("", "plan").expect("plan"), "Starter trialing", "the default plan's trial");
}
