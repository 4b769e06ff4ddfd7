//! Passende methoden: the profile a worker records for the suggestion rules, what Regie already
//! knows, and the suggested methods with every reason for and against. A suggestion can be
//! dismissed (with who, when and why) and restored. Plain forms answer with a redirect back; htmx
//! requests get the re-rendered body.

use crate::auth::Staff;
use crate::error::{AppError, PageError};
use crate::pages::form::{date, fill, FormData};
use crate::pages::{is_htmx, render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use regie_domain::catalogue::AuditAction;
use regie_domain::suggest::{suggest, Complexity, Situation, TargetGroup, Transition};
use regie_domain::FieldErrors;
use regie_store::{ClientScope, StoreError, SuggestProfileInput};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/clienten/{id}/methode-suggesties", get(page))
        .route(
            "/clienten/{id}/methode-suggesties/profiel",
            post(save_profile),
        )
        .route(
            "/clienten/{id}/methode-suggesties/{code}/afwijzen",
            post(dismiss),
        )
        .route(
            "/clienten/{id}/methode-suggesties/{code}/terugzetten",
            post(restore),
        )
}

/// The name of a method from the methods library, or its code.
pub(crate) fn method_name(code: &str) -> String {
    regie_domain::methods::method(code)
        .map(|m| m.name.clone())
        .unwrap_or_else(|| code.to_string())
}

