//! Accounts and sessions end to end through the router, on a real database and Redis.

use axum::http::{Method, StatusCode};
use parley_test_support::{PASSWORD, TestApp, TestOptions, invitation_token, link_in, session_of, unique_email};
use sea_orm::ConnectionTrait;
use serde_json::json;

#[tokio::test]
async fn a_business_signs_up_and_its_owner_sees_the_session() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme Trading").await;
    let me = app.get("/api/v1/auth/me", &owner.token).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["role"], "owner");
    assert_eq!(me.body["tenant"]["name"], "Acme Trading");
    assert_eq!(me.body["tenant"]["slug"], "acme-trading");
    assert_eq!(me.body["user"]["email"], owner.email.as_str());
    assert_eq!(me.body["memberships"].as_array().map(Vec::len), Some(1));
    let mail = app.last_mail_to(&owner.email).await.expect("welcome mail");
    assert!(mail["subject"].as_str().unwrap_or("").starts_with("Welcome"));
    let audit = app.get("/api/v1/audit-logs", &owner.token).await;
    assert_eq!(audit.body["items"][0]["action"], "tenant.created");
}

#[tokio::test]
async fn the_same_business_name_twice_gets_two_distinct_slugs() {
    let app = TestApp::spawn().await;
    let a = app.signup("Same Name").await;
    let b = app.signup("Same Name").await;
    let sa = app.get("/api/v1/auth/me", &a.token).await.body["tenant"]["slug"].clone();
    let sb = app.get("/api/v1/auth/me", &b.token).await.body["tenant"]["slug"].clone();
    assert_ne!(sa, sb);
}

#[tokio::test]
async fn signing_up_twice_with_one_email_is_a_conflict_and_stores_nothing_more() {
    let app = TestApp::spawn().await;
    let owner = app.signup("First").await;
    let res = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({ "businessName": "Second", "name": "X", "email": owner.email.to_uppercase(), "password": PASSWORD }),
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(res.code(), "email_taken");
    let admin = app.services.admin.stats().await.expect("stats");
    assert_eq!(admin.tenants, 1, "the failed sign-up must not leave a tenant behind");
}

#[tokio::test]
async fn login_checks_the_password_and_never_says_which_part_was_wrong() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let wrong = app.login(&owner.email, "wrong-password-1").await;
    let unknown = app.login(&unique_email("nobody"), "wrong-password-1").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.body, unknown.body);
    let ok = app.login(&owner.email.to_uppercase(), PASSWORD).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert!(ok.headers.get_all("set-cookie").iter().any(|c| {
        let c = c.to_str().unwrap_or("");
        c.starts_with("parley_refresh=") && c.contains("HttpOnly") && c.contains("Path=/api/v1/auth")
    }));
}

#[tokio::test]
async fn repeated_failed_logins_are_throttled_even_with_the_right_password() {
    let app = TestApp::spawn_with(TestOptions { login_max_failures: 3, ..TestOptions::default() }).await;
    let owner = app.signup("Acme").await;
    for _ in 0..3 {
        assert_eq!(app.login(&owner.email, "wrong-password-1").await.status, StatusCode::UNAUTHORIZED);
    }
    let blocked = app.login(&owner.email, PASSWORD).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(blocked.code(), "too_many_attempts");
    let retry: u64 = blocked.headers["retry-after"].to_str().expect("header").parse().expect("seconds");
    assert!(retry > 0 && retry <= 900);
}

