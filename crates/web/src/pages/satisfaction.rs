//! Tevredenheid in the browser: recording the client's satisfaction (a report mark 1–10 and the
//! questionnaire's items, answered nooit/soms/meestal/altijd) at an evaluation or at the end, the
//! list of responses with the questions as they were asked, and functioneel beheer's page to
//! change the questionnaire.

use super::results_view::forbidden;
use crate::auth::Staff;
use crate::error::PageError;
use crate::pages::form::{date, FormData};
use crate::pages::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use regie_domain::catalogue::AuditAction;
use regie_domain::results::{Answer, SatisfactionMoment, SatisfactionTopic};
use regie_domain::FieldErrors;
use regie_store::{ClientScope, ItemEdit, SatisfactionInput, SatisfactionItem, SatisfactionResponse, StoreError};
use std::collections::HashMap;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/clienten/{id}/tevredenheid", get(list).post(record))
        .route("/clienten/{id}/tevredenheid/nieuw", get(form))
        .route("/beheer/tevredenheid", get(admin).post(admin_save))
}

/// The mark scale and answer codes, for the templates.
pub(crate) const MARKS: &[i64] = &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

#[derive(Template)]
#[template(path = "satisfaction/form.html")]
struct FormPage {
    l: Layout,
    client_id: i64,
    client_name: String,
    items: Vec<SatisfactionItem>,
    /// (id, date in words) of the trajectory's evaluations.
    evaluations: Vec<(i64, String)>,
    f: FormData,
    e: FieldErrors,
    today: String,
}

impl FormPage {
    fn answer_is(&self, item: &i64, code: &str) -> bool {
        self.f.get(&format!("answer_{item}")) == code
    }
}

#[derive(Template)]
#[template(path = "satisfaction/list.html")]
struct ListPage {
    l: Layout,
    client_id: i64,
    client_name: String,
    responses: Vec<ResponseRow>,
}

/// One response as shown.
struct ResponseRow {
    mark: i64,
    date: String,
    moment: &'static str,
    remark: String,
    by: String,
    /// (question as asked then, answer in words).
    answers: Vec<(String, &'static str)>,
}

#[derive(Template)]
#[template(path = "satisfaction/admin.html")]
struct AdminPage {
    l: Layout,
    items: Vec<SatisfactionItem>,
    /// Questions no longer asked (changed or removed), kept for old answers.
    earlier: Vec<SatisfactionItem>,
    f: FormData,
    e: FieldErrors,
    saved: bool,
}

impl AdminPage {
    /// The value of `field` for row `i`: what was sent, else the item's.
    fn val(&self, field: &str, i: &usize, default: &str) -> String {
        let key = format!("{field}_{i}");
        if self.f.0.is_empty() {
            default.to_string()
        } else {
            self.f.get(&key).to_string()
        }
    }

    /// The message for row `i`, if any.
    fn err(&self, i: &usize) -> Option<&str> {
        self.e.get(&format!("item{i}"))
    }

