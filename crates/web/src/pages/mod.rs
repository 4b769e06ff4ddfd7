//! HTML pages. Each view has a full page and, where htmx swaps part of it, a `*_partial` route
//! that answers only htmx requests.

mod avg;
mod avg_admin;
mod caseload;
mod dossier;
mod ecogram;
mod emergency;
mod fidelity;
mod form;
pub(crate) mod login;
mod methods;
mod models;
mod network;
pub(crate) mod outcomes;
mod outcomes_csv;
mod outcomes_view;
mod plan;
mod plan_form;
mod plan_show;
mod plan_views;
pub(crate) mod privacy;
mod privacy_review;
mod results;
mod results_view;
mod satisfaction;
mod sessions;
mod two_factor;
mod two_factor_admin;
pub(crate) mod two_factor_sign_in;
mod strengths;
mod suggest;
mod zrm;
mod zrm_chart;
mod zrm_view;
mod zrm_view_pages;

use crate::auth::Staff;
use crate::i18n::Tr;
use crate::AppState;
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/clienten") }))
        .route("/inloggen", get(login::form).post(login::submit))
        .route("/uitloggen", axum::routing::post(login::sign_out))
        .route("/taal/{lang}", get(set_language))
        .merge(caseload::routes())
        .merge(avg::routes())
        .merge(avg_admin::routes())
        .merge(dossier::routes())
        .merge(plan::routes())
        .merge(models::routes())
        .merge(methods::routes())
        .merge(strengths::routes())
        .merge(network::routes())
        .merge(suggest::routes())
        .merge(fidelity::routes())
        .merge(outcomes::routes())
        .merge(zrm_view_pages::routes())
        .merge(sessions::routes())
        .merge(results::routes())
        .merge(satisfaction::routes())
        .merge(zrm::routes())
        .merge(emergency::routes())
        .merge(privacy::routes())
        .merge(privacy_review::routes())
        .merge(two_factor_sign_in::routes())
        .merge(two_factor::routes())
        .merge(two_factor_admin::routes())
}

/// What every page's frame needs: the user, the CSRF token and the translator.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    /// Translator.
    pub tr: Tr,
    /// CSRF token for forms and the htmx meta tag.
    pub csrf: String,
    /// Signed-in user's name.
    pub user_name: String,
    /// Signed-in user's role.
    pub role_name: String,
    /// Functioneel beheer.
    pub admin: bool,
    /// May see the kwaliteitsmonitor (teamleider, kwaliteit, beheer).
    pub reports: bool,
    /// Keeps the access log (the privacy role): shows its menu item.
    pub privacy: bool,
    /// The page title.
    pub title: String,
}

impl Layout {
    /// The frame for `staff`'s page titled by the text of `title_key`.
    pub fn new(staff: &Staff, title: impl Into<String>) -> Layout {
        Layout {
            tr: staff.tr,
            csrf: staff.csrf.clone(),
            user_name: staff.user().name.clone(),
            role_name: staff.user().role_name.clone(),
            admin: staff.user().admin,
            reports: regie_store::report_scope(staff.user()).is_some(),
            privacy: regie_store::is_privacy_officer(staff.user()),
            title: title.into(),
        }
    }

    /// Shorthand for templates: the text for `key`.
    pub fn t(&self, key: &str) -> &'static str {
        self.tr.t(key)
    }

    /// Shorthand for templates: the label of a code.
    pub fn code(&self, vocabulary: &str, code: &str) -> &'static str {
        self.tr.code(vocabulary, code)
    }
}

/// Whether the request was made by htmx (partials answer only these).
pub(crate) fn is_htmx(headers: &HeaderMap) -> bool {
    headers.get("hx-request").is_some()
}

/// Renders a template to a response; a template fault is a server fault.
pub(crate) fn render<T: askama::Template>(t: &T) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "Er ging iets mis aan onze kant.").into_response()
        }
    }
}

async fn set_language(axum::extract::Path(lang): axum::extract::Path<String>) -> Response {
    let lang = crate::Lang::parse(&lang);
    ([(axum::http::header::SET_COOKIE, format!("lang={}; Path=/; SameSite=Lax; Max-Age=31536000", lang.code()))], Redirect::to("/")).into_response()
}