#[tokio::test]
async fn refresh_tokens_rotate_and_a_reused_one_revokes_the_whole_family() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let first = app.post("/api/v1/auth/refresh", None, json!({ "refreshToken": owner.refresh })).await;
    assert_eq!(first.status, StatusCode::OK);
    let second_token = first.body["refreshToken"].as_str().expect("token").to_owned();
    assert_ne!(second_token, owner.refresh);

    // The old token comes back after the grace window for tabs refreshing at once (20 s): an attacker may hold a copy.
    app.owner_db()
        .await
        .execute_unprepared(
            "update refresh_tokens set used_at = now() - interval '30 seconds' where used_at is not null",
        )
        .await
        .expect("age the rotation");
    let reuse = app.post("/api/v1/auth/refresh", None, json!({ "refreshToken": owner.refresh })).await;
    assert_eq!(reuse.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reuse.code(), "refresh_token_reused");
    // ... so the legitimate newer token is dead too.
    let after = app.post("/api/v1/auth/refresh", None, json!({ "refreshToken": second_token })).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn refresh_reads_the_cookie_and_logout_ends_the_session() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let req = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/api/v1/auth/refresh")
        .header("cookie", format!("parley_refresh={}", owner.refresh))
        .body(axum::body::Body::empty())
        .expect("request");
    let res = app.send(req).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let token = res.body["refreshToken"].as_str().expect("token").to_owned();
    let out = app.post("/api/v1/auth/logout", None, json!({ "refreshToken": token })).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let res = app.post("/api/v1/auth/refresh", None, json!({ "refreshToken": token })).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.code(), "invalid_refresh_token");
}

#[tokio::test]
async fn forged_expired_and_malformed_tokens_are_rejected() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let mut parts: Vec<String> = owner.token.split('.').map(str::to_owned).collect();
    parts[2] = "AAAA".repeat(10);
    for (token, code) in [
        (parts.join("."), "invalid_token"),
        ("not-a-jwt".to_owned(), "invalid_token"),
        ("pk_nonsense".to_owned(), "invalid_api_key"),
    ] {
        let res = app.get("/api/v1/users", &token).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{token}");
        assert_eq!(res.code(), code);
    }
    let none = app.call(Method::GET, "/api/v1/auth/me", None, None).await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    assert_eq!(none.code(), "unauthorized");
}

#[tokio::test]
async fn a_forgotten_password_is_reset_by_the_mailed_link_once() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let res = app.post("/api/v1/auth/forgot-password", None, json!({ "email": owner.email })).await;
    assert_eq!(res.status, StatusCode::ACCEPTED);
    let unknown = app.post("/api/v1/auth/forgot-password", None, json!({ "email": "ghost@example.com" })).await;
    assert_eq!(unknown.status, StatusCode::ACCEPTED, "no account enumeration");
    assert!(app.last_mail_to("ghost@example.com").await.is_none());

    let mail = app.last_mail_to(&owner.email).await.expect("reset mail");
    let link = link_in(mail["text"].as_str().expect("text"), "/reset-password?token=").expect("link");
    let token = link.split("token=").nth(1).expect("token");
    let reset =
        app.post("/api/v1/auth/reset-password", None, json!({ "token": token, "password": "brand-new-pass-2" })).await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
    assert_eq!(app.login(&owner.email, PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.login(&owner.email, "brand-new-pass-2").await.status, StatusCode::OK);
    // Old sessions are over, and the link works only once.
    let old = app.post("/api/v1/auth/refresh", None, json!({ "refreshToken": owner.refresh })).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let again =
        app.post("/api/v1/auth/reset-password", None, json!({ "token": token, "password": "another-pass-3" })).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert_eq!(again.code(), "invalid_or_expired_token");
}

#[tokio::test]
async fn an_invited_agent_accepts_and_gets_an_agent_session() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let email = unique_email("agent");
    let inv = app.post("/api/v1/invitations", Some(&owner.token), json!({ "email": email, "role": "agent" })).await;
    assert_eq!(inv.status, StatusCode::CREATED);
    assert_eq!(inv.body["status"], "pending");
    let mail = app.last_mail_to(&email).await.expect("invitation mail");
    let link = link_in(mail["text"].as_str().expect("text"), "/invite/").expect("link");
    assert_eq!(Some(link.as_str()), inv.body["acceptUrl"].as_str());
    let token = invitation_token(&link);

    let preview = app.call(Method::GET, &format!("/api/v1/auth/invitations/{token}"), None, None).await;
    assert_eq!(preview.status, StatusCode::OK);
    assert_eq!(preview.body["tenantName"], "Acme");
    assert_eq!(preview.body["role"], "agent");
    assert_eq!(preview.body["existingUser"], false);

    let missing =
        app.post(&format!("/api/v1/auth/invitations/{token}/accept"), None, json!({ "password": PASSWORD })).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(missing.body["details"]["fields"][0]["field"], "name");

    let acc = app
        .post(&format!("/api/v1/auth/invitations/{token}/accept"), None, json!({ "name": "Ada", "password": PASSWORD }))
        .await;
    assert_eq!(acc.status, StatusCode::OK);
    assert_eq!(acc.body["session"]["role"], "agent");
    let agent = session_of(&acc.body, email);
    assert_eq!(agent.tenant_id, owner.tenant_id);

    let twice = app
        .post(&format!("/api/v1/auth/invitations/{token}/accept"), None, json!({ "name": "Ada", "password": PASSWORD }))
        .await;
    assert_eq!(twice.status, StatusCode::NOT_FOUND);
    assert_eq!(twice.code(), "invalid_or_expired_token");
    let gone = app.call(Method::GET, &format!("/api/v1/auth/invitations/{token}"), None, None).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    // Agents do not manage the team.
    assert_eq!(app.get("/api/v1/users", &agent.token).await.status, StatusCode::FORBIDDEN);
    let invs = app.get("/api/v1/invitations", &owner.token).await;
    assert_eq!(invs.body[0]["status"], "accepted");
}

