//! The product's ten languages on the server: a person picks any of them in their profile, and a workspace has a
//! language of its own (set by its owner) that its mails to people without an account are written in.

use axum::http::{Method, StatusCode};
use parley_test_support::{TestApp, unique_email};
use serde_json::json;

const TEN: [&str; 10] = ["en", "es", "fr", "de", "pt", "ar", "hi", "zh", "ja", "ru"];

#[tokio::test]
async fn a_person_picks_any_of_the_ten_languages_and_nothing_else() {
    let app = TestApp::spawn().await;
    let me = app.signup("Polyglot").await;
    for l in TEN {
        let res = app.patch("/api/v1/auth/me", &me.token, json!({ "locale": l })).await;
        assert_eq!(res.status, StatusCode::OK, "{l}: {}", res.body);
        assert_eq!(res.body["user"]["locale"], l);
    }
    for bad in ["xx", "pt-BR", "EN", ""] {
        let res = app.patch("/api/v1/auth/me", &me.token, json!({ "locale": bad })).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {}", res.body);
        assert!(
            res.body["message"].to_string().contains("ja") || res.body["details"].to_string().contains("ja"),
            "{}",
            res.body
        );
    }
    let me_now = app.get("/api/v1/auth/me", &me.token).await;
    assert_eq!(me_now.body["user"]["locale"], "ru", "a refused value changes nothing");
}

#[tokio::test]
async fn the_owner_sets_the_workspace_language_which_everyone_reads_and_only_the_owner_changes() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Tokyo Tea").await;
    let manager = app.add_member(&owner, "manager").await;
    let agent = app.add_member(&owner, "agent").await;

    let start = app.get("/api/v1/settings/language", &agent.token).await;
    assert_eq!(start.status, StatusCode::OK, "{}", start.body);
    assert_eq!(start.body["language"], "en");

    let put = |token: String, language: &'static str| {
        let app = &app;
        async move {
            app.call(Method::PUT, "/api/v1/settings/language", Some(&token), Some(json!({ "language": language })))
                .await
        }
    };
    assert_eq!(put(manager.token.clone(), "ja").await.status, StatusCode::FORBIDDEN);
    assert_eq!(put(agent.token.clone(), "ja").await.status, StatusCode::FORBIDDEN);
    let bad = put(owner.token.clone(), "klingon").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let ok = put(owner.token.clone(), "ja").await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(ok.body["language"], "ja");
    assert_eq!(app.get("/api/v1/settings/language", &agent.token).await.body["language"], "ja");

    // Another workspace keeps its own.
    let other = app.signup("Lisbon Labs").await;
    assert_eq!(app.get("/api/v1/settings/language", &other.token).await.body["language"], "en");
}

#[tokio::test]
async fn an_invitation_to_someone_without_an_account_is_written_in_the_workspace_language() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Souk Riyadh").await;
    let stranger = unique_email("stranger");
    let res = app.post("/api/v1/invitations", Some(&owner.token), json!({ "email": stranger, "role": "agent" })).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let english = app.last_mail_to(&stranger).await.expect("mail");
    assert!(english["subject"].as_str().expect("subject").contains("invited you"), "{}", english["subject"]);

    let set =
        app.call(Method::PUT, "/api/v1/settings/language", Some(&owner.token), Some(json!({ "language": "ar" }))).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    let other = unique_email("stranger-ar");
    let res = app.post("/api/v1/invitations", Some(&owner.token), json!({ "email": other, "role": "agent" })).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let arabic = app.last_mail_to(&other).await.expect("mail");
    assert!(arabic["html"].as_str().expect("html").contains("dir=\"rtl\""), "{}", arabic["subject"]);
    assert!(!arabic["subject"].as_str().expect("subject").contains("invited you"), "{}", arabic["subject"]);
}

#[tokio::test]
async fn a_new_member_starts_in_the_workspace_language() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Kyoto Crafts").await;
    let set =
        app.call(Method::PUT, "/api/v1/settings/language", Some(&owner.token), Some(json!({ "language": "ja" }))).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);

    // Invited: accepts as a new person.
    let email = unique_email("invited");
    let res = app.post("/api/v1/invitations", Some(&owner.token), json!({ "email": email, "role": "agent" })).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let mail = app.last_mail_to(&email).await.expect("invitation mail");
    let link = parley_test_support::link_in(mail["text"].as_str().expect("text"), "/invite/").expect("accept link");
    let token = link.rsplit('/').next().expect("token");
    let accepted = app
        .post(
            &format!("/api/v1/auth/invitations/{token}/accept"),
            None,
            json!({ "name": "Aiko", "password": "parley-pass-1" }),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    assert_eq!(accepted.body["session"]["user"]["locale"], "ja", "{}", accepted.body);

    // Added by a manager with a password.
    let created = app
        .post(
            "/api/v1/users",
            Some(&owner.token),
            json!({ "email": unique_email("added"), "name": "Ren", "role": "agent", "password": "parley-pass-1" }),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let me = app.login(created.body["email"].as_str().expect("email"), "parley-pass-1").await;
    assert_eq!(me.body["session"]["user"]["locale"], "ja", "{}", me.body);
}
