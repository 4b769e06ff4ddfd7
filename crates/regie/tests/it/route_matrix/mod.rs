//! Every route × every role × (own client, another team's client, no client): the answers keep to
//! the need-to-know rules, nothing leaks a client's name to someone who may not see the client,
//! refused writes change nothing, and every route on client data leaves exactly the access-log
//! records it should — granted or refused. The table of routes is checked against the routes the
//! web crate registers, so a new route cannot slip past these tests.

mod fixture;
mod scan;
mod table;

use crate::harness::db::{databases, Db};
use crate::harness::{seed_org, spawn_app, TestApp, PASSWORD};
use fixture::{fill, subject, Subject};
use regie_store::{NewUser, Store};
use std::collections::BTreeSet;
use table::{Kind, Route, Rule, ROUTES};

async fn count(db: &Db, sql: &str) -> i64 {
    db.column::<i64>(sql).await[0]
}

/// The seeded roles, and which of the two clients each may open.
const ROLES: &[(&str, bool, bool)] = &[
    // (email, may open A (team A, worker's client), may open B (team B, ander's client))
    ("begeleider@test.nl", true, false),
    ("collega@test.nl", false, false),
    ("teamleider@test.nl", true, false),
    ("ander@test.nl", false, true),
    ("beheer@test.nl", false, false),
    ("kwaliteit@test.nl", false, false),
    ("privacy@test.nl", false, false),
];

/// The roles the harness does not seed: kwaliteit (reports only) and the privacy officer.
async fn add_roles(store: &Store) {
    for (email, name, role) in [("kwaliteit@test.nl", "Kim Kwaliteit", "kwaliteit"), ("privacy@test.nl", "Petra Privacy", "privacy")] {
        let user = NewUser { email: email.into(), name: name.into(), role: role.into(), team_id: None, password_hash: regie_store::hash_password(PASSWORD) };
        store.create_user(&user).await.unwrap();
    }
}

/// One signed-in role: a page session and an API token.
struct As {
    email: &'static str,
    app: TestApp,
    token: String,
    /// The session's CSRF token, read once (reading it costs a caseload view, which is logged).
    csrf: String,
}

async fn sign_in(store: &Store, email: &'static str) -> As {
    let app = spawn_app(store.clone()).await;
    app.login(email).await;
    let token = app.token(email).await;
    let csrf = app.csrf().await;
    As { email, app, token, csrf }
}

/// Calls `route` at `path` as `who`, with an empty form (only the CSRF token) or JSON body;
/// (status, body). Query parameters a route requires are added (`required_query`).
async fn call(who: &As, route: &Route, path: &str) -> (u16, String) {
    let app = &who.app;
    let path = &format!("{path}{}", required_query(route.path));
    let api = path.starts_with("/api/");
    let res = if api {
        let mut req = app.http.request(route.method.parse().unwrap(), app.url(path)).bearer_auth(&who.token);
        if matches!(route.method, "POST" | "PUT" | "PATCH") {
            req = req.json(&serde_json::json!({}));
        }
        req.send().await.unwrap()
    } else if route.method == "GET" {
        app.http.get(app.url(path)).send().await.unwrap()
    } else {
        app.http.post(app.url(path)).form(&[("csrf", who.csrf.as_str())]).send().await.unwrap()
    };
    let status = res.status().as_u16();
    (status, res.text().await.unwrap_or_default())
}

/// Query parameters without which a route answers 400 before it looks at the client.
fn required_query(path: &str) -> &'static str {
    if path.ends_with("/plan/changes") {
        "?from=2020-01-01"
    } else {
        ""
    }
}

fn client_route(path: &str) -> bool {
    path.contains("/clienten/{id}") || path.contains("/clients/{id}")
}

#[test]
fn the_matrix_lists_every_registered_route_once() {
    let registered = scan::registered_routes();
    let listed: BTreeSet<(String, String)> = ROUTES.iter().map(|r| (r.method.to_string(), r.path.to_string())).collect();
    assert_eq!(listed.len(), ROUTES.len(), "a route is listed twice");
    let missing: Vec<_> = registered.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&registered).collect();
    assert!(missing.is_empty(), "routes without a row in route_matrix/table.rs: {missing:#?}");
    assert!(stale.is_empty(), "rows in route_matrix/table.rs for routes that no longer exist: {stale:#?}");
}