#[tokio::test]
async fn someone_with_an_account_joins_a_second_tenant_and_switches_between_them() {
    let app = TestApp::spawn().await;
    let a = app.signup("Alpha").await;
    let b = app.signup("Beta").await;
    let inv = app.post("/api/v1/invitations", Some(&b.token), json!({ "email": a.email, "role": "manager" })).await;
    let token = invitation_token(inv.body["acceptUrl"].as_str().expect("url"));
    let preview = app.call(Method::GET, &format!("/api/v1/auth/invitations/{token}"), None, None).await;
    assert_eq!(preview.body["existingUser"], true);
    let wrong = app
        .post(&format!("/api/v1/auth/invitations/{token}/accept"), None, json!({ "password": "not-theirs-1" }))
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let ok = app.post(&format!("/api/v1/auth/invitations/{token}/accept"), None, json!({ "password": PASSWORD })).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.body["session"]["tenant"]["name"], "Beta");
    assert_eq!(ok.body["session"]["memberships"].as_array().map(Vec::len), Some(2));
    let sw = app.post("/api/v1/auth/switch-tenant", Some(&a.token), json!({ "tenantId": a.tenant_id })).await;
    assert_eq!(sw.body["session"]["role"], "owner");
    let sw = app.post("/api/v1/auth/switch-tenant", Some(&a.token), json!({ "tenantId": b.tenant_id })).await;
    assert_eq!(sw.body["session"]["role"], "manager");
    let stranger = app.signup("Gamma").await;
    let no = app.post("/api/v1/auth/switch-tenant", Some(&a.token), json!({ "tenantId": stranger.tenant_id })).await;
    assert_eq!(no.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn managers_manage_agents_but_not_managers_or_owners() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let manager = app.add_member(&owner, "manager").await;
    let agent = app.add_member(&owner, "agent").await;
    let no = app
        .post("/api/v1/invitations", Some(&manager.token), json!({ "email": unique_email("m"), "role": "manager" }))
        .await;
    assert_eq!(no.status, StatusCode::FORBIDDEN);
    let owner_role =
        app.patch(&format!("/api/v1/users/{}", owner.user_id), &manager.token, json!({ "role": "agent" })).await;
    assert_eq!(owner_role.status, StatusCode::FORBIDDEN);
    let promote =
        app.patch(&format!("/api/v1/users/{}", agent.user_id), &manager.token, json!({ "role": "manager" })).await;
    assert_eq!(promote.status, StatusCode::FORBIDDEN);
    let rename =
        app.patch(&format!("/api/v1/users/{}", agent.user_id), &manager.token, json!({ "name": "Agent Smith" })).await;
    assert_eq!(rename.status, StatusCode::OK);
    assert_eq!(rename.body["name"], "Agent Smith");
    // An owner may promote.
    let up = app.patch(&format!("/api/v1/users/{}", agent.user_id), &owner.token, json!({ "role": "manager" })).await;
    assert_eq!(up.body["role"], "manager");
}

