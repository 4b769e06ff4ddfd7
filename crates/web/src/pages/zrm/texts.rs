//! Functioneel beheer imports the licensed criterion texts: pasted into a text area (works
//! without JavaScript) or uploaded as a file (sent by htmx as multipart, read here). The file is
//! refused whole when any line is wrong; the page says how many texts each instrument has.

use crate::auth::Staff;
use crate::error::PageError;
use crate::pages::{is_htmx, render, Layout};
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use regie_domain::instrument::instruments;
use regie_domain::instrument::texts::FIELD;
use regie_store::StoreError;

/// One instrument's line on the page.
struct Loaded {
    name: &'static str,
    code: &'static str,
    count: i64,
    /// Cells of the instrument and its supplements (domains × levels).
    cells: i64,
}

#[derive(Template)]
#[template(path = "zrm/texts.html")]
struct TextsPage {
    l: Layout,
    loaded: Vec<Loaded>,
    pasted: String,
    errors: Vec<String>,
    done: bool,
}

async fn build(st: &AppState, staff: &Staff, pasted: String, errors: Vec<String>, done: bool) -> Result<TextsPage, PageError> {
    let counts = st.store.instrument_text_counts().await?;
    let loaded = instruments()
        .iter()
        .map(|i| {
            let domains = i.domains.len() + i.supplements.iter().map(|s| s.domains.len()).sum::<usize>();
            Loaded { name: i.name, code: i.code, count: counts.get(i.code).copied().unwrap_or(0), cells: (domains * i.levels.len()) as i64 }
        })
        .collect();
    Ok(TextsPage { l: Layout::new(staff, staff.tr.t("zrm_texts.title")), loaded, pasted, errors, done })
}

/// GET /beheer/zrm-teksten (functioneel beheer only).
pub(super) async fn page(State(st): State<AppState>, staff: Staff, RawQuery(query): RawQuery) -> Result<Response, PageError> {
    if !staff.user().admin {
        return Err(StoreError::Forbidden.into());
    }
    let done = query.as_deref().is_some_and(|q| q.contains("geladen=1"));
    Ok(render(&build(&st, &staff, String::new(), Vec::new(), done).await?))
}

/// POST /beheer/zrm-teksten: a pasted text (`texts`) or an uploaded file (`bestand`).
pub(super) async fn import(State(st): State<AppState>, staff: Staff, headers: HeaderMap, body: Bytes) -> Result<Response, PageError> {
    if !staff.user().admin {
        return Err(StoreError::Forbidden.into());
    }
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    let (text, pasted) = if content_type.starts_with("multipart/form-data") {
        match uploaded_file(content_type, &body) {
            Ok(t) => (t, String::new()),
            Err(msg) => return answer(&st, &staff, &headers, String::new(), vec![msg.to_string()]).await,
        }
    } else {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
        let t = pairs.into_iter().find(|(k, _)| k == "texts").map(|(_, v)| v).unwrap_or_default();
        (t.clone(), t)
    };
    match st.store.import_instrument_texts(&staff.actor, &text).await {
        Ok(_) if is_htmx(&headers) => Ok(render(&build(&st, &staff, String::new(), Vec::new(), true).await?)),
        Ok(_) => Ok(Redirect::to("/beheer/zrm-teksten?geladen=1").into_response()),
        Err(StoreError::Invalid(inv)) => {
            let msgs = inv.0 .0.into_iter().filter(|(f, _)| f == FIELD).map(|(_, m)| m).collect();
            answer(&st, &staff, &headers, pasted, msgs).await
        }
        Err(other) => Err(other.into()),
    }
}

/// The refusal: the page with the messages (422; htmx gets 200 so that it swaps the answer in).
async fn answer(st: &AppState, staff: &Staff, headers: &HeaderMap, pasted: String, errors: Vec<String>) -> Result<Response, PageError> {
    let page = build(st, staff, pasted, errors, false).await?;
    let status = if is_htmx(headers) { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, render(&page)).into_response())
}

/// The content of the part named `bestand` of a multipart body, as UTF-8 text.
fn uploaded_file(content_type: &str, body: &[u8]) -> Result<String, &'static str> {
    const UNREADABLE: &str = "Het bestand kon niet gelezen worden. Plak de inhoud in het tekstvak.";
    let boundary = content_type.split(';').map(str::trim).find_map(|p| p.strip_prefix("boundary=")).ok_or(UNREADABLE)?.trim_matches('"');
    let delimiter = format!("--{boundary}");
    let delim = delimiter.as_bytes();
    let mut parts = Vec::new();
    let mut rest = body;
    while let Some(at) = find(rest, delim) {
        parts.push(&rest[..at]);
        rest = &rest[at + delim.len()..];
    }
    for part in parts.into_iter().skip(1) {
        let Some(split) = find(part, b"\r\n\r\n") else { continue };
        let head = String::from_utf8_lossy(&part[..split]);
        if !head.contains("name=\"bestand\"") {
            continue;
        }
        let mut content = &part[split + 4..];
        if content.ends_with(b"\r\n") {
            content = &content[..content.len() - 2];
        }
        if content.is_empty() {
            return Err("Kies eerst een bestand.");
        }
        return String::from_utf8(content.to_vec()).map_err(|_| "Het bestand is geen UTF-8-tekst. Sla het op als UTF-8 en probeer het opnieuw.");
    }
    Err(UNREADABLE)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_file_part_is_read_from_a_multipart_body() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n--XyZ\r\nContent-Disposition: form-data; name=\"bestand\"; filename=\"t.csv\"\r\nContent-Type: text/csv\r\n\r\ninstrument;domein\r\nregel\r\n--XyZ--\r\n";
        assert_eq!(super::uploaded_file("multipart/form-data; boundary=XyZ", body).unwrap(), "instrument;domein\r\nregel");
        assert!(super::uploaded_file("multipart/form-data", body).is_err());
    }
}
