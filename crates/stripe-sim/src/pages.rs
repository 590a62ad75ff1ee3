//! The hosted pages a customer sees: Checkout (pay with a test card, or start a card-less trial), the billing
//! Portal (cancel or resume, change the card, see invoices) and the hosted invoice with its PDF. Plain
//! server-rendered HTML with forms; no script.

use crate::StripeSim;
use crate::billing::{CheckoutRefusal, date, format_amount};
use crate::state::{InvoiceStatus, SessionStatus, State, SubStatus};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State as AxState};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};

pub(crate) fn routes() -> Router<StripeSim> {
    Router::new()
        .route("/checkout/{id}", get(checkout_page).post(checkout_pay))
        .route("/portal/{id}", get(portal_page))
        .route("/portal/{id}/cancel", post(portal_cancel))
        .route("/portal/{id}/resume", post(portal_resume))
        .route("/portal/{id}/card", post(portal_card))
        .route("/invoices/{id}", get(invoice_page))
        .route("/invoices/{id}/pdf", get(invoice_pdf))
}

/// The test cards the pages offer.
const TEST_CARDS: [(&str, &str); 3] = [
    ("4242 4242 4242 4242", "pays"),
    ("4000 0000 0000 0341", "attaches; later charges fail"),
    ("4000 0000 0000 0002", "declined"),
];

pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

