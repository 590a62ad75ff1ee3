//! The billing mails' values (templates `payment_failed`, `payment_receipt`, `trial_ending`, `trial_ended`,
//! `plan_changed`, `subscription_cancelled`, `usage_warning`, `usage_limit_reached`, and for agencies' clients
//! `agency_pays`, `agency_pays_subscription_ends`, `agency_bills_you` in `mail::templates`), written to the owners
//! with the workspace's brand like every other mail.

use crate::mail::{MailOf, Val};

/// Minor units as a price, e.g. 4900 usd -> "USD 49.00".
pub(crate) fn money(amount: i64, currency: &str) -> String {
    let sign = if amount < 0 { "-" } else { "" };
    let a = amount.unsigned_abs();
    format!("{sign}{} {}.{:02}", currency.to_uppercase(), a / 100, a % 100)
}

fn billing_link(url: &str) -> String {
    format!("{url}/app/billing")
}

pub(crate) fn payment_failed(plan: &str, amount: &str, grace_days: i64, url: &str) -> MailOf {
    MailOf::new("payment_failed", billing_link(url))
        .with("plan", plan)
        .with("amount", amount)
        .with("days", grace_days.to_string())
}

/// The receipt links to the gateway's hosted invoice when there is one.
pub(crate) fn payment_succeeded(
    plan: &str,
    amount: &str,
    number: &str,
    invoice_url: Option<&str>,
    url: &str,
) -> MailOf {
    let link = invoice_url.map(str::to_owned).unwrap_or_else(|| billing_link(url));
    MailOf::new("payment_receipt", link).with("plan", plan).with("amount", amount).with("number", number)
}

pub(crate) fn trial_ending(plan: &str, days: i64, url: &str) -> MailOf {
    MailOf::new("trial_ending", billing_link(url)).with("plan", plan).with("days", days.to_string())
}

pub(crate) fn trial_ended(plan: &str, url: &str) -> MailOf {
    MailOf::new("trial_ended", billing_link(url)).with("plan", plan)
}

/// `when` as billing words it in English ("now", "now (during your trial)", "on 2025-02-01", "at the end of the
/// period, on 2025-02-01"), in each of the mail languages; anything else is kept as it is.
pub(crate) fn when_words(when: &str) -> Val {
    // (now, now during the trial, on {date}, at the end of the period on {date}) per language.
    const WORDS: [(&str, [&str; 4]); 9] = [
        ("es", ["ahora", "ahora (durante tu prueba)", "el {date}", "al final del período, el {date}"]),
        ("fr", ["maintenant", "maintenant (pendant votre essai)", "le {date}", "à la fin de la période, le {date}"]),
        ("de", ["jetzt", "jetzt (während Ihrer Testphase)", "am {date}", "zum Ende des Zeitraums, am {date}"]),
        ("pt", ["agora", "agora (durante seu teste)", "em {date}", "no fim do período, em {date}"]),
        ("ar", ["الآن", "الآن (أثناء تجربتك)", "في {date}", "في نهاية الفترة، في {date}"]),
        ("hi", ["अभी", "अभी (आपके ट्रायल के दौरान)", "{date} को", "अवधि के अंत में, {date} को"]),
        ("zh", ["立即", "立即（试用期间）", " {date} ", "在本期结束时（{date}）"]),
        ("ja", ["今すぐ", "今すぐ（試用期間中）", " {date} に", "期間終了時（{date}）に"]),
        ("ru", ["сейчас", "сейчас (во время пробного периода)", "{date}", "в конце периода, {date}"]),
    ];
    let shape = match when {
        "now" => Some((0, "")),
        "now (during your trial)" => Some((1, "")),
        w => match w.strip_prefix("at the end of the period, on ") {
            Some(date) => Some((3, date)),
            None => w.strip_prefix("on ").map(|date| (2, date)),
        },
    };
    let mut v = vec![("en", when.to_owned())];
    if let Some((i, date)) = shape {
        v.extend(WORDS.iter().map(|(l, w)| (*l, w[i].replace("{date}", date))));
    }
    Val::Local(v)
}

pub(crate) fn plan_changed(from: &str, to: &str, when: &str, url: &str) -> MailOf {
    MailOf::new("plan_changed", billing_link(url)).with("from", from).with("to", to).with("when", when_words(when))
}

pub(crate) fn subscription_cancelled(plan: &str, until: &str, url: &str) -> MailOf {
    MailOf::new("subscription_cancelled", billing_link(url)).with("plan", plan).with("until", when_words(until))
}

