//! The demo workspace's campaigns: the number's approved templates (the simulator's, stored as a sync would), a
//! marketing campaign that ran last week with its funnel (delivered, read, replied, clicks on its tracked button,
//! failures with Meta's codes, costs), a scheduled one, and a draft being prepared, so every campaign page has
//! something to show.

use crate::campaigns::editor::template_json;
use crate::{Core, DbResultExt, Result};
use chrono::{Datelike, Duration, Utc};
use parley_store::TenantTx;
use parley_store::repo::campaigns::definitions as campaigns;
use parley_store::repo::channel::templates;
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

/// A template as the simulator serves it: name, language, category, components.
pub type SeedTemplate = (String, String, String, Value);

#[derive(FromQueryResult)]
struct Person {
    id: Uuid,
    phone: String,
    name: Option<String>,
}

pub(crate) async fn seed(
    _core: &Core,
    tx: &TenantTx,
    owner: Option<Uuid>,
    connection: Uuid,
    seeded: &[SeedTemplate],
) -> Result<()> {
    let mut by_name = std::collections::HashMap::new();
    for (name, language, category, components) in seeded {
        let t = templates::upsert(
            tx,
            connection,
            templates::TemplateData {
                wa_template_id: None,
                name,
                language,
                category: Some(category),
                status: "APPROVED",
                components,
            },
        )
        .await
        .db()?;
        by_name.insert(name.clone(), t);
    }
    if !campaigns::page(tx, None, None, 1).await.db()?.is_empty() {
        return Ok(());
    }
    // `member_offer`'s button goes through Parley's click redirect, so the finished campaign has clicks to show.
    let (Some(promo), Some(orders)) = (by_name.get("member_offer"), by_name.get("order_update")) else {
        return Ok(());
    };
    let people = Person::find_by_statement(Statement::from_string(
        DbBackend::Postgres,
        "select id, phone, coalesce(name, profile_name) as name from contacts
          where phone is not null and phone not like '+1%' and consent_status <> 'opted_out'
          order by created_at limit 48",
    ))
    .all(&tx.tx)
    .await
    .db()?;
    let segment: Option<Uuid> = {
        #[derive(FromQueryResult)]
        struct Seg {
            id: Uuid,
        }
        Seg::find_by_statement(Statement::from_string(
            DbBackend::Postgres,
            "select id from segments where name like 'Opted in%' limit 1",
        ))
        .one(&tx.tx)
        .await
        .db()?
        .map(|s| s.id)
    };
    let ids = [connection];
    let promo_vars = json!([
        { "slot": "body.1", "source": "field", "value": "first_name", "fallback": "there" },
        { "slot": "body.2", "source": "constant", "value": "early access to Black Friday prices" }
    ]);
    let audience = json!({ "includeSegments": segment.into_iter().collect::<Vec<_>>() });

    // Last week's campaign, finished, with a believable funnel.
    let ran = Uuid::now_v7();
    let w = campaigns::CampaignWrite {
        name: "Black Friday early access",
        connection_ids: &ids,
        template_id: Some(promo.id),
        variables: &promo_vars,
        header_media_url: None,
        audience: &audience,
        schedule_at: None,
        timezone: "Europe/Lisbon",
        recipient_timezone: false,
        quiet_start: Some(21 * 60),
        quiet_end: Some(8 * 60),
        rate_per_second: None,
        reply_flow_id: None,
        click_url: Some("https://shop.example.com/black-friday"),
    };
    campaigns::insert(tx, ran, &w, owner).await.db()?;
    let started = Utc::now() - Duration::days(8);
    let total = people.len() as i64;
    let summary = json!({ "matched": total + 6, "noPhone": 0, "optedOut": 4, "suppressed": 1, "usMarketing": 1,
                          "missingVariable": 0, "finalCount": total, "csvInvalid": 0, "csvDuplicates": 0 });
    campaigns::set_materialised(tx, ran, &template_json(promo), total as i32, &summary, total as f64 * 0.0581)
        .await
        .db()?;
    tx.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "update campaigns set status = 'completed', started_at = $2, completed_at = $3, created_at = $4, updated_at = $3
          where id = $1",
        [ran.into(), started.into(), (started + Duration::minutes(4)).into(), (started - Duration::hours(3)).into()],
    ))
    .await
    .db()?;
    for (n, p) in people.iter().enumerate() {
        // About half read it, one in six answered, a few failed the way Meta fails them.
        let (status, code, reason) = match n % 12 {
            0 | 6 => ("replied", None, None),
            1 | 4 | 7 | 9 | 11 => ("read", None, None),
            2 | 8 => ("delivered", None, None),
            3 => ("sent", None, None),
            5 if n % 24 == 5 => ("failed", Some("131026"), Some("Message undeliverable.")),
            _ => ("skipped", Some("131050"), Some("The person stopped marketing messages from this business.")),
        };
        let at = started + Duration::seconds(n as i64 * 3);
        let reached = !matches!(status, "failed" | "skipped");
        let country = parley_domain::country::country_of(&p.phone).unwrap_or("*");
        let first = p.name.as_deref().and_then(|n| n.split(' ').next()).unwrap_or("there").to_owned();
        // Two in three who read it tapped the offer, some twice.
        let clicks = if matches!(status, "read" | "replied") && n % 3 != 2 { 1 + (n % 2) as i32 } else { 0 };
        tx.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "insert into campaign_recipients (id, tenant_id, campaign_id, contact_id, phone, connection_id, vars,
                    status, attempts, wa_message_id, error_code, error_reason, pricing_category, cost, claimed_at,
                    sent_at, delivered_at, read_at, replied_at, failed_at, click_token, clicked_at, click_count)
             values (parley_uuid_v7(), $1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $10, case when $11 then 'marketing' end,
                     case when $11 then (select price from message_prices where category = 'marketing'
                                           and country in ($12, '*') order by (country = '*') limit 1) end,
                     $13, case when $11 or $7 = 'failed' then $13 end,
                     case when $7 in ('delivered', 'read', 'replied') then $13 + interval '2 seconds' end,
                     case when $7 in ('read', 'replied') then $13 + interval '40 minutes' end,
                     case when $7 = 'replied' then $13 + interval '52 minutes' end,
                     case when $7 = 'failed' then $13 + interval '3 seconds' end,
                     case when $11 then $14 end, case when $15 > 0 then $13 + interval '41 minutes' end, $15)",
            [
                tx.tenant_id.0.into(),
                ran.into(),
                p.id.into(),
                p.phone.clone().into(),
                connection.into(),
                json!({ "body.1": first, "body.2": "early access to Black Friday prices" }).into(),
                status.into(),
                format!("wamid.demo{}", Uuid::now_v7().simple()).into(),
                code.map(str::to_owned).into(),
                reason.map(str::to_owned).into(),
                reached.into(),
                country.into(),
                at.into(),
                crate::campaigns::click_token().into(),
                clicks.into(),
            ],
        ))
        .await
        .db()?;
        if status == "replied" {
            parley_store::repo::campaigns::recipients::tag_conversations(tx, p.id, ran).await.db()?;
        }
    }

    // Scheduled for New Year's Eve morning, in each customer's own time zone, outside quiet hours.
    let new_year = chrono::NaiveDate::from_ymd_opt(Utc::now().year(), 12, 31)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .map(|t| t.and_utc())
        .filter(|t| *t > Utc::now())
        .unwrap_or_else(|| Utc::now() + Duration::days(14));
    let order_vars = json!([
        { "slot": "body.1", "source": "field", "value": "first_name", "fallback": "friend" },
        { "slot": "body.2", "source": "constant", "value": "ready for pick-up before the holidays" }
    ]);
    let scheduled = Uuid::now_v7();
    campaigns::insert(
        tx,
        scheduled,
        &campaigns::CampaignWrite {
            name: "Holiday pick-up reminder",
            schedule_at: Some(new_year),
            recipient_timezone: true,
            template_id: Some(orders.id),
            variables: &order_vars,
            header_media_url: None,
            click_url: None,
            ..w
        },
        owner,
    )
    .await
    .db()?;
    campaigns::transition(tx, scheduled, &["draft"], "scheduled", None).await.db()?;

    // A draft someone is still preparing: template and audience chosen, variables not mapped yet.
    let draft_vars = json!([]);
    campaigns::insert(
        tx,
        Uuid::now_v7(),
        &campaigns::CampaignWrite {
            name: "Spring collection preview",
            variables: &draft_vars,
            quiet_start: None,
            quiet_end: None,
            ..w
        },
        owner,
    )
    .await
    .db()?;
    Ok(())
}