    /// Whether row `i` was ticked for removal in a refused form.
    fn removing(&self, i: &usize) -> bool {
        self.f.sent(&format!("remove_{i}"))
    }
}

async fn client_name(state: &AppState, scope: &ClientScope) -> Result<String, PageError> {
    Ok(state.store.client(scope).await?.full_name())
}

/// Renders the form with `f` and `e`.
async fn form_page(state: &AppState, staff: &Staff, scope: &ClientScope, f: FormData, e: FieldErrors, status: StatusCode) -> Result<Response, PageError> {
    let tr = staff.tr;
    let evaluations = match state.store.satisfaction_trajectory(scope).await? {
        Some(t) => state.store.evaluation_dates(scope, t.id).await?.into_iter().map(|(id, d)| (id, date(tr, d))).collect(),
        None => Vec::new(),
    };
    let page = FormPage {
        l: Layout::new(staff, tr.t("satisfaction.new_title")),
        client_id: scope.client_id(),
        client_name: client_name(state, scope).await?,
        items: state.store.satisfaction_items(false).await?,
        evaluations,
        f,
        e,
        today: regie_store::today().format("%Y-%m-%d").to_string(),
    };
    Ok((status, render(&page)).into_response())
}

/// `GET /clienten/{id}/tevredenheid/nieuw?moment=evaluatie|einde&evaluatie=ID`.
async fn form(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>, Query(q): Query<HashMap<String, String>>) -> Result<Response, PageError> {
    let scope = state.store.open_client(&staff.actor, id, AuditAction::Read, "tevredenheid").await?;
    let moment = q.get("moment").and_then(|m| SatisfactionMoment::parse(m)).unwrap_or(SatisfactionMoment::Evaluation);
    let mut f = FormData(vec![("moment".into(), moment.code().into()), ("answered_on".into(), regie_store::today().format("%Y-%m-%d").to_string())]);
    if let Some(e) = q.get("evaluatie") {
        f.0.push(("evaluation_id".into(), e.clone()));
    }
    form_page(&state, &staff, &scope, f, FieldErrors::default(), StatusCode::OK).await
}

/// `POST /clienten/{id}/tevredenheid`: for the client's current trajectory.
async fn record(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>, f: FormData) -> Result<Response, PageError> {
    let scope = state.store.open_client(&staff.actor, id, AuditAction::Create, "tevredenheid").await?;
    let items = state.store.satisfaction_items(false).await?;
    let evaluation_id = match f.filled("evaluation_id") {
        None => Ok(None),
        Some(v) => v.parse::<i64>().map(Some).map_err(|_| StoreError::field("evaluation_id", "Kies een evaluatie uit de lijst.")),
    };
    let input = SatisfactionInput {
        answered_on: f.get("answered_on").to_string(),
        moment: f.get("moment").to_string(),
        mark: f.get("mark").to_string(),
        remark: f.get("remark").to_string(),
        evaluation_id: evaluation_id.as_ref().ok().copied().flatten(),
        answers: items.iter().filter_map(|i| f.filled(&format!("answer_{}", i.id)).map(|a| (i.id, a))).collect(),
    };
    let result = match (evaluation_id, state.store.satisfaction_trajectory(&scope).await?) {
        (Err(e), _) => Err(e),
        (_, None) => Err(StoreError::field("trajectory", "Deze cliënt heeft nog geen traject.")),
        (Ok(_), Some(t)) => state.store.record_satisfaction(&scope, t.id, &input, regie_store::today()).await,
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/clienten/{id}/tevredenheid")).into_response()),
        Err(StoreError::Invalid(inv)) => form_page(&state, &staff, &scope, f, inv.0, StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(e) => Err(e.into()),
    }
}

fn response_row(tr: crate::i18n::Tr, r: &SatisfactionResponse) -> ResponseRow {
    ResponseRow {
        mark: r.mark,
        date: date(tr, r.answered_on),
        moment: tr.code("satisfaction_moment", &r.moment),
        remark: r.remark.clone(),
        by: r.by_name.clone(),
        answers: r.answers.iter().map(|a| (a.question.clone(), tr.code("answer", &a.answer_code))).collect(),
    }
}

/// `GET /clienten/{id}/tevredenheid`: every response of the client, newest first.
async fn list(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> Result<Response, PageError> {
    let scope = state.store.open_client(&staff.actor, id, AuditAction::Read, "tevredenheid").await?;
    let responses = state.store.satisfaction_responses(&scope, None).await?;
    let page = ListPage {
        l: Layout::new(&staff, staff.tr.t("satisfaction.title")),
        client_id: id,
        client_name: client_name(&state, &scope).await?,
        responses: responses.iter().map(|r| response_row(staff.tr, r)).collect(),
    };
    Ok(render(&page))
}

async fn admin_page(state: &AppState, staff: &Staff, f: FormData, e: FieldErrors, saved: bool) -> Result<AdminPage, PageError> {
    let all = state.store.satisfaction_items(true).await?;
    let (items, earlier) = all.into_iter().partition(|i| i.active);
    Ok(AdminPage { l: Layout::new(staff, staff.tr.t("satisfaction.admin_title")), items, earlier, f, e, saved })
}

/// `GET /beheer/tevredenheid`: the questionnaire for functioneel beheer.
async fn admin(State(state): State<AppState>, staff: Staff, Query(q): Query<HashMap<String, String>>) -> Result<Response, PageError> {
    if !staff.user().admin {
        return Ok(forbidden(&staff));
    }
    Ok(render(&admin_page(&state, &staff, FormData::default(), FieldErrors::default(), q.contains_key("opgeslagen")).await?))
}

/// `POST /beheer/tevredenheid`: rows `id_N`, `topic_N`, `question_N`, `position_N`, `remove_N`.
async fn admin_save(State(state): State<AppState>, staff: Staff, f: FormData) -> Result<Response, PageError> {
    if !staff.user().admin {
        return Ok(forbidden(&staff));
    }
    let mut edits = Vec::new();
    let mut i = 0;
    while f.sent(&format!("question_{i}")) {
        edits.push(ItemEdit {
            id: f.filled(&format!("id_{i}")).and_then(|v| v.parse().ok()),
            topic: f.get(&format!("topic_{i}")).to_string(),
            question: f.get(&format!("question_{i}")).to_string(),
            position: f.get(&format!("position_{i}")).to_string(),
            remove: f.sent(&format!("remove_{i}")),
        });
        i += 1;
    }
    match state.store.save_satisfaction_items(staff.user(), &edits).await {
        Ok(_) => Ok(Redirect::to("/beheer/tevredenheid?opgeslagen=1").into_response()),
        Err(StoreError::Invalid(inv)) => Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&admin_page(&state, &staff, f, inv.0, false).await?)).into_response()),
        Err(e) => Err(e.into()),
    }
}

/// Topic and answer codes for the templates.
pub(crate) fn topics() -> &'static [&'static str] {
    SatisfactionTopic::CODES
}

/// Answer codes, nooit … altijd.
pub(crate) fn answers() -> &'static [&'static str] {
    Answer::CODES
}