/// A meter's label (`Meter::label`) in each of the mail languages; an unknown label is kept as it is.
pub(crate) fn meter_words(what: &str) -> Val {
    const LABELS: [&str; 7] = [
        "contacts",
        "team members",
        "WhatsApp numbers",
        "chatbot flows",
        "webhook endpoints",
        "messages this month",
        "campaigns this month",
    ];
    const WORDS: [(&str, [&str; 7]); 9] = [
        (
            "es",
            [
                "contactos",
                "miembros del equipo",
                "números de WhatsApp",
                "flujos de chatbot",
                "endpoints de webhook",
                "mensajes este mes",
                "campañas este mes",
            ],
        ),
        (
            "fr",
            [
                "contacts",
                "membres de l’équipe",
                "numéros WhatsApp",
                "flux de chatbot",
                "points de terminaison webhook",
                "messages ce mois-ci",
                "campagnes ce mois-ci",
            ],
        ),
        (
            "de",
            [
                "Kontakte",
                "Teammitglieder",
                "WhatsApp-Nummern",
                "Chatbot-Abläufe",
                "Webhook-Endpunkte",
                "Nachrichten diesen Monat",
                "Kampagnen diesen Monat",
            ],
        ),
        (
            "pt",
            [
                "contatos",
                "membros da equipe",
                "números de WhatsApp",
                "fluxos de chatbot",
                "endpoints de webhook",
                "mensagens neste mês",
                "campanhas neste mês",
            ],
        ),
        (
            "ar",
            [
                "جهات الاتصال",
                "أعضاء الفريق",
                "أرقام واتساب",
                "تدفقات روبوت المحادثة",
                "نقاط استقبال الـ webhook",
                "رسائل هذا الشهر",
                "حملات هذا الشهر",
            ],
        ),
        ("hi", ["संपर्क", "टीम सदस्य", "WhatsApp नंबर", "चैटबॉट फ़्लो", "वेबहुक एंडपॉइंट", "इस महीने के संदेश", "इस महीने के कैंपेन"]),
        ("zh", ["联系人", "团队成员", "WhatsApp 号码", "聊天机器人流程", "Webhook 端点", "本月消息", "本月营销活动"]),
        (
            "ja",
            [
                "連絡先",
                "チームメンバー",
                "WhatsApp 番号",
                "チャットボットのフロー",
                "Webhook エンドポイント",
                "今月のメッセージ",
                "今月のキャンペーン",
            ],
        ),
        (
            "ru",
            [
                "контакты",
                "участники команды",
                "номера WhatsApp",
                "сценарии чат-бота",
                "вебхук-эндпоинты",
                "сообщения за месяц",
                "кампании за месяц",
            ],
        ),
    ];
    let mut v = vec![("en", what.to_owned())];
    if let Some(i) = LABELS.iter().position(|l| *l == what) {
        v.extend(WORDS.iter().map(|(l, w)| (*l, w[i].to_owned())));
    }
    Val::Local(v)
}

pub(crate) fn usage_warning(plan: &str, what: &str, pct: i64, used: i64, limit: i64, url: &str) -> MailOf {
    let key = if pct >= 100 { "usage_limit_reached" } else { "usage_warning" };
    MailOf::new(key, billing_link(url))
        .with("plan", plan)
        .with("what", meter_words(what))
        .with("percent", pct.to_string())
        .with("used", used.to_string())
        .with("limit", limit.to_string())
}

/// To a client's owners when its agency stops paying for it: a card-less trial of `days` to subscribe.
pub(crate) fn agency_bills_you(agency: &str, days: i64, url: &str) -> MailOf {
    MailOf::new("agency_bills_you", billing_link(url)).with("agency", agency).with("days", days.to_string())
}

/// To a client's owners when its agency takes over paying for it; `ends` is when its own subscription stops.
pub(crate) fn agency_pays(agency: &str, ends: Option<&str>, url: &str) -> MailOf {
    match ends {
        Some(date) => {
            MailOf::new("agency_pays_subscription_ends", billing_link(url)).with("agency", agency).with("date", date)
        }
        None => MailOf::new("agency_pays", billing_link(url)).with("agency", agency),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_written_in_major_units() {
        assert_eq!(money(4900, "usd"), "USD 49.00");
        assert_eq!(money(5, "eur"), "EUR 0.05");
        assert_eq!(money(-1234, "usd"), "-USD 12.34");
    }

    #[test]
    fn billing_words_read_in_every_mail_language() {
        let Val::Local(v) = when_words("at the end of the period, on 2025-02-01") else { panic!("per language") };
        let langs: Vec<&str> = v.iter().map(|(l, _)| *l).collect();
        assert_eq!(langs, crate::mail::templates::LOCALES);
        assert!(v.contains(&("ar", "في نهاية الفترة، في 2025-02-01".to_owned())));
        assert!(v.contains(&("de", "zum Ende des Zeitraums, am 2025-02-01".to_owned())));
        assert!(v.iter().all(|(_, w)| w.contains("2025-02-01")), "{v:?}");
        let Val::Local(v) = meter_words("team members") else { panic!("per language") };
        assert_eq!(v.len(), 10);
        assert!(v.contains(&("ja", "チームメンバー".to_owned())));
        let Val::Local(v) = meter_words("something new") else { panic!("per language") };
        assert_eq!(v, vec![("en", "something new".to_owned())], "an unknown label stays in English");
        assert_eq!(usage_warning("Pro", "contacts", 100, 10, 10, "http://h").key, "usage_limit_reached");
        assert_eq!(usage_warning("Pro", "contacts", 90, 9, 10, "http://h").key, "usage_warning");
        assert_eq!(
            payment_succeeded("Pro", "USD 1.00", "N1", Some("https://pay.test/i/1"), "http://h").link,
            "https://pay.test/i/1"
        );
    }
}
