//! Demo mode's website widget: "Demo shop", allowed on the demo's own host and on localhost, with a visitor who
//! came from an ad, read two pages and asked about delivery, and an agent's answer, so the inbox shows a widget
//! conversation with its visitor panel. Made through the services the widget's pages and script call.

use crate::demo_billing::person;
use anyhow::Context;
use parley_services::Services;
use parley_services::platform::seed;
use parley_services::widget::dto::{
    CreateWidgetInput, NewVisitorInput, PageInput, Prechat, PrechatInput, Utm, VisitorContextInput, VisitorMessageInput,
};
use parley_store::repo;
use serde_json::json;
use std::collections::BTreeMap;
use uuid::Uuid;

pub const WIDGET_NAME: &str = "Demo shop";

fn err(what: &'static str) -> impl Fn(parley_services::DomainError) -> anyhow::Error {
    move |e| anyhow::anyhow!("{what}: {e:?}")
}

/// Seeds the widget once (a widget of that name means an earlier run did).
pub async fn seed(services: &Services, public_url: &str) -> anyhow::Result<()> {
    let db = &services.core.db;
    let owner = repo::identity::users::find_by_email(&db.auth, seed::DEMO_OWNER).await?.context("the demo owner")?;
    let tenant = repo::platform::system::memberships_of_user(db, owner.id).await?;
    let tenant = tenant.first().context("the demo workspace")?.tenant_id;
    let t = person(tenant, owner.id);
    if services.widgets.list(&t).await.map_err(err("widgets"))?.iter().any(|w| w.name == WIDGET_NAME) {
        return Ok(());
    }
    let host = url::Url::parse(public_url).ok().and_then(|u| u.host_str().map(str::to_owned));
    let mut domains: Vec<String> = host.into_iter().collect();
    domains.extend(["localhost".to_owned(), "127.0.0.1".to_owned()]);
    let texts = |pairs: &[(&str, &str)]| pairs.iter().map(|(l, t)| ((*l).to_owned(), (*t).to_owned())).collect();
    let greeting: BTreeMap<String, String> = texts(&[
        ("en", "Hi! Questions about an order or a product? We answer in minutes."),
        ("es", "¡Hola! ¿Preguntas sobre un pedido o un producto? Respondemos en minutos."),
        ("fr", "Bonjour ! Une question sur une commande ou un produit ? Nous répondons en quelques minutes."),
        ("de", "Hallo! Fragen zu einer Bestellung oder einem Produkt? Wir antworten in wenigen Minuten."),
        ("pt", "Olá! Dúvidas sobre um pedido ou produto? Respondemos em minutos."),
    ]);
    let away: BTreeMap<String, String> = texts(&[
        ("en", "We're away right now: leave a message and we'll reply first thing."),
        ("fr", "Nous sommes absents : laissez un message, nous répondons dès notre retour."),
    ]);
    let number = services.connections.list(&t).await.map_err(err("numbers"))?;
    let number = number.into_iter().find(|c| c.kind == "cloud").map(|c| c.id);
    let widget = services
        .widgets
        .create(
            &t,
            CreateWidgetInput {
                name: WIDGET_NAME.into(),
                allowed_domains: domains,
                color: None,
                position: Some("right".into()),
                greeting,
                away_text: away,
                prechat: Prechat { name: parley_services::widget::dto::Ask::Optional, ..Default::default() },
                team_id: None,
                whatsapp_connection_id: number,
                whatsapp_text: number.map(|_| "Hello! I was chatting on your website".into()),
                enabled: Some(true),
            },
        )
        .await
        .map_err(err("the demo widget"))?;

    let origin = public_url.trim_end_matches('/');
    let visitor = services
        .widgets
        .new_visitor(
            &widget.key,
            Some(origin),
            None,
            Some("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"),
            NewVisitorInput {
                context: VisitorContextInput {
                    url: Some(format!("{origin}/shop/winter-boots?utm_source=google&utm_medium=cpc&utm_campaign=winter-sale")),
                    title: Some("Winter boots | Demo shop".into()),
                    referrer: Some("https://www.google.com/".into()),
                    utm: Utm {
                        source: Some("google".into()),
                        medium: Some("cpc".into()),
                        campaign: Some("winter-sale".into()),
                    },
                    language: Some("en-IE".into()),
                    time_zone: Some("Europe/Dublin".into()),
                },
            },
        )
        .await
        .map_err(err("the demo visitor"))?;
    let session =
        services.widgets.authenticate(&widget.key, Some(origin), Some(&visitor.token)).await.map_err(err("visitor"))?;
    let page = PageInput { url: format!("{origin}/shipping"), title: Some("Shipping and returns | Demo shop".into()) };
    services.widgets.page(&session, page).await.map_err(err("a page"))?;
    let prechat = PrechatInput { name: Some("Aoife Byrne".into()), ..Default::default() };
    services.widgets.prechat(&session, prechat).await.map_err(err("the pre-chat form"))?;
    let mut conversation = None;
    // No word the demo's refund rule listens for ("return"…): that rule would hand the conversation to the demo
    // agent, whose Mine tab starts empty.
    for text in ["Hi! Do you ship the winter boots to Ireland?", "And can I swap them if the size is wrong?"] {
        let input =
            VisitorMessageInput { client_id: Uuid::now_v7(), text: Some(text.into()), media_id: None, reply: None };
        services.widgets.send(&session, input).await.map_err(err("a visitor message"))?;
        conversation = services.widgets.session(&session).await.map_err(err("session"))?.conversation_id;
    }
    let conversation = conversation.context("the visitor's conversation")?;
    let reply = serde_json::from_value(json!({
        "type": "text",
        "text": "Hi Aoife! Yes, we ship to Ireland in 2-3 working days, and swapping sizes is free within 30 days."
    }))?;
    services.inbox.send(&t, conversation, reply).await.map_err(err("the agent's reply"))?;
    Ok(())
}
