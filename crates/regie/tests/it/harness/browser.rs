//! A real headless Chromium, driven over WebDriver by the machine's chromedriver (Debian packages
//! `chromium` and `chromium-driver`). Each [`Browser`] has its own chromedriver on a free port
//! and its own empty profile folder; both go when it is dropped, also when a test panics.
//!
//! Where Chromium or chromedriver is missing the browser tests are skipped with a loud message,
//! unless `REGIE_REQUIRE_BROWSER=1`, which turns the skip into a failure (CI sets it).
//! `REGIE_CHROMIUM` and `REGIE_CHROMEDRIVER` point at other binaries.

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a step may take before the test gives up on seeing what it expects.
const PATIENCE: Duration = Duration::from_secs(30);

/// Where screenshots go for a person to look at (never committed).
pub const SHOTS: &str = "/tmp/regie-shots";

fn required() -> bool {
    std::env::var("REGIE_REQUIRE_BROWSER").is_ok_and(|v| v == "1")
}

fn binary(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| PathBuf::from(default))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}

/// chromedriver, in its own process group, and every Chromium that runs on our profile folder.
struct Driver {
    child: Child,
    profile: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Chromium normally ends with the WebDriver session ([`Browser::close`]); after a panic it
        // may still run, so end the processes that use our own profile folder, then chromedriver.
        let needle = format!("--user-data-dir={}", self.profile.display());
        if let Ok(dir) = std::fs::read_dir("/proc") {
            for entry in dir.flatten() {
                let Some(pid) = entry.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else { continue };
                let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
                if cmdline.split(|b| *b == 0).any(|arg| arg == needle.as_bytes()) {
                    let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).stderr(Stdio::null()).status();
                }
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A headless Chromium session pointed at one app.
pub struct Browser {
    /// The WebDriver client, for anything the helpers below do not cover.
    pub c: Client,
    base: String,
    // Dropped in this order: the driver (and Chromium) first, then the profile folder.
    _driver: Driver,
    _profile: tempfile::TempDir,
}

/// Starts a headless Chromium for the app at `base` (`http://127.0.0.1:PORT`), or `None` with a
/// loud message where the machine has none and `REGIE_REQUIRE_BROWSER` is not set.
pub async fn browser(base: &str) -> Option<Browser> {
    let chromium = binary("REGIE_CHROMIUM", "/usr/bin/chromium");
    let chromedriver = binary("REGIE_CHROMEDRIVER", "/usr/bin/chromedriver");
    for (what, path) in [("Chromium", &chromium), ("chromedriver", &chromedriver)] {
        if !path.exists() {
            let why = format!("{what} not found at {}", path.display());
            if required() {
                panic!("REGIE_REQUIRE_BROWSER=1 but the browser cannot be used: {why}");
            }
            eprintln!(
                "\n!!!!!!!! SKIPPING BROWSER TESTS: {why}. Install the Debian packages chromium and chromium-driver \
                 (or run .ci/run), or set REGIE_REQUIRE_BROWSER=1 to make this fail. !!!!!!!!\n"
            );
            return None;
        }
    }
    // From here on a failure is a real fault of an installed browser: fail, never skip.
    let profile = tempfile::Builder::new().prefix("regie-chromium-").tempdir().expect("profile folder");
    let port = free_port();
    let log_path = profile.path().join("chromedriver.log");
    let log = File::create(&log_path).expect("chromedriver log");
    let child = Command::new(&chromedriver)
        .arg(format!("--port={port}"))
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("log handle"))
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("chromedriver at {} could not start: {e}", chromedriver.display()));
    let data_dir = profile.path().join("profile");
    let driver = Driver { child, profile: data_dir.clone() };
    let driver_url = format!("http://127.0.0.1:{port}");
    wait_until_ready(&driver_url, &log_path).await;

    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
    ]
    .iter()
    .map(|a| a.to_string())
    .chain([format!("--user-data-dir={}", data_dir.display())])
    .collect::<Vec<_>>();
    let caps = json!({
        "browserName": "chrome",
        // A confirm() that a page asks (htmx hx-confirm) is answered "yes", as a user who goes on would.
        "unhandledPromptBehavior": "accept",
        "goog:chromeOptions": { "binary": chromium.to_str().expect("utf-8 path"), "args": args },
    });
    let Value::Object(caps) = caps else { unreachable!() };
    let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver_url)
        .await
        .unwrap_or_else(|e| {
            let log = std::fs::read_to_string(&log_path).unwrap_or_default();
            panic!("Chromium session could not start: {e}\nchromedriver log:\n{log}")
        });
    Some(Browser { c, base: base.trim_end_matches('/').to_string(), _driver: driver, _profile: profile })
}

