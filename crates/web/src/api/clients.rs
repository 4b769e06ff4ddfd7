//! `/api/v1/clients`: the caseload, registering a client (optionally with a trajectory), the
//! dossier, personal details, household and care team.

use super::{body, created, items, need_version, no_content, trajectories, Items, NumOrText, P, Q};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{delete, get};
use axum::{Json, Router};
use regie_domain::catalogue::AuditAction;
use regie_domain::record::{CareTeamMember, CaseloadRow, Client, Dossier, HouseholdMember, Page, Trajectory};
use regie_store::{CaseloadQuery, CaseloadView, ClientInput};
use serde::{Deserialize, Serialize};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/clients", get(list).post(register))
        .route("/clients/{id}", get(dossier).put(update))
        .route("/clients/{id}/household", axum::routing::post(add_household))
        .route("/clients/{id}/household/{member_id}", delete(remove_household))
        .route("/clients/{id}/care-team", get(care_team).post(add_care_team))
}

#[derive(Deserialize)]
struct ListParams {
    limit: Option<i64>,
    offset: Option<i64>,
    q: Option<String>,
    view: Option<CaseloadView>,
}

/// `GET /clients`: the clients the caller may see, with signals, paged.
async fn list(State(state): State<AppState>, user: ApiUser, Q(p): Q<ListParams>) -> Result<Json<Page<CaseloadRow>>, ApiError> {
    let query = CaseloadQuery {
        view: p.view.unwrap_or(CaseloadView::Visible),
        search: p.q.filter(|q| !q.trim().is_empty()),
        limit: p.limit.unwrap_or(50).clamp(1, 200),
        offset: p.offset.unwrap_or(0).max(0),
    };
    Ok(Json(state.store.caseload(&user.actor, &query, regie_store::today()).await?))
}

/// Personal details as sent: every field optional here so that a missing one is answered with a
/// field message (422), not a 400.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ClientBody {
    first_name: Option<String>,
    last_name: Option<String>,
    birth_date: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    address: Option<String>,
    city: Option<String>,
    team_id: Option<i64>,
}

impl ClientBody {
    fn input(self) -> ClientInput {
        ClientInput {
            first_name: self.first_name.unwrap_or_default(),
            last_name: self.last_name.unwrap_or_default(),
            birth_date: self.birth_date,
            phone: self.phone,
            email: self.email,
            address: self.address,
            city: self.city,
            team_id: self.team_id,
        }
    }
}

#[derive(Deserialize)]
struct RegisterBody {
    #[serde(flatten)]
    client: ClientBody,
    trajectory: Option<trajectories::TrajectoryBody>,
}

/// A registered client, with the trajectory started in the same call (if any).
#[derive(Serialize)]
struct Registered {
    #[serde(flatten)]
    client: Client,
    trajectory: Option<Trajectory>,
}

/// `POST /clients`: registers a client; with `"trajectory"` also starts a trajectory, in one
/// store operation: both parts are checked first (the trajectory's fields as
/// `"trajectory.model_id"` and so on), so a refusal saves nothing. Functioneel beheer may
/// register for a team and a trajectbegeleider without getting access itself; the answer is
/// what was just written, as every registrar gets it.
async fn register(State(state): State<AppState>, user: ApiUser, b: Result<Json<RegisterBody>, JsonRejection>) -> Result<Response, ApiError> {
    let b = body(b)?;
    let today = regie_store::today();
    let input = b.client.input();
    let trajectory = b.trajectory.map(|t| t.input(&user, today));
    let done = state.store.register_client_with_trajectory(&user.actor, &input, trajectory.as_ref(), today).await?;
    Ok(created(Registered { client: done.client, trajectory: done.trajectory }))
}

/// `GET /clients/{id}`: the whole dossier.
async fn dossier(State(state): State<AppState>, user: ApiUser, P(id): P<i64>) -> Result<Json<Dossier>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Read, "dossier").await?;
    Ok(Json(state.store.dossier(&scope, regie_store::today()).await?))
}

#[derive(Deserialize)]
struct UpdateBody {
    #[serde(flatten)]
    client: ClientBody,
    version: Option<i64>,
}

/// `PUT /clients/{id}`: changes personal details.
async fn update(State(state): State<AppState>, user: ApiUser, P(id): P<i64>, b: Result<Json<UpdateBody>, JsonRejection>) -> Result<Json<Client>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Update, "client").await?;
    let b = body(b)?;
    let version = need_version(b.version)?;
    Ok(Json(state.store.update_client(&scope, &b.client.input(), version).await?))
}

#[derive(Deserialize)]
struct HouseholdBody {
    #[serde(default)]
    name: String,
    #[serde(default)]
    relation: String,
    birth_year: Option<NumOrText>,
}

/// `POST /clients/{id}/household`: adds a household member.
async fn add_household(State(state): State<AppState>, user: ApiUser, P(id): P<i64>, b: Result<Json<HouseholdBody>, JsonRejection>) -> Result<Response, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Create, "household").await?;
    let b = body(b)?;
    let year = b.birth_year.map(|y| y.text());
    let member: HouseholdMember = state.store.add_household_member(&scope, &b.name, &b.relation, year.as_deref()).await?;
    Ok(created(member))
}

/// `DELETE /clients/{id}/household/{member_id}`: removes a household member.
async fn remove_household(State(state): State<AppState>, user: ApiUser, P((id, member_id)): P<(i64, i64)>) -> Result<Response, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Delete, "household").await?;
    state.store.remove_household_member(&scope, member_id).await?;
    Ok(no_content())
}

/// `GET /clients/{id}/care-team`.
async fn care_team(State(state): State<AppState>, user: ApiUser, P(id): P<i64>) -> Result<Json<Items<CareTeamMember>>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Read, "care_team").await?;
    Ok(items(state.store.care_team(&scope).await?))
}

#[derive(Deserialize)]
struct CareTeamBody {
    user_id: Option<i64>,
}

/// `POST /clients/{id}/care-team`: gives a colleague a care relation; answers the care team.
async fn add_care_team(State(state): State<AppState>, user: ApiUser, P(id): P<i64>, b: Result<Json<CareTeamBody>, JsonRejection>) -> Result<Response, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Update, "care_team").await?;
    let b = body(b)?;
    let user_id = b.user_id.ok_or_else(|| super::one_field("user_id", "Kies een medewerker."))?;
    state.store.add_care_team_member(&scope, user_id).await?;
    Ok(created(Items { items: state.store.care_team(&scope).await? }))
}