/// An option of a checkbox or radio group.
pub(crate) struct Choice {
    pub code: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

/// A suggestion as shown.
pub(crate) struct Row {
    pub code: &'static str,
    pub name: String,
    pub points: String,
    pub reasons: Vec<String>,
    pub against: Vec<String>,
}

/// A dismissed suggestion as shown.
pub(crate) struct Hidden {
    pub code: String,
    pub name: String,
    pub by: String,
    pub reason: String,
}

/// Everything the body template reads.
pub(crate) struct SuggestView {
    pub client_id: i64,
    pub version: i64,
    pub groups: Vec<Choice>,
    pub complexities: Vec<Choice>,
    pub complexity_unknown: bool,
    pub transition: bool,
    pub transitions: Vec<Choice>,
    pub outreach: bool,
    pub situations: Vec<Choice>,
    pub goal_domains: Vec<String>,
    pub network: String,
    pub age: String,
    pub rows: Vec<Row>,
    pub hidden: Vec<Hidden>,
    pub errors: FieldErrors,
    pub notice: String,
}

#[derive(Template)]
#[template(path = "suggest/page.html")]
struct Page {
    l: Layout,
    client_name: String,
    v: SuggestView,
}

#[derive(Template)]
#[template(path = "suggest/body.html")]
struct Body {
    l: Layout,
    v: SuggestView,
}

async fn page(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let scope = state
        .store
        .open_client(&staff.actor, id, AuditAction::Read, "methodesuggesties")
        .await?;
    show(
        &state,
        &staff,
        &HeaderMap::new(),
        &scope,
        None,
        FieldErrors::default(),
        "",
        StatusCode::OK,
    )
    .await
}

/// Renders the page (or, for htmx, the body), with the form as typed when it was refused.
#[allow(clippy::too_many_arguments)]
async fn show(
    state: &AppState,
    staff: &Staff,
    headers: &HeaderMap,
    scope: &ClientScope,
    typed: Option<&FormData>,
    errors: FieldErrors,
    notice: &str,
    status: StatusCode,
) -> Result<Response, PageError> {
    let today = regie_store::today();
    let inputs = state.store.suggestion_inputs(scope, today).await?;
    let domains = state.store.life_domains().await?;
    let tr = staff.tr;
    let s = &inputs.stored;
    let ticked =
        |field: &str, code: &str, stored: bool| typed.map(|f| f.has(field, code)).unwrap_or(stored);
    let complexity = typed
        .map(|f| f.get("complexity").to_string())
        .unwrap_or_else(|| s.complexity.clone().unwrap_or_default());
    let kind = typed
        .map(|f| f.get("transition_kind").to_string())
        .unwrap_or_else(|| s.transition_kind.clone().unwrap_or_default());
    let dismissed: Vec<&str> = inputs
        .dismissed
        .iter()
        .map(|d| d.method_code.as_str())
        .collect();
    let rows = suggest(&inputs.profile)
        .into_iter()
        .filter(|x| !dismissed.contains(&x.method))
        .map(|x| Row {
            code: x.method,
            name: method_name(x.method),
            points: fill(tr.t("suggest.points"), &[("n", &x.score.to_string())]),
            reasons: x.reasons.into_iter().map(|r| r.text).collect(),
            against: x.against.into_iter().map(|r| r.text).collect(),
        })
        .collect();
    let hidden = inputs
        .dismissed
        .iter()
        .map(|d| {
            let when = chrono::DateTime::parse_from_rfc3339(&d.at)
                .map(|t| date(tr, t.date_naive()))
                .unwrap_or_default();
            Hidden {
                code: d.method_code.clone(),
                name: method_name(&d.method_code),
                by: fill(
                    tr.t("suggest.dismissed_by"),
                    &[("who", &d.by_name), ("date", &when)],
                ),
                reason: d.reason.clone(),
            }
        })
        .collect();
    let p = &inputs.profile;
    let goal_domains = p
        .goal_domains
        .iter()
        .map(|z| {
            domains
                .iter()
                .find(|d| d.code == *z)
                .map(|d| d.name.clone())
                .unwrap_or_else(|| z.clone())
        })
        .collect();
    let network = p
        .network
        .map(|n| {
            let count = fill(
                tr.t("suggest.network_count"),
                &[("n", &n.members.to_string())],
            );
            if n.members > 0 && !n.any_support {
                format!("{count}; {}", tr.t("suggest.network_no_support"))
            } else {
                count
            }
        })
        .unwrap_or_else(|| tr.t("suggest.unknown").to_string());
    let v = SuggestView {
        client_id: scope.client_id(),
        version: typed
            .and_then(|f| f.get("version").parse().ok())
            .unwrap_or(s.version),
        groups: TargetGroup::ALL
            .iter()
            .map(|g| Choice {
                code: g.code(),
                label: tr.code("target_group", g.code()),
                checked: ticked(
                    "target_groups",
                    g.code(),
                    s.target_groups.iter().any(|x| x == g.code()),
                ),
            })
            .collect(),
        complexity_unknown: complexity.is_empty(),
        complexities: Complexity::CODES
            .iter()
            .map(|c| Choice {
                code: c,
                label: tr.code("complexity", c),
                checked: complexity == *c,
            })
            .collect(),
        transition: ticked("critical_transition", "on", s.critical_transition),
        transitions: Transition::CODES
            .iter()
            .map(|c| Choice {
                code: c,
                label: tr.code("transition", c),
                checked: kind == *c,
            })
            .collect(),
        outreach: ticked("needs_outreach", "on", s.needs_outreach),
        situations: Situation::ALL
            .iter()
            .map(|x| Choice {
                code: x.code(),
                label: tr.code("situation", x.code()),
                checked: ticked(
                    "situations",
                    x.code(),
                    s.situations.iter().any(|y| y == x.code()),
                ),
            })
            .collect(),
        goal_domains,
        network,
        age: p
            .age
            .map(|a| fill(tr.t("suggest.age_years"), &[("n", &a.to_string())]))
            .unwrap_or_else(|| tr.t("suggest.unknown").to_string()),
        rows,
        hidden,
        errors,
        notice: notice.to_string(),
    };
    if is_htmx(headers) {
        return Ok((
            StatusCode::OK,
            render(&Body {
                l: Layout::new(staff, tr.t("suggest.title")),
                v,
            }),
        )
            .into_response());
    }
    let client = state.store.client(scope).await?;
    let l = Layout::new(
        staff,
        format!("{} · {}", tr.t("suggest.title"), client.full_name()),
    );
    Ok((
        status,
        render(&Page {
            l,
            client_name: client.full_name(),
            v,
        }),
    )
        .into_response())
}

fn back(id: i64) -> Response {
    Redirect::to(&format!("/clienten/{id}/methode-suggesties#suggesties")).into_response()
}

async fn save_profile(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<i64>,
    f: FormData,
) -> Result<Response, PageError> {
    let scope = state
        .store
        .open_client(
            &staff.actor,
            id,
            AuditAction::Update,
            "methodesuggesties profiel",
        )
        .await?;
    let input = SuggestProfileInput {
        target_groups: f.all("target_groups"),
        complexity: f.get("complexity").to_string(),
        critical_transition: f.has("critical_transition", "on"),
        transition_kind: f.get("transition_kind").to_string(),
        needs_outreach: f.has("needs_outreach", "on"),
        situations: f.all("situations"),
        version: f.get("version").trim().parse().unwrap_or(-1),
    };
    match state.store.save_suggest_profile(&scope, &input).await {
        Ok(_) if is_htmx(&headers) => {
            show(
                &state,
                &staff,
                &headers,
                &scope,
                None,
                FieldErrors::default(),
                staff.tr.t("suggest.saved"),
                StatusCode::OK,
            )
            .await
        }
        Ok(_) => Ok(back(id)),
        Err(StoreError::Invalid(inv)) => {
            let status = if is_htmx(&headers) {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            show(
                &state,
                &staff,
                &headers,
                &scope,
                Some(&f),
                inv.0,
                "",
                status,
            )
            .await
        }
        Err(StoreError::Conflict { .. }) => {
            let mut e = FieldErrors::default();
            e.add("version", "Iemand anders heeft dit intussen opgeslagen. Hieronder staat de nieuwe stand; vul uw wijziging opnieuw in.");
            let status = if is_htmx(&headers) {
                StatusCode::OK
            } else {
                StatusCode::CONFLICT
            };
            show(&state, &staff, &headers, &scope, None, e, "", status).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn dismiss(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Path((id, code)): Path<(i64, String)>,
    f: FormData,
) -> Result<Response, PageError> {
    let scope = state
        .store
        .open_client(
            &staff.actor,
            id,
            AuditAction::Update,
            "methodesuggesties afwijzen",
        )
        .await?;
    match state
        .store
        .dismiss_suggestion(&scope, &code, f.get("reason"))
        .await
    {
        Ok(()) if is_htmx(&headers) => {
            show(
                &state,
                &staff,
                &headers,
                &scope,
                None,
                FieldErrors::default(),
                "",
                StatusCode::OK,
            )
            .await
        }
        Ok(()) => Ok(back(id)),
        Err(StoreError::Invalid(inv)) => {
            let status = if is_htmx(&headers) {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            show(&state, &staff, &headers, &scope, None, inv.0, "", status).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn restore(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Path((id, code)): Path<(i64, String)>,
) -> Result<Response, PageError> {
    let scope = state
        .store
        .open_client(
            &staff.actor,
            id,
            AuditAction::Update,
            "methodesuggesties terugzetten",
        )
        .await?;
    match state.store.restore_suggestion(&scope, &code).await {
        Ok(()) | Err(StoreError::NotFound) if !is_htmx(&headers) => Ok(back(id)),
        Ok(()) | Err(StoreError::NotFound) => {
            show(
                &state,
                &staff,
                &headers,
                &scope,
                None,
                FieldErrors::default(),
                "",
                StatusCode::OK,
            )
            .await
        }
        Err(other) => Err(PageError(AppError::Store(other))),
    }
}
