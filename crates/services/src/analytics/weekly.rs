//! The weekly analytics mail: a manager picks a weekday and hour of the workspace's time zone; after each rollup
//! pass the due ones are written to the mail outbox with the last 7 days' headlines.

use super::dto::{AnalyticsDashboard, ReportSchedule, ReportScheduleInput};
use super::reports::AnalyticsService;
use crate::ctx::{ClientInfo, Credential, TenantCtx};
use crate::mail::{MailOf, Val};
use crate::{DbResultExt, DomainError, Result, Role};
use chrono::{Datelike, Timelike, Utc};
use chrono_tz::Tz;
use parley_domain::{TenantId, UserId};
use parley_store::repo::analytics::reports as repo;

impl AnalyticsService {
    pub async fn report_schedule(&self, t: &TenantCtx) -> Result<ReportSchedule> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let me = actor.user_id.ok_or(DomainError::Forbidden)?.0;
        let r = repo::get(&tx, me).await.db()?.ok_or(DomainError::NotFound("A weekly report"))?;
        Ok(ReportSchedule { weekday: r.weekday, hour: r.hour, last_sent_at: r.last_sent_at })
    }

    pub async fn set_report_schedule(&self, t: &TenantCtx, i: ReportScheduleInput) -> Result<ReportSchedule> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let me = actor.user_id.ok_or(DomainError::Forbidden)?.0;
        let mut c = crate::check::Check::default();
        if !(1..=7).contains(&i.weekday) {
            c.push("weekday", "must be 1 (Monday) to 7 (Sunday)");
        }
        if !(0..=23).contains(&i.hour) {
            c.push("hour", "must be 0 to 23");
        }
        c.finish()?;
        let r = repo::put(&tx, me, i.weekday, i.hour).await.db()?;
        tx.commit().await.db()?;
        Ok(ReportSchedule { weekday: r.weekday, hour: r.hour, last_sent_at: r.last_sent_at })
    }

    pub async fn delete_report_schedule(&self, t: &TenantCtx) -> Result<()> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let me = actor.user_id.ok_or(DomainError::Forbidden)?.0;
        if !repo::delete(&tx, me).await.db()? {
            return Err(DomainError::NotFound("A weekly report"));
        }
        tx.commit().await.db()?;
        Ok(())
    }

    /// Writes the weekly mails due at this hour (of each workspace's time zone); answers how many.
    pub async fn send_weekly_reports(&self) -> Result<usize> {
        let now = Utc::now();
        let mut sent = 0;
        for r in parley_store::repo::platform::system::weekly_reports(&self.0.db).await.db()? {
            let tz: Tz = r.timezone.parse().unwrap_or(Tz::UTC);
            let local = now.with_timezone(&tz);
            if local.weekday().number_from_monday() as i32 != r.weekday || local.hour() as i32 != r.hour {
                continue;
            }
            let t = TenantCtx {
                tenant_id: TenantId(r.tenant_id),
                credential: Credential::Person(UserId(r.user_id)),
                client: ClientInfo::default(),
            };
            // A member who lost the manager role since gets nothing (the schedule stays for when they regain it).
            let Ok(d) = self.dashboard(&t).await else { continue };
            let mail = weekly_mail(&r.name, &r.tenant_name, &d, &self.0.cfg.public_url);
            let tx = self.0.db.tenant_tx(TenantId(r.tenant_id)).await.db()?;
            if !repo::claim_week(&tx, r.id).await.db()? {
                continue;
            }
            self.0.mail_in(&tx, &r.email, &mail).await?;
            tx.commit().await.db()?;
            sent += 1;
        }
        if sent > 0 {
            self.0.wake_mailer();
        }
        Ok(sent)
    }
}

/// A headline's value as the mail shows it (durations in minutes or hours).
fn shown(metric: &str, v: Option<f64>) -> String {
    match (metric, v) {
        (_, None) => "—".into(),
        ("firstResponseMedian", Some(s)) if s >= 3600.0 => format!("{:.1} h", s / 3600.0),
        ("firstResponseMedian", Some(s)) => format!("{:.0} min", (s / 60.0).ceil()),
        (_, Some(n)) => format!("{n:.0}"),
    }
}

/// A headline's title and "the week before" in each of the mail languages (English first, the fallback): titles in
/// the order opened, resolved, received, sent, first response.
const WORDS: [(&str, [&str; 5], &str); 10] = [
    (
        "en",
        [
            "Conversations opened",
            "Conversations resolved",
            "Messages received",
            "Messages sent",
            "First response (median)",
        ],
        "the week before",
    ),
    (
        "es",
        [
            "Conversaciones abiertas",
            "Conversaciones resueltas",
            "Mensajes recibidos",
            "Mensajes enviados",
            "Primera respuesta (mediana)",
        ],
        "la semana anterior",
    ),
    (
        "fr",
        [
            "Conversations ouvertes",
            "Conversations résolues",
            "Messages reçus",
            "Messages envoyés",
            "Première réponse (médiane)",
        ],
        "la semaine précédente",
    ),
    (
        "de",
        [
            "Eröffnete Unterhaltungen",
            "Gelöste Unterhaltungen",
            "Empfangene Nachrichten",
            "Gesendete Nachrichten",
            "Erste Antwort (Median)",
        ],
        "Vorwoche",
    ),
    (
        "pt",
        [
            "Conversas abertas",
            "Conversas resolvidas",
            "Mensagens recebidas",
            "Mensagens enviadas",
            "Primeira resposta (mediana)",
        ],
        "semana anterior",
    ),
    (
        "ar",
        ["المحادثات المفتوحة", "المحادثات المحلولة", "الرسائل المستلمة", "الرسائل المرسلة", "أول رد (الوسيط)"],
        "الأسبوع السابق",
    ),
    ("hi", ["खोली गई बातचीत", "हल की गई बातचीत", "प्राप्त संदेश", "भेजे गए संदेश", "पहला जवाब (माध्यिका)"], "पिछला सप्ताह"),
    ("zh", ["新开会话", "已解决会话", "收到的消息", "发送的消息", "首次回复（中位数）"], "上周"),
    ("ja", ["開始された会話", "解決した会話", "受信メッセージ", "送信メッセージ", "初回応答（中央値）"], "前週"),
    (
        "ru",
        ["Открыто диалогов", "Решено диалогов", "Получено сообщений", "Отправлено сообщений", "Первый ответ (медиана)"],
        "неделей ранее",
    ),
];

fn title_index(metric: &str) -> usize {
    match metric {
        "opened" => 0,
        "resolved" => 1,
        "messagesIn" => 2,
        "messagesOut" => 3,
        _ => 4,
    }
}

pub(crate) fn weekly_mail(name: &str, business: &str, d: &AnalyticsDashboard, url: &str) -> MailOf {
    let lines = |titles: &[&str; 5], before_word: &str| {
        d.headlines
            .iter()
            .map(|h| {
                let (now, before) = (shown(&h.metric, h.value), shown(&h.metric, h.previous));
                format!("{}: {now} ({before_word}: {before})", titles[title_index(&h.metric)])
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    MailOf::new("weekly_report", format!("{url}/analytics"))
        .with("name", name)
        .with("workspace", business)
        .with("from", d.range.from.to_string())
        .with("to", d.range.to.to_string())
        .with("summary", Val::Local(WORDS.iter().map(|(l, titles, before)| (*l, lines(titles, before))).collect()))
}
