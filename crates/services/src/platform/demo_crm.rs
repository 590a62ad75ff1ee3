//! The demo workspace's CRM: custom fields, ~300 international contacts, segments, the Sales pipeline
//! with deals in every stage, tickets, and conversations with history on the demo number.
//!
//! Deterministic: a fixed-seed generator picks every name, number and value, so two demo installs show
//! the same customers (only ids and dates relative to "now" differ). Contacts go in set-based, one
//! statement each for rows and labels, so seeding stays fast on a cold database.

use crate::{Core, DbResultExt, Result};
use chrono::{DateTime, Duration, Utc};
use parley_store::TenantTx;
use parley_store::repo;
use parley_store::repo::crm::deals::NewDeal;
use parley_store::repo::crm::tickets::{NewTicket, TicketPatch};
use parley_store::repo::inbox::messages::NewMessage;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

const CONTACTS: usize = 300;

/// A small xorshift generator: the same seed gives the same demo on every install.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// True `percent` times in 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

struct Country {
    prefix: &'static str,
    /// Digits after the prefix; the last three carry the contact's index so numbers never collide.
    digits: usize,
    cities: &'static [&'static str],
    first: &'static [&'static str],
    last: &'static [&'static str],
    companies: &'static [&'static str],
    mail: &'static str,
    currency: &'static str,
    weight: u64,
}

const PT_FIRST: &[&str] = &["Ana", "João", "Maria", "Pedro", "Inês", "Tiago", "Beatriz", "Rui", "Catarina", "Miguel"];
const PT_LAST: &[&str] = &["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins"];
const BR_FIRST: &[&str] = &["Lucas", "Juliana", "Gabriel", "Fernanda", "Rafael", "Camila", "Thiago", "Larissa"];
const BR_LAST: &[&str] = &["Souza", "Lima", "Almeida", "Carvalho", "Gomes", "Ribeiro", "Barbosa", "Araújo"];
const AR_FIRST: &[&str] = &["Omar", "Fatima", "Ahmed", "Layla", "Youssef", "Mariam", "Khalid", "Noura", "Hassan"];
const AR_LAST: &[&str] = &["Al-Farsi", "Haddad", "Al-Mansouri", "Nasser", "Khalil", "Al-Otaibi", "Saleh"];
const AR_SCRIPT: &[&str] = &["محمد العتيبي", "فاطمة الزهراء", "خالد المنصوري", "سارة الحربي", "يوسف بنعلي"];
const EN_FIRST: &[&str] = &["Oliver", "Emma", "James", "Sophie", "Harry", "Charlotte", "Jack", "Amelia", "Noah"];
const EN_LAST: &[&str] = &["Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Walker"];
const ES_FIRST: &[&str] = &["Alejandro", "Lucía", "Carlos", "Sofía", "Javier", "Valentina", "Diego", "Carmen"];
const ES_LAST: &[&str] = &["García", "Martínez", "López", "Sánchez", "Pérez", "Gómez", "Fernández", "Ruiz"];
const FR_FIRST: &[&str] = &["Camille", "Louis", "Chloé", "Hugo", "Léa", "Antoine", "Manon", "Julien"];
const FR_LAST: &[&str] = &["Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Lefèvre", "Girard"];

