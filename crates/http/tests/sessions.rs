//! Sessions: the list (device, address, this one), ending one or all others, the password change keeping this one,
//! the grace window for two tabs refreshing at once, and the new-device mail.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use parley_test_support::{PASSWORD, Response, TestApp};
use sea_orm::ConnectionTrait;
use serde_json::json;

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

async fn login_as(app: &TestApp, email: &str, user_agent: &str) -> Response {
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/auth/login")
        .header("x-forwarded-for", app.client_ip.as_str())
        .header(header::USER_AGENT, user_agent)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({ "email": email, "password": PASSWORD }).to_string()))
        .expect("request");
    let res = app.send(req).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res
}

fn token(res: &Response) -> &str {
    res.body["accessToken"].as_str().expect("token")
}

async fn refresh(app: &TestApp, refresh: &serde_json::Value) -> Response {
    app.post("/api/v1/auth/refresh", None, json!({ "refreshToken": refresh })).await
}

#[tokio::test]
async fn the_list_shows_each_sign_in_with_its_device_and_which_is_this_one() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let firefox = login_as(&app, &owner.email, FIREFOX).await;
    let list = app.get("/api/v1/auth/sessions", token(&firefox)).await;
    let sessions = list.body["sessions"].as_array().expect("sessions");
    assert_eq!(sessions.len(), 2, "the sign-up and the sign-in: {}", list.body);
    let this: Vec<_> = sessions.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(this.len(), 1);
    assert_eq!(this[0]["device"], "Firefox on Linux");
    assert_eq!(this[0]["ip"], app.client_ip.as_str());
    assert!(this[0]["lastUsedAt"].is_string() && this[0]["createdAt"].is_string());
}

#[tokio::test]
async fn ending_a_session_stops_its_refresh_token_and_another_persons_session_is_not_found() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let other = app.signup("Beta").await;
    let phone = login_as(&app, &owner.email, IPHONE).await;
    let list = app.get("/api/v1/auth/sessions", &owner.token).await;
    let phone_id = list.body["sessions"]
        .as_array()
        .expect("sessions")
        .iter()
        .find(|s| s["device"] == "Safari on iOS")
        .expect("the phone's session")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let theirs = app.delete(&format!("/api/v1/auth/sessions/{phone_id}"), &other.token).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    assert_eq!(refresh(&app, &phone.body["refreshToken"]).await.status, StatusCode::OK, "untouched by another");

    let phone = login_as(&app, &owner.email, IPHONE).await;
    let list = app.get("/api/v1/auth/sessions", token(&phone)).await;
    let id = list.body["sessions"].as_array().expect("s").iter().find(|s| s["current"] == true).expect("this")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let end = app.delete(&format!("/api/v1/auth/sessions/{id}"), &owner.token).await;
    assert_eq!(end.status, StatusCode::NO_CONTENT);
    assert_eq!(refresh(&app, &phone.body["refreshToken"]).await.status, StatusCode::UNAUTHORIZED);
    let again = app.delete(&format!("/api/v1/auth/sessions/{id}"), &owner.token).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "already ended");
}

#[tokio::test]
async fn ending_all_others_keeps_this_one() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let a = login_as(&app, &owner.email, FIREFOX).await;
    let b = login_as(&app, &owner.email, IPHONE).await;
    let res = app.delete("/api/v1/auth/sessions", token(&a)).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    assert_eq!(refresh(&app, &b.body["refreshToken"]).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refresh(&app, &json!(owner.refresh)).await.status, StatusCode::UNAUTHORIZED);
    let mine = refresh(&app, &a.body["refreshToken"]).await;
    assert_eq!(mine.status, StatusCode::OK);
    let list = app.get("/api/v1/auth/sessions", token(&mine)).await;
    assert_eq!(list.body["sessions"].as_array().expect("s").len(), 1);
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions_and_keeps_this_one() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let other = login_as(&app, &owner.email, IPHONE).await;
    let res = app
        .post(
            "/api/v1/auth/change-password",
            Some(&owner.token),
            json!({ "currentPassword": PASSWORD, "newPassword": "another-horse-7" }),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(refresh(&app, &other.body["refreshToken"]).await.status, StatusCode::UNAUTHORIZED);
    let list = app.get("/api/v1/auth/sessions", token(&res)).await;
    let sessions = list.body["sessions"].as_array().expect("s");
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0]["current"], true, "the same session goes on");
    assert_eq!(refresh(&app, &res.body["refreshToken"]).await.status, StatusCode::OK);
}

#[tokio::test]
async fn two_tabs_refreshing_at_once_with_one_token_both_succeed() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let t = json!(owner.refresh);
    let (one, two) = tokio::join!(refresh(&app, &t), refresh(&app, &t));
    assert_eq!(one.status, StatusCode::OK, "{}", one.body);
    assert_eq!(two.status, StatusCode::OK, "{}", two.body);
    // Both tabs go on: each new token refreshes, in the same session.
    assert_eq!(refresh(&app, &one.body["refreshToken"]).await.status, StatusCode::OK);
    assert_eq!(refresh(&app, &two.body["refreshToken"]).await.status, StatusCode::OK);
    // A late second tab, within the window, too.
    let late = refresh(&app, &t).await;
    assert_eq!(late.status, StatusCode::OK, "{}", late.body);
}

#[tokio::test]
async fn a_replay_after_the_grace_window_revokes_the_session() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let next = refresh(&app, &json!(owner.refresh)).await;
    assert_eq!(next.status, StatusCode::OK);
    // The rotation happened 30 seconds ago (past the 20-second window).
    app.owner_db()
        .await
        .execute_unprepared(&format!(
            "update refresh_tokens set used_at = now() - interval '30 seconds' where user_id = '{}' and used_at is not null",
            owner.user_id
        ))
        .await
        .expect("age the rotation");
    let replay = refresh(&app, &json!(owner.refresh)).await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED);
    assert_eq!(replay.code(), "refresh_token_reused");
    assert_eq!(refresh(&app, &next.body["refreshToken"]).await.status, StatusCode::UNAUTHORIZED, "family revoked");
}

async fn new_sign_in_mails(app: &TestApp, email: &str) -> usize {
    app.mails_to(email).await.iter().filter(|m| m["subject"] == "New sign-in to Parley").count()
}

#[tokio::test]
async fn a_sign_in_from_a_new_device_is_mailed_and_a_known_one_is_not() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    login_as(&app, &owner.email, FIREFOX).await;
    assert_eq!(new_sign_in_mails(&app, &owner.email).await, 1, "Firefox was new");
    login_as(&app, &owner.email, FIREFOX).await;
    assert_eq!(new_sign_in_mails(&app, &owner.email).await, 1, "Firefox is known now");
    login_as(&app, &owner.email, IPHONE).await;
    assert_eq!(new_sign_in_mails(&app, &owner.email).await, 2, "the phone was new");
    let mail =
        app.mails_to(&owner.email).await.into_iter().find(|m| m["subject"] == "New sign-in to Parley").expect("mail");
    let text = mail.to_string();
    assert!(text.contains("Safari on iOS") && text.contains("/settings/security"), "{text}");
}
