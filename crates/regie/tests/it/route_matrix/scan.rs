//! Reads every route the web crate registers straight from its source, so a route added without
//! an entry in the matrix's table makes the matrix test fail instead of going unchecked.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Every `(METHOD, path)` registered with `.route(…)` in `crates/web/src`; routes in `api/` get
/// the `/api/v1` prefix they are nested under (except `/health`, served at the root).
pub fn registered_routes() -> BTreeSet<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/src");
    let mut files = Vec::new();
    collect(&root, &mut files);
    let mut out = BTreeSet::new();
    for file in files {
        let src = std::fs::read_to_string(&file).unwrap();
        let api = file.strip_prefix(&root).unwrap().starts_with("api");
        for (path, methods) in routes_in(&src) {
            let full = if api && path != "/health" { format!("/api/v1{path}") } else { path };
            for m in methods {
                out.insert((m, full.clone()));
            }
        }
    }
    out
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// `(path, methods)` of each `.route("path", get(..).post(..))` call in `src`.
fn routes_in(src: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut rest = src;
    while let Some(at) = rest.find(".route(") {
        let call = &rest[at + ".route(".len()..];
        let args = &call[..matching_paren(call)];
        rest = &call[args.len()..];
        let Some(q1) = args.find('"') else { continue };
        let Some(q2) = args[q1 + 1..].find('"') else { continue };
        let path = args[q1 + 1..q1 + 1 + q2].to_string();
        let handlers = &args[q1 + 2 + q2..];
        let mut methods = Vec::new();
        for m in ["get", "post", "put", "delete", "patch"] {
            if has_call(handlers, m) {
                methods.push(m.to_uppercase());
            }
        }
        out.push((path, methods));
    }
    out
}

/// Index of the `)` closing the call whose arguments start `s` (string literals skipped).
fn matching_paren(s: &str) -> usize {
    let (mut depth, mut in_str) = (0i32, false);
    for (i, c) in s.char_indices() {
        match c {
            '"' => in_str = !in_str,
            '(' if !in_str => depth += 1,
            ')' if !in_str => {
                if depth == 0 {
                    return i;
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    s.len()
}

/// Whether `name(` occurs in `s` as a method router call (`get(`, `.post(`, `routing::delete(`).
fn has_call(s: &str, name: &str) -> bool {
    let pat = format!("{name}(");
    s.match_indices(&pat).any(|(i, _)| i == 0 || !s.as_bytes()[i - 1].is_ascii_alphanumeric() && s.as_bytes()[i - 1] != b'_')
}

#[test]
fn the_scanner_reads_chained_and_multi_line_routes() {
    let src = r#"Router::new().route("/a/{id}", get(x).post(y))
        .route(
            "/b",
            axum::routing::delete(z),
        ).route("/c", get(|| async { f("(") }))"#;
    let got = routes_in(src);
    assert_eq!(got[0], ("/a/{id}".to_string(), vec!["GET".to_string(), "POST".to_string()]));
    assert_eq!(got[1], ("/b".to_string(), vec!["DELETE".to_string()]));
    assert_eq!(got[2], ("/c".to_string(), vec!["GET".to_string()]));
}