const COUNTRIES: &[Country] = &[
    Country {
        prefix: "+3519",
        digits: 8,
        cities: &["Lisbon", "Lisbon", "Porto", "Braga", "Coimbra"],
        first: PT_FIRST,
        last: PT_LAST,
        companies: &["Atlântico Calçado", "Casa Ribeira", "Lisboa Leather Lda"],
        mail: "sapo.pt",
        currency: "EUR",
        weight: 20,
    },
    Country {
        prefix: "+55119",
        digits: 8,
        cities: &["São Paulo", "Rio de Janeiro", "Belo Horizonte"],
        first: BR_FIRST,
        last: BR_LAST,
        companies: &["Loja Paulista", "Bolsas Carioca", "Tempo Relógios"],
        mail: "gmail.com",
        currency: "BRL",
        weight: 15,
    },
    Country {
        prefix: "+9715",
        digits: 8,
        cities: &["Dubai", "Abu Dhabi", "Sharjah"],
        first: AR_FIRST,
        last: AR_LAST,
        companies: &["Gulf Gifts Trading", "Desert Rose Boutique", "Marina Watches LLC"],
        mail: "outlook.com",
        currency: "AED",
        weight: 12,
    },
    Country {
        prefix: "+9665",
        digits: 8,
        cities: &["Riyadh", "Jeddah", "Dammam"],
        first: AR_FIRST,
        last: AR_LAST,
        companies: &["Najd Retail", "Red Sea Leather"],
        mail: "gmail.com",
        currency: "SAR",
        weight: 8,
    },
    Country {
        prefix: "+2126",
        digits: 8,
        cities: &["Casablanca", "Marrakesh", "Rabat"],
        first: AR_FIRST,
        last: AR_LAST,
        companies: &["Atlas Maroquinerie", "Souk Moderne"],
        mail: "gmail.com",
        currency: "MAD",
        weight: 6,
    },
    Country {
        prefix: "+447700900",
        digits: 3,
        cities: &["London", "Manchester", "Bristol"],
        first: EN_FIRST,
        last: EN_LAST,
        companies: &["Thames & Co", "Northern Goods Ltd", "Kensington Watch Works"],
        mail: "btinternet.com",
        currency: "GBP",
        weight: 12,
    },
    Country {
        prefix: "+1415555",
        digits: 4,
        cities: &["San Francisco", "New York", "Chicago"],
        first: EN_FIRST,
        last: EN_LAST,
        companies: &["Golden Gate Supply", "Hudson Outfitters", "Lakeview Gifts Inc"],
        mail: "gmail.com",
        currency: "USD",
        weight: 10,
    },
    Country {
        prefix: "+346",
        digits: 8,
        cities: &["Madrid", "Barcelona", "Valencia"],
        first: ES_FIRST,
        last: ES_LAST,
        companies: &["Calzados Ibéricos", "Regalos Sol SL"],
        mail: "hotmail.es",
        currency: "EUR",
        weight: 8,
    },
    Country {
        prefix: "+52155",
        digits: 8,
        cities: &["Ciudad de México", "Guadalajara"],
        first: ES_FIRST,
        last: ES_LAST,
        companies: &["Bolsos Azteca", "Relojería Reforma"],
        mail: "gmail.com",
        currency: "MXN",
        weight: 4,
    },
    Country {
        prefix: "+336",
        digits: 8,
        cities: &["Paris", "Lyon", "Marseille"],
        first: FR_FIRST,
        last: FR_LAST,
        companies: &["Maison Girard", "Maroquinerie du Marais"],
        mail: "orange.fr",
        currency: "EUR",
        weight: 5,
    },
];

const PLANS: &[(&str, u64)] = &[("Free", 35), ("Starter", 30), ("Pro", 25), ("Enterprise", 10)];
const INTERESTS: &[&str] = &["Shoes", "Bags", "Watches", "Gifts"];

/// Accents folded for e-mail addresses and web sites (names keep theirs).
fn ascii_slug(s: &str, sep: &str) -> String {
    let folded: String = s
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ã' | 'Á' => 'a',
            'é' | 'è' | 'ê' | 'É' => 'e',
            'í' | 'Í' => 'i',
            'ó' | 'ô' | 'õ' | 'Ó' => 'o',
            'ú' | 'Ú' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(sep)
}

/// The index whose cumulative weight first exceeds `r`.
fn weighted(mut r: u64, weights: impl Iterator<Item = u64>) -> usize {
    let mut last = 0;
    for (i, w) in weights.enumerate() {
        if r < w {
            return i;
        }
        r -= w;
        last = i;
    }
    last
}

fn sql(sql: &str, values: Vec<sea_orm::Value>) -> Statement {
    Statement::from_sql_and_values(DbBackend::Postgres, sql, values)
}

/// One demo customer as generated, before it has an id.
struct Person {
    name: String,
    country: usize,
    consent: &'static str,
}

