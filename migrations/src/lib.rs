//! The database schema as ordered SQL migrations; owns DDL, row-level security policies and grants,
//! and nothing that runs at request time.

pub use sea_orm_migration::MigratorTrait;
use sea_orm_migration::prelude::*;
use sha2::{Digest, Sha256};

/// (name, sql) in apply order. A migration is never edited once released: add a new one.
const MIGRATIONS: &[(&str, &str)] = &[
    ("m0001_foundation", include_str!("../sql/0001_foundation.sql")),
    ("m0002_whatsapp", include_str!("../sql/0002_whatsapp.sql")),
    ("m0003_inbox", include_str!("../sql/0003_inbox.sql")),
    ("m0004_crm", include_str!("../sql/0004_crm.sql")),
    ("m0005_contact_reads", include_str!("../sql/0005_contact_reads.sql")),
    ("m0006_billing", include_str!("../sql/0006_billing.sql")),
    ("m0007_meters_at_commit", include_str!("../sql/0007_meters_at_commit.sql")),
    ("m0008_flows", include_str!("../sql/0008_flows.sql")),
    ("m0009_campaigns", include_str!("../sql/0009_campaigns.sql")),
    ("m0010_webhooks", include_str!("../sql/0010_webhooks.sql")),
    ("m0011_api_platform", include_str!("../sql/0011_api_platform.sql")),
    ("m0012_campaign_clicks", include_str!("../sql/0012_campaign_clicks.sql")),
    ("m0013_automations", include_str!("../sql/0013_automations.sql")),
    ("m0014_campaign_due_order", include_str!("../sql/0014_campaign_due_order.sql")),
    ("m0015_analytics", include_str!("../sql/0015_analytics.sql")),
    ("m0016_analytics_sketch_bytes", include_str!("../sql/0016_analytics_sketch_bytes.sql")),
    ("m0017_least_privilege", include_str!("../sql/0017_least_privilege.sql")),
    ("m0018_two_factor", include_str!("../sql/0018_two_factor.sql")),
    ("m0019_gdpr", include_str!("../sql/0019_gdpr.sql")),
    ("m0020_ip_allowlist", include_str!("../sql/0020_ip_allowlist.sql")),
    ("m0021_agencies", include_str!("../sql/0021_agencies.sql")),
    ("m0022_brands", include_str!("../sql/0022_brands.sql")),
    ("m0027_agency_billing", include_str!("../sql/0027_agency_billing.sql")),
    ("m0028_backups", include_str!("../sql/0028_backups.sql")),
    ("m0029_maintenance", include_str!("../sql/0029_maintenance.sql")),
    ("m0030_widgets", include_str!("../sql/0030_widgets.sql")),
    ("m0031_string_overrides", include_str!("../sql/0031_string_overrides.sql")),
];

/// The migrations' names in apply order (what `seaql_migrations` lists once each is applied).
pub fn names() -> Vec<&'static str> {
    MIGRATIONS.iter().map(|(name, _)| *name).collect()
}

/// Hash of every migration's name and text: names the test template database, so a changed
/// schema never reuses a stale template.
pub fn fingerprint() -> String {
    let mut h = Sha256::new();
    for (name, sql) in MIGRATIONS {
        h.update(name.as_bytes());
        h.update(sql.as_bytes());
    }
    hex::encode(&h.finalize()[..8])
}

struct SqlMigration {
    name: &'static str,
    sql: &'static str,
}

impl MigrationName for SqlMigration {
    fn name(&self) -> &str {
        self.name
    }
}

#[async_trait::async_trait]
impl MigrationTrait for SqlMigration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared(self.sql).await?;
        Ok(())
    }
}

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        MIGRATIONS.iter().map(|(name, sql)| Box::new(SqlMigration { name, sql }) as Box<dyn MigrationTrait>).collect()
    }
}