#[tokio::test]
async fn every_route_for_every_role_and_client_keeps_to_the_access_rules() {
    for db in databases().await {
        let store = &db.store;
        seed_org(store).await;
        add_roles(store).await;
        let a = subject(store, "begeleider@test.nl", "Aylin", "Routetestra").await;
        let b = subject(store, "ander@test.nl", "Bertus", "Anderteamer").await;
        let mut none = a.clone();
        none.id = 987_654;
        none.params.insert("{id}".into(), none.id.to_string());
        none.names = ["Niemand".into(), "Onbestaand".into()];
        // Reads first, writes after, deletions and sign-outs last, so ids stay valid as long as possible.
        let mut routes: Vec<&Route> = ROUTES.iter().collect();
        routes.sort_by_key(|r| r.order());
        let mut problems = Vec::new();
        for &(email, sees_a, sees_b) in ROLES {
            let who = sign_in(store, email).await;
            for route in &routes {
                if route.kind == Kind::Session {
                    continue;
                }
                let (may_a, may_b) = match route.rule {
                    Rule::NeedToKnow | Rule::Emergency => (sees_a, sees_b),
                    Rule::AdminOnly => (email == "beheer@test.nl", email == "beheer@test.nl"),
                };
                let subjects: Vec<(&Subject, bool)> =
                    if client_route(route.path) { vec![(&a, may_a), (&b, may_b), (&none, false)] } else { vec![(&a, false)] };
                for (s, allowed) in subjects {
                    let path = fill(route.path, s);
                    let changes_before = count(&db, &format!("SELECT COUNT(*) FROM changes WHERE client_id = {}", s.id)).await;
                    let (status, body) = call(&who, route, &path).await;
                    let what = format!("[{}] {} {} {} as {}", db.engine, route.method, route.path, path, who.email);
                    if status >= 500 {
                        problems.push(format!("{what}: server error {status}"));
                    }
                    // No answer names a client the role may not see.
                    for (other, other_allowed) in [(&a, sees_a), (&b, sees_b)] {
                        if !other_allowed && other.names.iter().any(|n| body.contains(n.as_str())) {
                            problems.push(format!("{what}: answer names client {}", other.id));
                        }
                    }
                    if !client_route(route.path) {
                        continue;
                    }
                    if route.rule == Rule::Emergency {
                        // Asked without a reason: refused as incomplete, or a redirect for
                        // someone who may already open the client — and nothing changes.
                        let changes_after = count(&db, &format!("SELECT COUNT(*) FROM changes WHERE client_id = {}", s.id)).await;
                        if changes_after != changes_before || !matches!(status, 303 | 403 | 422) {
                            problems.push(format!("{what}: emergency access without a reason answered {status}"));
                        }
                        continue;
                    }
                    if allowed {
                        if matches!(status, 401 | 403) {
                            problems.push(format!("{what}: refused ({status}) though allowed"));
                        }
                        if route.method == "GET" && !(200..400).contains(&status) {
                            problems.push(format!("{what}: read answered {status}"));
                        }
                    } else {
                        // Functioneel beheer manages clients by number: an unknown number is a 404.
                        let admin_unknown = route.rule == Rule::AdminOnly && s.id == none.id && email == "beheer@test.nl" && status == 404;
                        if status != 403 && !admin_unknown {
                            problems.push(format!("{what}: expected 403 for a client out of reach, got {status}"));
                        }
                        let changes_after = count(&db, &format!("SELECT COUNT(*) FROM changes WHERE client_id = {}", s.id)).await;
                        if changes_after != changes_before {
                            problems.push(format!("{what}: a refused request changed the record"));
                        }
                    }
                }
            }
        }
        assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    }
}

#[tokio::test]
async fn every_route_on_client_data_leaves_exactly_its_access_log_records() {
    for db in databases().await {
        let store = &db.store;
        seed_org(store).await;
        let a = subject(store, "begeleider@test.nl", "Aylin", "Routetestra").await;
        let worker = sign_in(store, "begeleider@test.nl").await;
        let outsider = sign_in(store, "ander@test.nl").await;
        let admin = sign_in(store, "beheer@test.nl").await;
        let id_of = |who: &As| {
            let store = who.app.store.clone();
            let email = who.email;
            async move { store.user_by_email(email).await.unwrap().unwrap().id }
        };
        let (worker_id, outsider_id, admin_id) = (id_of(&worker).await, id_of(&outsider).await, id_of(&admin).await);
        let mut routes: Vec<&Route> = ROUTES.iter().filter(|r| client_route(r.path) && r.kind != Kind::Session).collect();
        routes.sort_by_key(|r| r.order());
        let discover = std::env::var("REGIE_ROUTE_DISCOVER").is_ok();
        let mut problems = Vec::new();
        for route in routes {
            let path = fill(route.path, &a);
            let granted_to = if route.rule == Rule::AdminOnly { (&admin, admin_id) } else { (&worker, worker_id) };
            for (who, uid, refused) in [(&outsider, outsider_id, true), (granted_to.0, granted_to.1, false)] {
                let last = count(&db, "SELECT COALESCE(MAX(id), 0) FROM audit_log").await;
                let (status, _) = call(who, route, &path).await;
                let new = db.rows3(
                    &format!(
                        "SELECT action, outcome, CAST(COALESCE(user_id, 0) AS TEXT) FROM audit_log WHERE id > {last} AND client_id = {} ORDER BY id",
                        a.id
                    ),
                )
                .await;
                let what = format!("[{}] {} {} as {} ({status})", db.engine, route.method, route.path, who.email);
                if new.iter().any(|(_, _, u)| u != &uid.to_string()) {
                    problems.push(format!("{what}: a record names another user: {new:?}"));
                }
                let got: Vec<String> = new.iter().map(|(action, outcome, _)| format!("{action}/{outcome}")).collect();
                let want: Vec<String> = if route.rule == Rule::Emergency {
                    // Without a reason nothing is granted and nothing logged; someone who may
                    // already open the client is sent on to the dossier.
                    Vec::new()
                } else if refused {
                    vec![format!("{}/refused", route.audit.action())]
                } else {
                    route.audit.granted()
                };
                if discover {
                    println!("{} {} {} -> {:?}", route.method, route.path, if refused { "refused" } else { "granted" }, got);
                }
                if got != want {
                    problems.push(format!("{what}: access log {got:?}, expected {want:?}"));
                }
            }
        }
        assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    }
}