/// Seeds the CRM of the demo workspace (inside `seed::demo`'s transaction).
pub(super) async fn seed(core: &Core, tx: &TenantTx, owner: Uuid, agent: Uuid, connection: Uuid) -> Result<()> {
    let mut rng = Rng(0x5eed_0f9a_71e7);
    for (key, label, kind, options) in [
        ("plan", "Plan", "select", &["Free", "Starter", "Pro", "Enterprise"][..]),
        ("city", "City", "text", &[][..]),
        ("seats", "Seats", "number", &[][..]),
        ("renewal", "Renewal date", "date", &[][..]),
        ("vip", "VIP", "boolean", &[][..]),
        ("interests", "Interests", "multi_select", INTERESTS),
        ("website", "Website", "url", &[][..]),
    ] {
        let options: Vec<String> = options.iter().map(|o| (*o).to_owned()).collect();
        repo::crm::fields::insert(tx, key, label, kind, false, &options).await.db()?;
    }
    for (name, color) in [("Newsletter", "#7c3aed"), ("Wholesale", "#0e7490"), ("Returning customer", "#a16207")] {
        repo::crm::labels::insert(tx, name, color, None).await.db()?;
    }
    let labels = repo::crm::labels::list(tx).await.db()?;
    let label = |name: &str| labels.iter().find(|l| l.name == name).map(|l| l.id);

    // ---- contacts, set-based ----
    let today = Utc::now().date_naive();
    let total_weight: u64 = COUNTRIES.iter().map(|c| c.weight).sum();
    let (mut rows, mut links, mut people) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..CONTACTS {
        let ci = weighted(rng.below(total_weight), COUNTRIES.iter().map(|c| c.weight));
        let c = &COUNTRIES[ci];
        let rest = c.digits.saturating_sub(3);
        let head = if rest == 0 { String::new() } else { format!("{:0rest$}", rng.below(10u64.pow(rest as u32))) };
        let phone = format!("{}{head}{i:03}", c.prefix);
        let arabic_script = c.first == AR_FIRST && rng.chance(20);
        let (first, last) = (*rng.pick(c.first), *rng.pick(c.last));
        let name = if arabic_script { (*rng.pick(AR_SCRIPT)).to_owned() } else { format!("{first} {last}") };
        // Some customers only ever gave WhatsApp their profile name.
        let (name_col, profile) =
            if rng.chance(8) { (None, Some(first.to_owned())) } else { (Some(name.clone()), None) };
        let email = (!arabic_script && rng.chance(60))
            .then(|| format!("{}.{}{}@{}", ascii_slug(first, ""), ascii_slug(last, ""), i % 7, c.mail));
        let company = rng.chance(40).then(|| (*rng.pick(c.companies)).to_owned());
        let mut attrs = serde_json::Map::new();
        if rng.chance(88) {
            let plan = PLANS[weighted(rng.below(100), PLANS.iter().map(|(_, w)| *w))].0;
            attrs.insert("plan".into(), json!(plan));
            attrs.insert("city".into(), json!(rng.pick(c.cities)));
            let seats = match plan {
                "Free" => 1 + rng.below(3),
                "Starter" => 2 + rng.below(9),
                "Pro" => 10 + rng.below(41),
                _ => 50 + rng.below(451),
            };
            attrs.insert("seats".into(), json!(seats));
            if plan != "Free" {
                let renewal = today + Duration::days(rng.below(400) as i64 - 30);
                attrs.insert("renewal".into(), json!(renewal.format("%Y-%m-%d").to_string()));
            }
            let vip = plan == "Enterprise" && rng.chance(60) || rng.chance(6);
            attrs.insert("vip".into(), json!(vip));
            let interests: Vec<&str> = INTERESTS.iter().copied().filter(|_| rng.chance(35)).collect();
            if !interests.is_empty() {
                attrs.insert("interests".into(), json!(interests));
            }
            if let Some(co) = &company {
                attrs.insert("website".into(), json!(format!("https://{}.example.com", ascii_slug(co, "-"))));
            }
        }
        let vip = attrs.get("vip") == Some(&json!(true));
        let (consent, source) = match rng.below(100) {
            0..=69 => ("opted_in", Some("import")),
            70..=79 => ("opted_out", Some("keyword")),
            80..=84 => ("opted_in", Some("manual")),
            _ => ("unknown", None),
        };
        // Seconds ago: spread over the last 120 days; consent came with the import, or later by keyword.
        let age = rng.below(120 * 86_400) as f64;
        let consent_age = if source == Some("keyword") { age * rng.below(100) as f64 / 100.0 } else { age };
        let id = Uuid::now_v7();
        rows.push(json!({
            "id": id, "phone": phone, "name": name_col, "profile_name": profile, "email": email, "company": company,
            "attributes": Value::Object(attrs), "consent_status": consent, "consent_source": source,
            "consent_age": consent_age, "age": age,
        }));
        let mut add = |l: Option<Uuid>| {
            if let Some(l) = l {
                links.push(json!({ "contact_id": id, "label_id": l }));
            }
        };
        if vip {
            add(label("VIP"));
        }
        if consent == "opted_in" && rng.chance(30) {
            add(label("Newsletter"));
        }
        if company.is_some() && rng.chance(30) {
            add(label("Wholesale"));
        }
        if rng.chance(15) {
            add(label("Returning customer"));
        }
        if rng.chance(8) {
            add(label("Sales lead"));
        }
        people.push((id, Person { name, country: ci, consent }));
    }
    tx.tx
        .execute_raw(sql(
            "insert into contacts (id, tenant_id, phone, name, profile_name, email, company, attributes,
                consent_status, consent_source, consent_at, created_at, updated_at)
             select r.id, $2, r.phone, r.name, r.profile_name, r.email, r.company, r.attributes, r.consent_status,
                r.consent_source,
                case when r.consent_source is null then null else now() - make_interval(secs => r.consent_age) end,
                now() - make_interval(secs => r.age), now() - make_interval(secs => r.consent_age)
             from jsonb_to_recordset($1) as r(id uuid, phone text, name text, profile_name text, email text,
                company text, attributes jsonb, consent_status text, consent_source text, consent_age float8,
                age float8)",
            vec![Value::Array(rows).into(), tx.tenant_id.0.into()],
        ))
        .await
        .db()?;
    tx.tx
        .execute_raw(sql(
            "insert into contact_labels (tenant_id, contact_id, label_id)
             select $2, r.contact_id, r.label_id from jsonb_to_recordset($1) as r(contact_id uuid, label_id uuid)
             on conflict do nothing",
            vec![Value::Array(links).into(), tx.tenant_id.0.into()],
        ))
        .await
        .db()?;

    // ---- conversations with history ----
    let now = Utc::now();
    let talkers: Vec<&(Uuid, Person)> =
        people.iter().filter(|(_, p)| p.consent != "opted_out").step_by(17).take(15).collect();
    let mut conversations = Vec::new();
    let mut wamid = 0;
    for (n, (contact, person)) in talkers.iter().enumerate() {
        let (conv, _) = repo::inbox::conversations::ensure(tx, *contact, connection).await.db()?;
        let script = SCRIPTS[n % SCRIPTS.len()];
        // The newest conversations ended minutes ago, the oldest a few days ago.
        let end = now - Duration::minutes(7 + (n as i64).pow(3) * 9);
        let steps = script.len() as i64;
        let mut last: Option<DateTime<Utc>> = None;
        let (mut unread, mut last_inbound) = (0, None);
        for (k, (dir, text)) in script.iter().enumerate() {
            let at = end - Duration::minutes((steps - 1 - k as i64) * (3 + n as i64));
            let text = text.replace("{name}", person.name.split(' ').next().unwrap_or(""));
            let (direction, status, sender) = match *dir {
                'i' => ("inbound", "received", None),
                'n' => ("note", "received", Some(owner)),
                _ => ("outbound", if k + 2 < script.len() { "read" } else { "delivered" }, Some(agent)),
            };
            let wa = (direction != "note").then(|| {
                wamid += 1;
                format!("wamid.demo.{n}.{wamid}")
            });
            let m = NewMessage {
                id: Uuid::now_v7(),
                wa_message_id: wa.as_deref(),
                created_at: at,
                ..NewMessage::authored(conv, connection, direction, "text", json!({ "text": text }), status, sender)
            };
            repo::inbox::messages::insert(tx, m).await.db()?;
            if direction == "inbound" {
                unread += 1;
                last_inbound = Some(at);
            } else if direction == "outbound" {
                unread = 0;
            }
            if direction != "note" {
                last = Some(at);
            }
        }
        let Some(last_at) = last else { continue };
        // Only the newest few wait for an answer; the team has read the rest.
        if n >= 5 {
            unread = 0;
        }
        let preview = script.iter().rev().find(|(d, _)| *d != 'n').map(|(_, t)| *t).unwrap_or("");
        let preview = preview.replace("{name}", person.name.split(' ').next().unwrap_or(""));
        let status = if n % 5 == 4 && unread == 0 { "resolved" } else { "open" };
        // The agent's Mine starts empty, so what a customer writes during the demo is what they see there.
        let assignee = (n % 3 == 2).then_some(owner);
        conversations.push(json!({
            "id": conv, "status": status, "assignee_id": assignee, "last_inbound_at": last_inbound,
            "last_message_at": last_at, "preview": preview.chars().take(120).collect::<String>(),
            "unread": unread, "created_at": last_at - Duration::minutes(steps * (3 + n as i64) + 1),
        }));
    }
    // One statement; the trigger of 0004 copies last_message_at onto the contacts.
    tx.tx
        .execute_raw(sql(
            "update conversations v set status = a.status, assignee_id = a.assignee_id,
                last_inbound_at = a.last_inbound_at, last_message_at = a.last_message_at,
                last_message_preview = a.preview, unread_count = a.unread, created_at = a.created_at,
                updated_at = a.last_message_at
             from jsonb_to_recordset($1) as a(id uuid, status text, assignee_id uuid, last_inbound_at timestamptz,
                last_message_at timestamptz, preview text, unread int, created_at timestamptz)
             where v.id = a.id",
            vec![Value::Array(conversations.clone()).into()],
        ))
        .await
        .db()?;
    let conversation_of = |contact: Uuid| {
        talkers
            .iter()
            .position(|(c, _)| *c == contact)
            .and_then(|i| conversations.get(i))
            .and_then(|v| v["id"].as_str().and_then(|s| s.parse::<Uuid>().ok()))
    };

    // ---- segments (criteria exactly as the API takes them) ----
    let vip = label("VIP").unwrap_or_default();
    for (name, description, criteria) in [
        (
            "VIP customers",
            "Marked VIP on the profile or labelled VIP",
            json!({ "op": "or", "conditions": [
                { "field": "field.vip", "operator": "is_true" },
                { "field": "label", "operator": "has", "value": vip },
            ]}),
        ),
        (
            "Pro or Enterprise in Lisbon",
            "Paying plans in our home city",
            json!({ "op": "and", "conditions": [
                { "field": "field.plan", "operator": "in", "value": ["Pro", "Enterprise"] },
                { "field": "field.city", "operator": "equals", "value": "Lisbon" },
            ]}),
        ),
        (
            "Opted in, no message in 30 days",
            "Reachable for a campaign and quiet lately",
            json!({ "op": "and", "conditions": [
                { "field": "consent", "operator": "equals", "value": "opted_in" },
                { "field": "lastMessageAt", "operator": "not_within_days", "value": 30 },
            ]}),
        ),
        (
            "Watch lovers, renewing soon",
            "Interested in watches, renewal within the next 90 days",
            json!({ "op": "and", "conditions": [
                { "field": "field.interests", "operator": "has", "value": "Watches" },
                { "field": "field.renewal", "operator": "between", "value": [
                    today.format("%Y-%m-%d").to_string(),
                    (today + Duration::days(90)).format("%Y-%m-%d").to_string(),
                ]},
            ]}),
        ),
    ] {
        repo::crm::segments::insert(tx, name, Some(description), &criteria, Some(owner)).await.db()?;
    }

    // ---- the Sales pipeline and its deals ----
    let pipeline = core.default_pipeline(tx).await?;
    let stages = repo::crm::pipelines::stages(tx, &[pipeline.id]).await.db()?;
    let open: Vec<&(Uuid, Person)> = people.iter().filter(|(_, p)| p.consent != "opted_out").collect();
    let mut deal_ids = Vec::new();
    for (n, (title, stage, value, priority, close_in_days)) in DEALS.iter().enumerate() {
        let Some(stage) = stages.iter().find(|s| s.name == *stage) else { continue };
        let (contact, person) = open[(n * 11 + 3) % open.len()];
        let currency = COUNTRIES[person.country].currency;
        let owner_id = match n % 4 {
            0 | 2 => Some(agent),
            1 => Some(owner),
            _ => None,
        };
        let id = repo::crm::deals::insert(
            tx,
            NewDeal {
                pipeline_id: pipeline.id,
                stage_id: stage.id,
                title,
                value: *value,
                currency,
                priority,
                expected_close_date: Some(today + Duration::days(*close_in_days)),
                owner_id,
                contact_id: *contact,
                conversation_id: conversation_of(*contact),
                notes: (n % 3 == 0).then_some("Asked for a volume discount; follow up after the catalogue call."),
                created_by: Some(owner_id.unwrap_or(owner)),
            },
        )
        .await
        .db()?;
        deal_ids.push(json!({ "id": id, "age": 3 + (n as i64 * 37) % 80, "closed": (n as i64 * 13) % 20 }));
    }
    // Deals were opened over the last weeks and closed some days ago, not all this second.
    tx.tx
        .execute_raw(sql(
            "update deals d set created_at = now() - make_interval(days => a.age),
                closed_at = case when d.status = 'open' then null
                                 else now() - make_interval(days => least(a.closed, a.age)) end
             from jsonb_to_recordset($1) as a(id uuid, age int, closed int) where d.id = a.id",
            vec![Value::Array(deal_ids).into()],
        ))
        .await
        .db()?;

    // ---- tickets ----
    for (n, (subject, status, priority, assigned, comments)) in TICKETS.iter().enumerate() {
        let (contact, _) = if n % 2 == 0 { talkers[n % talkers.len()] } else { open[(n * 23 + 5) % open.len()] };
        let number = repo::crm::tickets::next_number(tx, "ticket").await.db()?;
        let assignee = match assigned {
            'a' => Some(agent),
            'o' => Some(owner),
            _ => None,
        };
        let id = repo::crm::tickets::insert(
            tx,
            NewTicket {
                number,
                subject,
                description: Some("Opened from a WhatsApp conversation."),
                priority,
                assignee_id: assignee,
                contact_id: Some(*contact),
                due_at: Some(now + Duration::hours(n as i64 * 12 - 48)),
                created_by: Some(owner),
            },
        )
        .await
        .db()?;
        if *status != "open" {
            let patch = TicketPatch { status: Some((*status).to_owned()), ..Default::default() };
            repo::crm::tickets::update(tx, id, patch).await.db()?;
        }
        if let Some(conv) = conversation_of(*contact) {
            repo::crm::tickets::set_conversations(tx, id, &[conv]).await.db()?;
        }
        for (k, body) in comments.iter().enumerate() {
            let author = if k % 2 == 0 { agent } else { owner };
            repo::crm::tickets::add_comment(tx, id, Some(author), body).await.db()?;
        }
    }
    privacy(core, tx, owner).await
}

