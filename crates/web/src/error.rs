//! The one mapping from errors to responses: typed errors in, a Dutch message out; details of
//! server faults go to the log, never to the user.

use crate::i18n::Lang;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use regie_domain::FieldErrors;
use regie_store::StoreError;

/// Why a request failed.
#[derive(Debug)]
pub(crate) enum AppError {
    /// From the store (not found, forbidden, conflict, invalid, database).
    Store(StoreError),
    /// Not signed in (or the session expired).
    Unauthenticated,
    /// A request that cannot be understood, with a Dutch message.
    BadRequest(String),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        AppError::Store(e)
    }
}

impl From<regie_domain::Invalid> for AppError {
    fn from(e: regie_domain::Invalid) -> Self {
        AppError::Store(StoreError::Invalid(e))
    }
}

struct Parts {
    status: StatusCode,
    message: &'static str,
    fields: Option<FieldErrors>,
    current: Option<serde_json::Value>,
}

impl AppError {
    fn parts(&self) -> Parts {
        let simple = |status, message| Parts { status, message, fields: None, current: None };
        match self {
            AppError::Unauthenticated => simple(StatusCode::UNAUTHORIZED, "Log eerst in."),
            AppError::BadRequest(_) => simple(StatusCode::BAD_REQUEST, "Dit verzoek klopt niet."),
            AppError::Store(e) => match e {
                StoreError::NotFound => simple(StatusCode::NOT_FOUND, "Dit bestaat niet (meer)."),
                StoreError::Forbidden => simple(StatusCode::FORBIDDEN, "U hebt geen toegang tot deze cliënt."),
                StoreError::Conflict { current } => Parts {
                    status: StatusCode::CONFLICT,
                    message: "Iemand anders heeft dit intussen gewijzigd. Bekijk de huidige stand en probeer het opnieuw.",
                    fields: None,
                    current: Some(current.clone()),
                },
                StoreError::Invalid(inv) => Parts {
                    status: StatusCode::UNPROCESSABLE_ENTITY,
                    message: "Niet opgeslagen: verbeter de gemarkeerde velden.",
                    fields: Some(inv.0.clone()),
                    current: None,
                },
                StoreError::Config(_) | StoreError::Corrupt(_) | StoreError::Db(_) => {
                    tracing::error!(error = %e, "server fault");
                    simple(StatusCode::INTERNAL_SERVER_ERROR, "Er ging iets mis aan onze kant. Probeer het later opnieuw.")
                }
            },
        }
    }
}

/// An error answered as JSON: `{"error": …, "fields": {…}, "current": …}`.
#[derive(Debug)]
pub(crate) struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let p = self.0.parts();
        let message = match &self.0 {
            AppError::BadRequest(m) => m.clone(),
            _ => p.message.to_string(),
        };
        let mut body = serde_json::json!({ "error": message });
        if let Some(fields) = p.fields {
            body["fields"] = fields.0.into_iter().map(|(k, m)| (k, serde_json::Value::String(m))).collect::<serde_json::Map<_, _>>().into();
        }
        if let Some(current) = p.current {
            body["current"] = current;
        }
        (p.status, Json(body)).into_response()
    }
}

/// An error answered as an HTML page (or, for htmx, a fragment).
#[derive(Debug)]
pub(crate) struct PageError(pub AppError);

impl<E: Into<AppError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        if matches!(self.0, AppError::Unauthenticated) {
            return Redirect::to("/inloggen").into_response();
        }
        let p = self.0.parts();
        let tr = Lang::Nl.tr();
        let mut html = format!(
            "<div class=\"notice error\" role=\"alert\"><p>{}</p>",
            esc(p.message)
        );
        if let Some(fields) = &p.fields {
            html.push_str("<ul>");
            for (f, m) in &fields.0 {
                html.push_str(&format!("<li><strong>{}</strong>: {}</li>", esc(tr.t(&format!("field.{f}"))), esc(m)));
            }
            html.push_str("</ul>");
        }
        if let Some(current) = &p.current {
            html.push_str("<p>Huidige stand:</p><dl class=\"current\">");
            if let Some(obj) = current.as_object() {
                for (k, v) in obj.iter().filter(|(k, _)| !matches!(k.as_str(), "id" | "actions")) {
                    let v = v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
                    html.push_str(&format!("<dt>{}</dt><dd>{}</dd>", esc(tr.t(&format!("field.{k}"))), esc(&v)));
                }
            }
            html.push_str("</dl>");
        }
        html.push_str("<p><a href=\"/\">Naar mijn cliënten</a></p></div>");
        let page = format!(
            "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>Regie</title><link rel=\"stylesheet\" href=\"/assets/app.css\"></head><body><main class=\"narrow\">{html}</main></body></html>"
        );
        (p.status, Html(page)).into_response()
    }
}

fn esc(s: &str) -> String {
    askama::filters::escape(s, askama::filters::Html).map(|e| e.to_string()).unwrap_or_default()
}