fn layout(title: &str, body: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body{{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f6f9fc;color:#1a1f36;margin:0}}
main{{max-width:560px;margin:40px auto;background:#fff;border-radius:8px;box-shadow:0 2px 8px rgba(0,0,0,.08);padding:32px}}
h1{{font-size:22px;margin:0 0 8px}} h2{{font-size:16px;margin:24px 0 8px}}
.muted{{color:#697386;font-size:14px}} .amount{{font-size:32px;font-weight:600;margin:12px 0}}
.banner{{background:#fff4e5;border:1px solid #f5a623;padding:6px 10px;border-radius:4px;font-size:13px;margin-bottom:16px}}
.error{{background:#fde8e8;color:#9b1c1c;border-radius:4px;padding:10px;margin:12px 0}}
label{{display:block;font-size:14px;margin:16px 0 4px}}
input,select{{width:100%;box-sizing:border-box;font-size:16px;padding:10px;border:1px solid #cfd7df;border-radius:4px}}
button{{background:#635bff;color:#fff;border:0;border-radius:4px;padding:12px 16px;font-size:16px;cursor:pointer;margin-top:16px}}
button.secondary{{background:#fff;color:#635bff;border:1px solid #635bff}} button.danger{{background:#fff;color:#cd3d64;border:1px solid #cd3d64}}
table{{width:100%;border-collapse:collapse;font-size:14px}} td,th{{text-align:left;padding:6px 4px;border-bottom:1px solid #eef0f3}}
td.num,th.num{{text-align:right}} .card{{border:1px solid #eef0f3;border-radius:6px;padding:12px 16px;margin:12px 0}}
a{{color:#635bff}} .business{{font-weight:600;font-size:15px;margin:0 0 12px}}
</style></head><body><main>
<div class="banner">Test mode · Parley's Stripe simulator</div>
{body}
</main></body></html>"#,
        title = esc(title),
    )
}

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    (status, Html(layout(title, body))).into_response()
}

fn closed(title: &str, message: &str) -> Response {
    page(StatusCode::GONE, title, &format!("<h1>{}</h1><p class=\"muted\">{}</p>", esc(title), esc(message)))
}

fn not_found(what: &str) -> Response {
    page(StatusCode::NOT_FOUND, "Not found", &format!("<h1>Not found</h1><p class=\"muted\">No such {what}.</p>"))
}

/// `card=4242...&nocard=1` from a posted form.
fn form_field(body: &[u8], name: &str) -> Option<String> {
    url::form_urlencoded::parse(body).find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

fn card_hints() -> String {
    let items: String = TEST_CARDS.iter().map(|(n, what)| format!("<li><code>{n}</code> {what}</li>")).collect();
    format!("<ul class=\"muted\">{items}</ul>")
}

fn checkout_html(st: &State, id: &str, error: Option<&str>) -> Option<String> {
    let cs = st.checkout(id)?;
    let price = st.price(&cs.price)?;
    let product = st.product(&price.product).map_or("Subscription", |p| p.name.as_str());
    let amount = price.unit_amount * i64::try_from(cs.quantity).unwrap_or(1);
    let trial = cs.trial_end.filter(|t| *t > st.now);
    let due_today = if trial.is_some() { 0 } else { amount };
    let trial_note = trial.map_or_else(String::new, |t| {
        format!(
            "<p class=\"muted\">Free trial until {}, then {} — nothing is charged today.</p>",
            date(t),
            esc(&st.money(&price.id))
        )
    });
    let email = cs
        .customer
        .as_deref()
        .and_then(|c| st.customer(c))
        .and_then(|c| c.email.clone())
        .or_else(|| cs.customer_email.clone())
        .map_or_else(String::new, |e| format!("<p class=\"muted\">{}</p>", esc(&e)));
    let error = error.map_or_else(String::new, |e| format!("<div class=\"error\" role=\"alert\">{}</div>", esc(e)));
    let no_card = if trial.is_some() && cs.card_optional {
        format!(
            "<form method=\"post\" action=\"{}\"><input type=\"hidden\" name=\"nocard\" value=\"1\">\
             <button class=\"secondary\" type=\"submit\">Start trial without a card</button></form>",
            esc(&st.public_url(&format!("/checkout/{id}")))
        )
    } else {
        String::new()
    };
    let cancel = cs
        .cancel_url
        .as_deref()
        .map_or_else(String::new, |u| format!("<p><a href=\"{}\">← Cancel and go back</a></p>", esc(u)));
    let business =
        cs.display_name.as_deref().map_or_else(String::new, |n| format!("<p class=\"business\">{}</p>", esc(n)));
    Some(layout(
        &format!("Subscribe to {product}"),
        &format!(
            "{business}<h1>Subscribe to {product}</h1>{email}\
             <div class=\"amount\">{per}</div>{trial_note}\
             <p>Due today: <strong>{today}</strong></p>{error}\
             <form method=\"post\" action=\"{action}\">\
             <label for=\"card\">Card number</label>\
             <input id=\"card\" name=\"card\" inputmode=\"numeric\" autocomplete=\"cc-number\" placeholder=\"4242 4242 4242 4242\">\
             {hints}<button type=\"submit\">{button}</button></form>{no_card}{cancel}",
            product = esc(product),
            per = esc(&st.money(&price.id)),
            today = esc(&format_amount(due_today, &price.currency)),
            action = esc(&st.public_url(&format!("/checkout/{id}"))),
            hints = card_hints(),
            button = if trial.is_some() {
                "Start trial".to_owned()
            } else {
                format!("Pay {}", esc(&format_amount(amount, &price.currency)))
            },
        ),
    ))
}

async fn checkout_page(AxState(sim): AxState<StripeSim>, Path(id): Path<String>) -> Response {
    let st = sim.lock();
    let Some(cs) = st.checkout(&id) else { return not_found("checkout session") };
    match cs.status {
        SessionStatus::Complete => {
            return closed("This checkout is complete", "You are already subscribed. You can close this page.");
        }
        SessionStatus::Expired => {
            return closed("This checkout session has expired", "Go back to the app and start again.");
        }
        SessionStatus::Open => {}
    }
    match checkout_html(&st, &id, None) {
        Some(html) => Html(html).into_response(),
        None => not_found("price"),
    }
}

async fn checkout_pay(AxState(sim): AxState<StripeSim>, Path(id): Path<String>, body: Bytes) -> Response {
    let card = form_field(&body, "card").filter(|c| !c.trim().is_empty());
    let no_card = form_field(&body, "nocard").is_some();
    let mut st = sim.lock();
    // No card at all (and no "without a card" choice) is refused by complete_checkout with a prompt.
    let card = if no_card { None } else { card };
    match st.complete_checkout(&id, card.as_deref()) {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(CheckoutRefusal::Retry(message)) => match checkout_html(&st, &id, Some(&message)) {
            Some(html) => (StatusCode::PAYMENT_REQUIRED, Html(html)).into_response(),
            None => not_found("checkout session"),
        },
        Err(CheckoutRefusal::Closed(message)) => closed("This checkout cannot be completed", &message),
    }
}

fn portal_html(st: &State, id: &str, error: Option<&str>) -> Option<String> {
    let ps = st.portal(id)?;
    let customer = st.customer(&ps.customer)?;
    let base = st.public_url(&format!("/portal/{id}"));
    let mut subs: Vec<_> =
        st.subscriptions.iter().filter(|s| s.customer == customer.id && s.status.is_live()).collect();
    if subs.is_empty()
        && let Some(last) = st.subscriptions.iter().rev().find(|s| s.customer == customer.id)
    {
        subs.push(last);
    }
    let mut html = format!(
        "<h1>Billing</h1><p class=\"muted\">{}</p>",
        esc(customer.email.as_deref().or(customer.name.as_deref()).unwrap_or(&customer.id))
    );
    if let Some(e) = error {
        html.push_str(&format!("<div class=\"error\" role=\"alert\">{}</div>", esc(e)));
    }
    html.push_str("<h2>Current plan</h2>");
    if subs.is_empty() {
        html.push_str("<p class=\"muted\">No subscription.</p>");
    }
    for s in subs {
        let product = st.price(&s.price).and_then(|p| st.product(&p.product)).map_or("Plan", |p| p.name.as_str());
        let when = match s.status {
            SubStatus::Canceled => format!("Canceled on {}", date(s.ended_at.unwrap_or(s.period_end))),
            SubStatus::Trialing if s.cancel_at_period_end => {
                format!("Trial ends and cancels on {}", date(s.period_end))
            }
            SubStatus::Trialing => format!("Trial ends on {}", date(s.trial_end.unwrap_or(s.period_end))),
            SubStatus::Paused => "Paused: add a card to resume".to_owned(),
            _ if s.cancel_at_period_end => format!("Cancels on {}", date(s.period_end)),
            _ => format!("Renews on {}", date(s.period_end)),
        };
        let scheduled = s
            .schedule
            .as_deref()
            .and_then(|sid| st.schedule(sid))
            .and_then(|sch| sch.phases.iter().find(|p| p.start >= s.period_end))
            .map_or_else(String::new, |p| {
                format!("<p class=\"muted\">Changes to {} on {}</p>", esc(&st.money(&p.price)), date(p.start))
            });
        let action = if s.status == SubStatus::Canceled {
            String::new()
        } else if s.cancel_at_period_end {
            format!(
                "<form method=\"post\" action=\"{}/resume\"><input type=\"hidden\" name=\"subscription\" value=\"{}\">\
                 <button type=\"submit\">Resume subscription</button></form>",
                esc(&base),
                esc(&s.id)
            )
        } else {
            format!(
                "<form method=\"post\" action=\"{}/cancel\"><input type=\"hidden\" name=\"subscription\" value=\"{}\">\
                 <button class=\"danger\" type=\"submit\">Cancel at period end</button></form>",
                esc(&base),
                esc(&s.id)
            )
        };
        html.push_str(&format!(
            "<div class=\"card\"><strong>{}</strong> · {}<br><span class=\"muted\">Status: <span data-status>{}</span> · {}</span>{}{}</div>",
            esc(product),
            esc(&st.money(&s.price)),
            s.status.as_str(),
            esc(&when),
            scheduled,
            action
        ));
    }
    let card = customer
        .default_pm
        .as_deref()
        .or_else(|| {
            st.subscriptions.iter().rev().find(|s| s.customer == customer.id).and_then(|s| s.default_pm.as_deref())
        })
        .and_then(|pm| st.payment_method(pm))
        .map_or_else(|| "No card on file".to_owned(), |pm| format!("{} •••• {}", pm.brand, pm.last4));
    let options: String =
        TEST_CARDS.iter().map(|(n, what)| format!("<option value=\"{n}\">{n} ({what})</option>")).collect();
    html.push_str(&format!(
        "<h2>Payment method</h2><p>{}</p><form method=\"post\" action=\"{}/card\"><label for=\"card\">New card</label>\
         <select id=\"card\" name=\"card\">{options}</select><button class=\"secondary\" type=\"submit\">Update card</button></form>",
        esc(&card),
        esc(&base)
    ));
    html.push_str("<h2>Invoices</h2>");
    let invoices: Vec<_> =
        st.invoices.iter().rev().filter(|i| i.customer == customer.id && i.status != InvoiceStatus::Draft).collect();
    if invoices.is_empty() {
        html.push_str("<p class=\"muted\">No invoices yet.</p>");
    } else {
        html.push_str("<table><tr><th>Date</th><th>Number</th><th class=\"num\">Amount</th><th>Status</th></tr>");
        for i in invoices {
            html.push_str(&format!(
                "<tr><td>{}</td><td><a href=\"{}\">{}</a></td><td class=\"num\">{}</td><td>{}</td></tr>",
                date(i.created),
                esc(&st.public_url(&format!("/invoices/{}", i.id()))),
                esc(i.number.as_deref().unwrap_or("draft")),
                esc(&format_amount(i.amount_due(), &i.currency)),
                invoice_status(i.status)
            ));
        }
        html.push_str("</table>");
    }
    if let Some(url) = &ps.return_url {
        html.push_str(&format!("<p><a href=\"{}\">← Return</a></p>", esc(url)));
    }
    Some(layout("Billing", &html))
}

fn invoice_status(s: InvoiceStatus) -> &'static str {
    match s {
        InvoiceStatus::Draft => "draft",
        InvoiceStatus::Open => "open",
        InvoiceStatus::Paid => "paid",
        InvoiceStatus::Void => "void",
    }
}

async fn portal_page(AxState(sim): AxState<StripeSim>, Path(id): Path<String>) -> Response {
    match portal_html(&sim.lock(), &id, None) {
        Some(html) => Html(html).into_response(),
        None => not_found("portal session"),
    }
}

/// The subscription a Portal form names, if it belongs to the session's customer.
fn portal_sub(st: &State, id: &str, body: &[u8]) -> Option<String> {
    let customer = st.portal(id)?.customer.clone();
    let sub = form_field(body, "subscription")?;
    st.sub(&sub).filter(|s| s.customer == customer).map(|s| s.id.clone())
}

fn back_to_portal(st: &State, id: &str) -> Response {
    Redirect::to(&st.public_url(&format!("/portal/{id}"))).into_response()
}

async fn portal_cancel(AxState(sim): AxState<StripeSim>, Path(id): Path<String>, body: Bytes) -> Response {
    let mut st = sim.lock();
    let Some(sub) = portal_sub(&st, &id, &body) else { return not_found("subscription") };
    // The Portal cancels a scheduled subscription by dropping the scheduled change first.
    if let Some(sched) = st.sub(&sub).and_then(|s| s.schedule.clone()) {
        st.release_schedule(&sched);
    }
    if st.sub(&sub).is_some_and(|s| s.status.is_live()) {
        st.set_cancel_at_period_end(&sub, true);
    }
    back_to_portal(&st, &id)
}

async fn portal_resume(AxState(sim): AxState<StripeSim>, Path(id): Path<String>, body: Bytes) -> Response {
    let mut st = sim.lock();
    let Some(sub) = portal_sub(&st, &id, &body) else { return not_found("subscription") };
    if st.sub(&sub).is_some_and(|s| s.status.is_live() && s.cancel_at_period_end) {
        st.set_cancel_at_period_end(&sub, false);
    }
    back_to_portal(&st, &id)
}

async fn portal_card(AxState(sim): AxState<StripeSim>, Path(id): Path<String>, body: Bytes) -> Response {
    let mut st = sim.lock();
    let Some(customer) = st.portal(&id).map(|p| p.customer.clone()) else { return not_found("portal session") };
    let card = form_field(&body, "card").unwrap_or_default();
    match st.portal_card(&customer, &card) {
        Ok(()) => back_to_portal(&st, &id),
        Err(message) => match portal_html(&st, &id, Some(&message)) {
            Some(html) => (StatusCode::PAYMENT_REQUIRED, Html(html)).into_response(),
            None => not_found("portal session"),
        },
    }
}

/// The text of an invoice, shared by the page and the PDF.
fn invoice_text(st: &State, id: &str) -> Option<(Vec<String>, String)> {
    let inv = st.invoice(id)?;
    let customer = st.customer(&inv.customer);
    let mut lines = vec![
        format!("Invoice {}", inv.number.as_deref().unwrap_or("(draft)")),
        format!("Status: {}", invoice_status(inv.status)),
        format!("Date: {}", date(inv.finalized_at.unwrap_or(inv.created))),
        format!(
            "Billed to: {}",
            customer.and_then(|c| c.email.clone().or_else(|| c.name.clone())).unwrap_or_else(|| inv.customer.clone())
        ),
        String::new(),
    ];
    for l in &inv.lines {
        lines.push(format!("{}  {}", l.description, format_amount(l.amount, &inv.currency)));
    }
    lines.push(String::new());
    lines.push(format!("Total: {}", format_amount(inv.total(), &inv.currency)));
    lines.push(format!("Amount paid: {}", format_amount(inv.amount_paid, &inv.currency)));
    let due = if inv.status == InvoiceStatus::Open { inv.amount_due() - inv.amount_paid } else { 0 };
    lines.push(format!("Amount due: {}", format_amount(due, &inv.currency)));
    Some((lines, inv.currency.clone()))
}

async fn invoice_page(AxState(sim): AxState<StripeSim>, Path(id): Path<String>) -> Response {
    let st = sim.lock();
    let Some(inv) = st.invoice(&id) else { return not_found("invoice") };
    let rows: String = inv
        .lines
        .iter()
        .map(|l| {
            format!(
                "<tr><td>{}<br><span class=\"muted\">{} – {}</span></td><td class=\"num\">{}</td></tr>",
                esc(&l.description),
                date(l.period_start),
                date(l.period_end),
                esc(&format_amount(l.amount, &inv.currency))
            )
        })
        .collect();
    let Some((text, _)) = invoice_text(&st, &id) else { return not_found("invoice") };
    let summary: String = text.iter().take(4).skip(1).map(|l| format!("<p class=\"muted\">{}</p>", esc(l))).collect();
    let totals: String = text.iter().rev().take(3).rev().map(|l| format!("<p>{}</p>", esc(l))).collect();
    let body = format!(
        "<h1>{}</h1>{summary}<table><tr><th>Description</th><th class=\"num\">Amount</th></tr>{rows}</table>{totals}\
         <p><a href=\"{}\">Download PDF</a></p>",
        esc(&text[0]),
        esc(&st.public_url(&format!("/invoices/{id}/pdf")))
    );
    Html(layout(&text[0], &body)).into_response()
}

async fn invoice_pdf(AxState(sim): AxState<StripeSim>, Path(id): Path<String>) -> Response {
    let st = sim.lock();
    let Some((lines, _)) = invoice_text(&st, &id) else { return not_found("invoice") };
    let number = st.invoice(&id).and_then(|i| i.number.clone()).unwrap_or_else(|| id.clone());
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{number}.pdf\"")),
        ],
        crate::pdf::document(&lines),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::CardBehavior;

    #[test]
    fn html_is_escaped() {
        assert_eq!(esc("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }

    #[test]
    fn every_offered_test_card_is_known() {
        for (number, _) in TEST_CARDS {
            assert!(CardBehavior::of(number).is_some(), "{number}");
        }
    }
}