/// GDPR, visible in the demo: one customer with a conversation erased by the owner (the contact list shows "Erased
/// contact", the audit log the entry) and the retention setting saved, off.
async fn privacy(core: &Core, tx: &TenantTx, owner: Uuid) -> Result<()> {
    #[derive(sea_orm::FromQueryResult)]
    struct Picked {
        id: Uuid,
    }
    use sea_orm::FromQueryResult;
    let picked = Picked::find_by_statement(Statement::from_string(
        DbBackend::Postgres,
        "select c.id from contacts c where exists (select 1 from conversations v where v.contact_id = c.id)
          order by c.created_at, c.id offset 3 limit 1",
    ))
    .one(&tx.tx)
    .await
    .db()?;
    repo::privacy::retention::set_retention(tx, None).await.db()?;
    let Some(Picked { id }) = picked else { return Ok(()) };
    let Some(locked) = repo::privacy::contact::lock(tx, id).await.db()? else { return Ok(()) };
    let n = repo::privacy::contact::erase(tx, id, locked.phone.as_deref()).await.db()?;
    let meta = json!({ "messages": n.messages, "media": n.media, "deals": n.deals, "tickets": n.tickets,
        "campaignRecipients": n.campaign_recipients, "skippedCampaignMessages": n.skipped_recipients });
    let client = crate::ClientInfo::default();
    core.audit(tx, Some(owner), &client, "contact.erased", Some("contact"), Some(id.to_string()), meta).await
}

