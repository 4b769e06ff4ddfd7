//! ZRM in the browser: the trajectory's measurements (worker's and client's own), the scoring
//! form on one screen, one measurement to look at and correct or remove, and the import of
//! licensed criterion texts by functioneel beheer. The chart pages (`/zrm/verloop`) live
//! elsewhere.

mod form;
mod texts;

use super::plan_form::path_id;
use crate::auth::Staff;
use crate::error::PageError;
use crate::i18n::Tr;
use crate::pages::form::{date, fill, FormData};
use crate::pages::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use regie_domain::catalogue::AuditAction;
use regie_domain::instrument::{instrument, zrm_due, Measurement, Rater};
use regie_domain::record::Trajectory;
use regie_store::StoreError;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/clienten/{id}/zrm", get(list).post(form::create))
        .route("/clienten/{id}/zrm/nieuw", get(form::new_form))
        .route("/clienten/{id}/zrm/{mid}", get(form::show).post(form::correct))
        .route("/clienten/{id}/zrm/{mid}/verwijderen", post(remove))
        .route("/beheer/zrm-teksten", get(texts::page).post(texts::import))
}

/// The query string as pairs.
pub(crate) struct Query(Vec<(String, String)>);

impl Query {
    pub(crate) fn parse(raw: Option<&str>) -> Query {
        Query(raw.and_then(|q| serde_urlencoded::from_str(q).ok()).unwrap_or_default())
    }

    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }

    pub(crate) fn all(&self, key: &str) -> Vec<String> {
        self.0.iter().filter(|(k, v)| k == key && !v.trim().is_empty()).map(|(_, v)| v.trim().to_string()).collect()
    }

    /// A positive id in `key`.
    pub(crate) fn id(&self, key: &str) -> Option<i64> {
        self.get(key).and_then(|v| v.parse().ok()).filter(|n: &i64| *n > 0)
    }
}

/// One measurement in the list.
struct Row {
    id: i64,
    date: String,
    moment: &'static str,
    rater: &'static str,
    client_rated: bool,
    instrument: String,
    by: String,
    mean: String,
    discussed: String,
}

#[derive(Template)]
#[template(path = "zrm/list.html")]
struct ListPage {
    l: Layout,
    client_id: i64,
    client_name: String,
    trajectory: Option<Trajectory>,
    rows: Vec<Row>,
    /// A due or overdue measurement, explained.
    due: Option<(String, bool)>,
}

/// The average level as people write it ("3,2"), or "–".
pub(crate) fn mean_text(m: &Measurement) -> String {
    m.mean().map(|v| format!("{v:.1}").replace('.', ",")).unwrap_or_else(|| "–".into())
}

fn row(tr: Tr, m: &Measurement) -> Row {
    let inst = instrument(&m.instrument);
    Row {
        id: m.id,
        date: date(tr, m.measured_on),
        moment: tr.code("zrm_moment", m.moment.code()),
        rater: tr.code("zrm_rater", m.rater.code()),
        client_rated: m.rater == Rater::Client,
        instrument: inst.map(|i| i.name.to_string()).unwrap_or_else(|| m.instrument.clone()),
        by: m.by_name.clone(),
        mean: mean_text(m),
        discussed: format!("{}/{}", m.scores.iter().filter(|s| s.level.is_some()).count(), m.scores.len()),
    }
}

/// GET /clienten/{id}/zrm?traject=
async fn list(State(st): State<AppState>, staff: Staff, Path(id): Path<String>, RawQuery(query): RawQuery) -> Result<Response, PageError> {
    let client_id = path_id(&id)?;
    let q = Query::parse(query.as_deref());
    let scope = st.store.open_client(&staff.actor, client_id, AuditAction::Read, "measurements").await?;
    let client_name = st.store.client(&scope).await?.full_name();
    let trajectory = st.store.measured_trajectory(&scope, q.id("traject")).await?;
    let (rows, due) = match &trajectory {
        Some(t) => {
            let list = st.store.measurements(&scope, t.id).await?;
            let facts = st.store.zrm_facts(&scope, t.id).await?;
            let due = zrm_due(&facts, regie_store::today()).map(|d| {
                let key = if d.overdue { "zrm.due_overdue" } else { "zrm.due_now" };
                (fill(staff.tr.t(key), &[("reason", staff.tr.code("zrm_reason", d.reason.code())), ("date", &date(staff.tr, d.since))]), d.overdue)
            });
            (list.iter().rev().map(|m| row(staff.tr, m)).collect(), due)
        }
        None => (Vec::new(), None),
    };
    let l = Layout::new(&staff, format!("{} · {}", staff.tr.t("zrm.title"), client_name));
    Ok(render(&ListPage { l, client_id, client_name, trajectory, rows, due }))
}

/// POST /clienten/{id}/zrm/{mid}/verwijderen (version): removes a measurement.
async fn remove(State(st): State<AppState>, staff: Staff, Path((id, mid)): Path<(String, String)>, f: FormData) -> Result<Response, PageError> {
    let (client_id, mid) = (path_id(&id)?, path_id(&mid)?);
    let scope = st.store.open_client(&staff.actor, client_id, AuditAction::Delete, "measurement").await?;
    let version = f.get("version").trim().parse::<i64>().map_err(|_| StoreError::field("version", "Laad de pagina opnieuw."))?;
    let m = st.store.measurement(&scope, mid).await?;
    st.store.delete_measurement(&scope, mid, version).await?;
    Ok(Redirect::to(&format!("/clienten/{client_id}/zrm?traject={}", m.trajectory_id)).into_response())
}