async fn wait_until_ready(driver_url: &str, log_path: &Path) {
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(res) = http.get(format!("{driver_url}/status")).send().await {
            if let Ok(v) = res.json::<Value>().await {
                if v["value"]["ready"] == json!(true) {
                    return;
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let log = std::fs::read_to_string(log_path).unwrap_or_default();
    panic!("chromedriver did not become ready within 20 s; its log:\n{log}");
}

impl Browser {
    /// Ends the session (Chromium quits); chromedriver ends when `self` is dropped.
    pub async fn close(self) {
        let Browser { c, _driver, _profile, .. } = self;
        let _ = c.close().await;
    }

    /// Opens `path` of the app.
    pub async fn goto(&self, path: &str) {
        self.c.goto(&format!("{}{}", self.base, path)).await.unwrap_or_else(|e| panic!("open {path}: {e}"));
    }

    /// The path (and query) of the page now shown.
    pub async fn path(&self) -> String {
        let url = self.c.current_url().await.expect("current url");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        }
    }

    /// Waits until an element matching `css` is on the page and returns the first.
    pub async fn find(&self, css: &str) -> Element {
        match self.c.wait().at_most(PATIENCE).for_element(Locator::Css(css)).await {
            Ok(e) => e,
            Err(e) => panic!("{}: no element matches `{css}` ({e}); the page shows:\n{}", self.path().await, self.visible_text().await),
        }
    }

    /// Every element matching `css` now.
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        self.c.find_all(Locator::Css(css)).await.unwrap_or_default()
    }

    /// Runs `script` (a function body; `arguments[i]` are `args`) in the page.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.c.execute(script, args).await.unwrap_or_else(|e| panic!("script failed: {e}"))
    }

    /// The text a user sees on the whole page.
    pub async fn visible_text(&self) -> String {
        match self.c.find(Locator::Css("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// Makes the field visible the way a user would (opens a folded `<details>` around it) and
    /// scrolls it into view.
    async fn reveal(&self, el: &Element) {
        let arg = serde_json::to_value(el).expect("element as argument");
        self.js(
            "let d = arguments[0].closest('details'); while (d) { d.open = true; d = d.parentElement && d.parentElement.closest('details'); } \
             arguments[0].scrollIntoView({block: 'center'});",
            vec![arg],
        )
        .await;
    }

    /// Types `text` into the field `css` (emptied first), with real key presses.
    pub async fn type_into(&self, css: &str, text: &str) {
        let el = self.find(css).await;
        self.reveal(&el).await;
        el.clear().await.unwrap_or_else(|e| panic!("clear `{css}`: {e}"));
        el.send_keys(text).await.unwrap_or_else(|e| panic!("type into `{css}`: {e}"));
    }

    /// Sets the value of a field that keyboard input handles per locale (dates), and tells the
    /// page it changed.
    pub async fn set_value(&self, css: &str, value: &str) {
        let el = self.find(css).await;
        self.reveal(&el).await;
        let arg = serde_json::to_value(&el).expect("element as argument");
        self.js(
            "arguments[0].value = arguments[1]; \
             arguments[0].dispatchEvent(new Event('input', {bubbles: true})); \
             arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
            vec![arg, json!(value)],
        )
        .await;
    }

    /// Chooses the option with `value` in the select `css`.
    pub async fn select(&self, css: &str, value: &str) {
        let el = self.find(css).await;
        self.reveal(&el).await;
        el.select_by_value(value).await.unwrap_or_else(|e| panic!("choose {value:?} in `{css}`: {e}"));
    }

    /// The values of the select's options that are not empty, in order.
    pub async fn options(&self, css: &str) -> Vec<String> {
        let el = self.find(css).await;
        let arg = serde_json::to_value(&el).expect("element as argument");
        let v = self.js("return Array.from(arguments[0].options).map(o => o.value).filter(v => v !== '');", vec![arg]).await;
        v.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect()).unwrap_or_default()
    }

    /// Clicks the submit button of the form `form_css`, as a user does.
    pub async fn submit(&self, form_css: &str) {
        let button = self.find(&format!("{form_css} [type=submit]")).await;
        self.reveal(&button).await;
        button.click().await.unwrap_or_else(|e| panic!("click submit of `{form_css}`: {e}"));
    }

    /// Clicks the element `css`.
    pub async fn click(&self, css: &str) {
        let el = self.find(css).await;
        self.reveal(&el).await;
        el.click().await.unwrap_or_else(|e| panic!("click `{css}`: {e}"));
    }

    /// Waits until an element matching `css` shows text containing `needle`, and returns that
    /// text. Fails with what the page shows instead.
    pub async fn wait_for_text(&self, css: &str, needle: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            seen.clear();
            for el in self.find_all(css).await {
                if let Ok(t) = el.text().await {
                    if t.contains(needle) {
                        return t;
                    }
                    seen.push(t);
                }
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        panic!(
            "{}: no `{css}` shows {needle:?} within {PATIENCE:?}; `{css}` shows {seen:?}; the page shows:\n{}",
            self.path().await,
            self.visible_text().await
        );
    }

    /// Waits until the page (path) is `path` or starts with it.
    pub async fn wait_for_path(&self, prefix: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let p = self.path().await;
            if p.starts_with(prefix) {
                return p;
            }
            if Instant::now() > deadline {
                panic!("expected to be on {prefix}, but the browser shows {p}:\n{}", self.visible_text().await);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Resizes the window (outer size).
    pub async fn resize(&self, width: u32, height: u32) {
        self.c.set_window_size(width, height).await.expect("resize window");
    }

    /// Saves a screenshot of the viewport to `/tmp/regie-shots/NAME.png` and returns the path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.c.screenshot().await.expect("screenshot");
        std::fs::create_dir_all(SHOTS).expect("screenshot folder");
        let path = Path::new(SHOTS).join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        eprintln!("screenshot: {}", path.display());
        path
    }

    /// Saves a screenshot of the whole page (not only the viewport) to `/tmp/regie-shots/NAME.png`.
    pub async fn full_page_screenshot(&self, name: &str) -> PathBuf {
        let (w, h) = self.c.get_window_size().await.expect("window size");
        let height = self.js("return Math.ceil(document.documentElement.scrollHeight);", vec![]).await.as_u64().unwrap_or(h);
        // The outer window is taller than the viewport by the (headless, small) window frame.
        self.resize(w as u32, (height + 200).min(8000) as u32).await;
        let path = self.screenshot(name).await;
        self.resize(w as u32, h as u32).await;
        path
    }

    /// Signs in through the sign-in page as a user types it: the password, then — when asked —
    /// the code from the (test) authenticator, computed from the account's known secret.
    pub async fn sign_in(&self, email: &str, password: &str) {
        self.goto("/inloggen").await;
        self.type_into("input[name=email]", email).await;
        self.type_into("input[name=password]", password).await;
        self.submit("form[action='/inloggen']").await;
        let deadline = Instant::now() + PATIENCE;
        while self.path().await == "/inloggen" {
            if Instant::now() > deadline {
                panic!("sign-in of {email} did not leave the sign-in page:\n{}", self.visible_text().await);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        if self.path().await == "/inloggen/tweestaps" {
            panic!("{email} has no second factor yet: give it the test key first with harness::enrol");
        }
        // The code of the (test) authenticator app. A code is never accepted twice, and this
        // browser does not know which codes the test used already: start with the next step's
        // code (accepted from now until a minute on) and, when refused, wait for a newer one.
        let mut step = regie_store::totp::current_step() + regie_store::totp::TOLERANCE;
        let deadline = Instant::now() + PATIENCE + Duration::from_secs(90);
        while self.path().await == "/inloggen/code" {
            if Instant::now() > deadline {
                panic!("the code step of {email} did not accept a code:\n{}", self.visible_text().await);
            }
            while regie_store::totp::current_step() + regie_store::totp::TOLERANCE < step {
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            let code = regie_store::totp::code(&super::fixture::totp_secret(email), step).expect("base32 key");
            self.type_into("#code-form input[name=code]", &code).await;
            // Mark this page, so the answer (a new page: another one, or this step again with a
            // message) can be told from it.
            self.js("window.regieCodeSent = true;", vec![]).await;
            self.submit("#code-form").await;
            let waited = Instant::now();
            while waited.elapsed() < PATIENCE {
                // While the next page loads, the script may fail: then it is not there yet either.
                match self.c.execute("return window.regieCodeSent === true;", vec![]).await {
                    Ok(v) if v != json!(true) => break,
                    _ => tokio::time::sleep(Duration::from_millis(100)).await,
                }
            }
            step += 1;
        }
        while self.path().await.starts_with("/inloggen") {
            if Instant::now() > deadline {
                panic!("sign-in of {email} did not leave the sign-in page:\n{}", self.visible_text().await);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}