/// Who says what: `i` the customer, `o` the agent, `n` an internal note; `{name}` is the first name.
type Script = &'static [(char, &'static str)];

const SCRIPTS: &[Script] = &[
    &[
        ('i', "Hi! Do you still have the brown leather tote in stock?"),
        ('o', "Hi {name}, yes we do: brown and black. Would you like me to reserve one?"),
        ('i', "Brown please. Can it be delivered by Friday?"),
    ],
    &[
        ('i', "Olá, a minha encomenda #4812 ainda não chegou"),
        ('o', "Olá {name}! Vou verificar com a transportadora e já lhe digo."),
        ('n', "Carrier says it is stuck in Porto hub, opened a claim."),
        ('o', "A encomenda chega amanhã de manhã. Pedimos desculpa pelo atraso!"),
        ('i', "Obrigada 🙏"),
    ],
    &[
        ('i', "مرحبا، هل الساعة متوفرة باللون الذهبي؟"),
        ('o', "أهلاً {name}! نعم، متوفرة. هل تريد أن نرسل لك الصور؟"),
        ('i', "نعم من فضلك"),
    ],
    &[
        ('i', "Hello, I'd like a quote for 50 seats on the Pro plan"),
        ('o', "Hi {name}, happy to help. Is that billed yearly?"),
        ('i', "Yearly, and we need invoices in EUR"),
        ('o', "Noted. I'll send the proposal today."),
        ('n', "Big one: loop in Olivia for the discount."),
    ],
    &[
        ('i', "Hola, ¿hacéis envíos a Valencia?"),
        ('o', "¡Hola {name}! Sí, en 48 horas y gratis a partir de 50 €."),
        ('i', "Perfecto, gracias"),
        ('o', "¡A ti! Cualquier cosa, aquí estamos."),
    ],
    &[
        ('i', "Bonjour, je voudrais échanger des chaussures (taille 39 → 40)"),
        ('o', "Bonjour {name}, bien sûr. Je vous envoie l'étiquette de retour."),
        ('i', "Merci ! Et le délai ?"),
    ],
    &[('i', "Is the store open on Sunday?"), ('o', "Hi {name}! Sundays 10:00 to 16:00."), ('i', "Great, see you then")],
    &[
        ('i', "My card was charged twice for order 5530"),
        ('n', "Checked Stripe: duplicate authorisation, refund issued."),
        ('o', "Hi {name}, sorry about that: the second charge was refunded, 3-5 days to show."),
        ('i', "Ok thanks. Still waiting for it though"),
        ('i', "Can you send me the receipt?"),
    ],
    &[
        ('i', "Bom dia! Vocês têm a pulseira de relógio em couro?"),
        ('o', "Bom dia {name}! Temos sim, em 3 cores."),
        ('i', "Quero a marrom, como pago?"),
    ],
    &[
        ('i', "Do you sell gift cards?"),
        ('o', "We do, {name}: from 25 to 500, sent by WhatsApp or e-mail."),
        ('i', "Can I pick the date it is sent?"),
    ],
    &[
        ('i', "Hi, any gift wrapping for corporate orders? We need 120 boxes"),
        ('o', "Hi {name}! Yes, branded wrapping from 100 units. Which date do you need them?"),
        ('i', "Before the 15th. Can you do a call tomorrow?"),
    ],
    &[
        ('i', "Salam, the bag strap broke after two weeks"),
        ('o', "I'm sorry {name}, could you send a photo?"),
        ('i', "[photo] here it is"),
        ('n', "Warranty case: replace, do not refund."),
    ],
];