#[tokio::test]
async fn a_disabled_member_loses_their_sessions_and_the_last_owner_stays() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let agent = app.add_member(&owner, "agent").await;
    let off = app
        .patch(&format!("/api/v1/users/{}/status", agent.user_id), &owner.token, json!({ "status": "disabled" }))
        .await;
    assert_eq!(off.status, StatusCode::OK);
    assert_eq!(off.body["status"], "disabled");
    let refresh = app.post("/api/v1/auth/refresh", None, json!({ "refreshToken": agent.refresh })).await;
    assert_eq!(refresh.status, StatusCode::UNAUTHORIZED);
    let login = app.login(&agent.email, PASSWORD).await;
    assert_eq!(login.status, StatusCode::FORBIDDEN);
    assert_eq!(login.code(), "no_active_workspace");

    let co = app.add_member(&owner, "manager").await;
    let self_change = app
        .patch(&format!("/api/v1/users/{}/status", owner.user_id), &owner.token, json!({ "status": "disabled" }))
        .await;
    assert_eq!(self_change.status, StatusCode::FORBIDDEN);
    assert_eq!(self_change.code(), "own_membership");
    let _ = co;
}

#[tokio::test]
async fn the_only_owner_cannot_be_demoted_even_by_another_owner() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let second = app.add_member(&owner, "manager").await;
    let up = app.patch(&format!("/api/v1/users/{}", second.user_id), &owner.token, json!({ "role": "owner" })).await;
    assert_eq!(up.body["role"], "owner");
    // Two owners: one may step the other down, leaving one.
    let down =
        app.patch(&format!("/api/v1/users/{}", owner.user_id), &second.token, json!({ "role": "manager" })).await;
    assert_eq!(down.status, StatusCode::OK, "{}", down.body);
    // Now `second` is the only owner; nobody can remove or demote them (they cannot act on themselves).
    let again = app.patch(&format!("/api/v1/users/{}", second.user_id), &owner.token, json!({ "role": "agent" })).await;
    assert_eq!(again.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn api_keys_are_shown_once_work_as_bearer_and_stop_when_revoked() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let created = app
        .post("/api/v1/api-keys", Some(&owner.token), json!({ "name": "Zapier", "scopes": ["contacts:read"] }))
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let secret = created.body["secret"].as_str().expect("secret").to_owned();
    assert!(secret.starts_with("pk_"));
    let listed = app.get("/api/v1/api-keys", &owner.token).await;
    assert!(!listed.body.to_string().contains(&secret), "the secret is never listed");
    assert_eq!(app.get("/api/v1/contacts", &secret).await.status, StatusCode::OK);
    // A key is not a person: no profile (refused by the scope table, tests/api_platform.rs).
    let me = app.get("/api/v1/auth/me", &secret).await;
    assert_eq!((me.status, me.code()), (StatusCode::FORBIDDEN, "insufficient_scope"));
    let id = created.body["apiKey"]["id"].as_str().expect("id");
    assert_eq!(app.delete(&format!("/api/v1/api-keys/{id}"), &owner.token).await.status, StatusCode::NO_CONTENT);
    let res = app.get("/api/v1/contacts", &secret).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_platform_admin_lists_and_suspends_tenants_and_others_cannot() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let email = unique_email("admin");
    parley_services::platform::seed::create_platform_admin(&app.services.core, &email, Some(PASSWORD))
        .await
        .expect("admin");
    let admin = app.login(&email, PASSWORD).await;
    assert_eq!(admin.status, StatusCode::OK, "{}", admin.body);
    assert!(admin.body["session"]["tenant"].is_null());
    // A platform admin always needs two-factor sign-in: the first session only reaches the enrolment.
    let enrolling = admin.body["accessToken"].as_str().expect("token").to_owned();
    assert_eq!(app.get("/api/v1/admin/tenants", &enrolling).await.code(), "two_factor_enrolment_required");
    app.enrol_two_factor(&enrolling).await;
    let refreshed = app.post("/api/v1/auth/refresh", None, json!({ "refreshToken": admin.body["refreshToken"] })).await;
    let token = refreshed.body["accessToken"].as_str().expect("token").to_owned();
    assert_eq!(app.get("/api/v1/admin/tenants", &owner.token).await.status, StatusCode::FORBIDDEN);
    let list = app.get("/api/v1/admin/tenants?q=acm", &token).await;
    assert_eq!(list.body["total"], 1);
    assert_eq!(list.body["items"][0]["ownerEmail"], owner.email.as_str());
    let sus = app
        .patch(&format!("/api/v1/admin/tenants/{}", owner.tenant_id), &token, json!({ "status": "suspended" }))
        .await;
    assert_eq!(sus.body["status"], "suspended");
    let login = app.login(&owner.email, PASSWORD).await;
    assert_eq!(login.code(), "no_active_workspace");
    let stats = app.get("/api/v1/admin/stats", &token).await;
    assert_eq!(stats.body["tenants"], 1);
    assert_eq!(stats.body["activeTenants"], 0);
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_other_sessions() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let bad = app
        .post(
            "/api/v1/auth/change-password",
            Some(&owner.token),
            json!({ "currentPassword": "nope-nope-1", "newPassword": "fresh-pass-22" }),
        )
        .await;
    assert_eq!(bad.status, StatusCode::FORBIDDEN);
    assert_eq!(bad.code(), "wrong_password");
    let ok = app
        .post(
            "/api/v1/auth/change-password",
            Some(&owner.token),
            json!({ "currentPassword": PASSWORD, "newPassword": "fresh-pass-22" }),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert!(ok.body["accessToken"].is_string());
    let old = app.post("/api/v1/auth/refresh", None, json!({ "refreshToken": owner.refresh })).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let me = app.patch("/api/v1/auth/me", &owner.token, json!({ "locale": "ar", "name": "مالك" })).await;
    assert_eq!(me.body["user"]["locale"], "ar");
    assert_eq!(me.body["user"]["name"], "مالك");
}

#[tokio::test]
async fn a_role_change_applies_to_the_next_request_even_with_an_older_token() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let agent = app.add_member(&owner, "agent").await;
    assert_eq!(app.get("/api/v1/users", &agent.token).await.status, StatusCode::FORBIDDEN);
    let up = app.patch(&format!("/api/v1/users/{}", agent.user_id), &owner.token, json!({ "role": "manager" })).await;
    assert_eq!(up.status, StatusCode::OK);
    // The agent's access token still says "agent"; the database says manager.
    assert_eq!(app.get("/api/v1/users", &agent.token).await.status, StatusCode::OK);
    let down = app.patch(&format!("/api/v1/users/{}", agent.user_id), &owner.token, json!({ "role": "agent" })).await;
    assert_eq!(down.status, StatusCode::OK);
    assert_eq!(app.get("/api/v1/users", &agent.token).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_removed_member_is_refused_at_once_with_a_still_valid_token() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let manager = app.add_member(&owner, "manager").await;
    assert_eq!(app.get("/api/v1/users", &manager.token).await.status, StatusCode::OK);
    assert_eq!(
        app.delete(&format!("/api/v1/users/{}", manager.user_id), &owner.token).await.status,
        StatusCode::NO_CONTENT
    );
    let res = app.get("/api/v1/users", &manager.token).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(res.code(), "workspace_unavailable");
}

#[tokio::test]
async fn an_agent_reads_their_own_member_record_but_nobody_elses() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let agent = app.add_member(&owner, "agent").await;
    let own = app.get(&format!("/api/v1/users/{}", agent.user_id), &agent.token).await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(own.body["role"], "agent");
    let other = app.get(&format!("/api/v1/users/{}", owner.user_id), &agent.token).await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_expired_access_token_is_refused_with_its_own_code() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    // Sign a token exactly as the server does, with its real secret, but expired two minutes ago.
    let secret = parley_test_support::TEST_JWT_SECRET;
    let now = chrono::Utc::now().timestamp();
    let claims = json!({ "sub": owner.user_id, "tid": owner.tenant_id, "pa": false,
                         "iat": now - 1000, "exp": now - 120, "typ": "access" });
    let expired = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .expect("sign");
    let res = app.get("/api/v1/users", &expired).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.code(), "token_expired");
    // The same claims, not expired, are accepted: the refusal is about time alone.
    let fresh = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &json!({ "sub": owner.user_id, "tid": owner.tenant_id, "pa": false, "iat": now, "exp": now + 60, "typ": "access" }),
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .expect("sign");
    assert_eq!(app.get("/api/v1/users", &fresh).await.status, StatusCode::OK);
}