/// Title, stage, value, priority, expected close in days from today (negative: overdue).
const DEALS: &[(&str, &str, f64, &str, i64)] = &[
    ("Spring catalogue: 40 tote bags", "Lead", 2_400.0, "medium", 30),
    ("Corporate gifts, 120 boxes", "Lead", 6_000.0, "high", 21),
    ("Boutique restock (shoes)", "Lead", 1_850.0, "low", 45),
    ("Watch straps wholesale", "Lead", 900.0, "low", -4),
    ("Hotel lobby shop partnership", "Lead", 12_500.0, "medium", 60),
    ("Wedding favours, 200 units", "Lead", 3_200.0, "medium", 14),
    ("Pro plan, 25 seats", "Qualified", 7_500.0, "high", 20),
    ("Airport duty-free pilot", "Qualified", 18_000.0, "urgent", 10),
    ("Leather care kits", "Qualified", 640.0, "low", -2),
    ("Starter plan upgrade", "Qualified", 480.0, "medium", 7),
    ("Christmas window display", "Qualified", 2_900.0, "medium", 35),
    ("Enterprise renewal 2027", "Proposal", 24_000.0, "high", 15),
    ("Uniform shoes for 60 staff", "Proposal", 5_400.0, "medium", -9),
    ("Limited edition watches", "Proposal", 9_800.0, "high", 5),
    ("E-commerce bundle", "Proposal", 1_200.0, "low", 25),
    ("Franchise in Porto", "Negotiation", 35_000.0, "urgent", 3),
    ("Annual gift cards", "Negotiation", 4_500.0, "medium", -1),
    ("Pro plan, 50 seats (yearly)", "Negotiation", 15_000.0, "high", 12),
    ("Department store corner", "Negotiation", 21_000.0, "high", 18),
    ("Bags for the marathon expo", "Won", 3_600.0, "medium", -10),
    ("Enterprise, 120 seats", "Won", 28_800.0, "high", -20),
    ("Eid gift collection", "Won", 7_200.0, "medium", -6),
    ("Repair partnership", "Won", 1_100.0, "low", -15),
    ("Pop-up store, summer", "Lost", 8_000.0, "medium", -12),
    ("Custom watch engraving", "Lost", 650.0, "low", -30),
];

/// Subject, status, priority, assigned to (`a` agent, `o` owner, `-` nobody), comments.
const TICKETS: &[(&str, &str, &str, char, &[&str])] = &[
    ("Order #4812 not delivered", "open", "high", 'a', &["Claim opened with the carrier.", "Customer informed."]),
    ("Charged twice for order 5530", "pending", "urgent", 'a', &["Refund issued, waiting for the bank."]),
    ("Exchange: shoes size 39 to 40", "open", "medium", '-', &[]),
    ("Broken bag strap (warranty)", "open", "high", 'o', &["Replacement approved; ship from Lisbon."]),
    ("Invoice in EUR for the yearly plan", "resolved", "low", 'a', &[]),
    ("Gift wrapping for 120 boxes", "pending", "medium", 'o', &[]),
    ("Watch not keeping time", "open", "medium", 'a', &["Asked for a photo of the serial number.", "Received."]),
    ("Change delivery address", "closed", "low", '-', &[]),
    ("Wrong colour received", "resolved", "medium", 'a', &[]),
    ("Cannot log in to the loyalty app", "open", "urgent", '-', &[]),
    ("Request for a bulk discount", "pending", "low", 'o', &[]),
    ("Missing receipt", "closed", "low", 'a', &[]),
];
