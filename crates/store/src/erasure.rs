//! Erasure and anonymisation of a client (AVG art. 17), by functioneel beheer only.
//!
//! Functioneel beheer has no care relation and may not read a dossier, so this module has its
//! own door ([`Store::erasure_preview`], [`Store::erase_client`]): it checks `User::admin`,
//! writes the audit record with basis `organisatierol` (refusals too) and shows counts only.
//!
//! * `wissen` deletes the client and everything that hangs off it, including the `changes`
//!   history (the `clients` row cascades to every client table).
//! * `anonimiseren` keeps what statistics need — trajectories (dates, method, funding, status,
//!   exit destination, phase steps, methods used), goal and action statuses, journal contact
//!   types/dates/durations, evaluation verdicts, measurement levels, domain targets, result
//!   agreement statuses, satisfaction marks and answers — and blanks or deletes every name, birth
//!   date, contact detail, free text and note, the household, care team, strengths, network,
//!   profile, dismissed suggestions, the perspective and the whole `changes` history.
//!
//! The access log (`audit_log`) is left intact, as NEN 7513 requires; it holds no content (codes,
//! ids and the reasons given). Afterwards no trace may stay in the database file: SQLite runs
//! with `secure_delete` (freed space is zeroed) and the WAL is checkpointed and truncated;
//! PostgreSQL vacuums the touched tables. Backups and PostgreSQL's WAL keep content until they
//! rotate (docs/operations.md).

use crate::retention::{must_be_admin, term_end};
use crate::{Actor, Engine, Result, Store, StoreError};
use chrono::NaiveDate;
use regie_domain::catalogue::{AccessBasis, AuditAction};
use regie_domain::FieldErrors;
use sqlx::Row;

/// Shortest reason accepted.
pub const REASON_MIN: usize = 10;

/// What to do with the client's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ErasureMode {
    /// Delete everything of the client.
    #[serde(rename = "wissen")]
    Erase,
    /// Keep counts, levels and statuses for statistics; remove everything personal.
    #[serde(rename = "anonimiseren")]
    Anonymise,
}

impl ErasureMode {
    /// From its code (`wissen`, `anonimiseren`).
    pub fn parse(code: &str) -> Option<Self> {
        match code.trim() {
            "wissen" => Some(ErasureMode::Erase),
            "anonimiseren" => Some(ErasureMode::Anonymise),
            _ => None,
        }
    }

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            ErasureMode::Erase => "wissen",
            ErasureMode::Anonymise => "anonimiseren",
        }
    }
}

/// The erasure asked for, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ErasureInput {
    /// `wissen` or `anonimiseren`.
    #[serde(default)]
    pub mode: String,
    /// Why (at least [`REASON_MIN`] characters; kept in the access log, so without the
    /// client's name).
    #[serde(default)]
    pub reason: String,
    /// Confirms that erasing before the retention term ends is allowed (e.g. at the client's
    /// request); required only while the term runs.
    #[serde(default)]
    pub before_term: bool,
}

/// What functioneel beheer sees before erasing: counts only, never content.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ErasurePreview {
    /// The client's id.
    pub client_id: i64,
    /// The client's team.
    pub team: String,
    /// Already anonymised.
    pub anonymised: bool,
    /// Active trajectories (erasure is refused while there is one).
    pub active_trajectories: i64,
    /// End of the latest trajectory, if any.
    pub last_ended_on: Option<NaiveDate>,
    /// Funding law of the latest trajectory, if any.
    pub funding: Option<String>,
    /// The day the retention term runs out, when known.
    pub term_ends_on: Option<NaiveDate>,
    /// `(part, number of records)`; the part is a key for the page's texts.
    pub counts: Vec<(String, i64)>,
}

/// Parts counted, with the SQL that counts them for client `$1`.
const PARTS: &[(&str, &str)] = &[
    ("trajectories", "SELECT COUNT(*) FROM trajectories WHERE client_id = $1"),
    ("goals", "SELECT COUNT(*) FROM goals WHERE trajectory_id IN (SELECT id FROM trajectories WHERE client_id = $1)"),
    ("actions", "SELECT COUNT(*) FROM actions WHERE trajectory_id IN (SELECT id FROM trajectories WHERE client_id = $1)"),
    ("perspective", "SELECT COUNT(*) FROM perspective WHERE trajectory_id IN (SELECT id FROM trajectories WHERE client_id = $1)"),
    ("journal", "SELECT COUNT(*) FROM journal_entries WHERE client_id = $1"),
    ("evaluations", "SELECT COUNT(*) FROM evaluations WHERE trajectory_id IN (SELECT id FROM trajectories WHERE client_id = $1)"),
    ("changes", "SELECT COUNT(*) FROM changes WHERE client_id = $1"),
    ("household", "SELECT COUNT(*) FROM household_members WHERE client_id = $1"),
    ("care_team", "SELECT COUNT(*) FROM care_team WHERE client_id = $1"),
    ("strengths", "SELECT (SELECT COUNT(*) FROM strengths WHERE client_id = $1) + (SELECT COUNT(*) FROM strength_domains WHERE client_id = $1)"),
    ("network", "SELECT COUNT(*) FROM network_members WHERE client_id = $1"),
    ("measurements", "SELECT COUNT(*) FROM measurements WHERE client_id = $1"),
    ("result_agreements", "SELECT COUNT(*) FROM result_agreements WHERE client_id = $1"),
    ("satisfaction", "SELECT COUNT(*) FROM satisfaction_responses WHERE client_id = $1"),
];

/// Of client `$1`'s trajectories.
const OF_TRAJ: &str = "IN (SELECT id FROM trajectories WHERE client_id = $1)";

/// Tables an erasure touches (vacuumed afterwards on PostgreSQL).
const TOUCHED: &str = "clients, household_members, care_team, trajectories, phase_transitions, perspective, goals, actions, changes, \
     journal_entries, journal_goals, evaluations, evaluation_goals, trajectory_methods, strength_domains, strengths, network_members, \
     client_profile, suggestion_dismissals, measurements, measurement_scores, result_agreements, domain_targets, \
     satisfaction_responses, satisfaction_answers";

impl Store {
    /// Counts of what an erasure of `client_id` would remove, for functioneel beheer only
    /// (others: refused and logged). Logs a read of the counts (`wissen-overzicht`). Two queries.
    pub async fn erasure_preview(&self, actor: &Actor, client_id: i64) -> Result<ErasurePreview> {
        self.erasure_door(actor, client_id, AuditAction::Read, "wissen-overzicht").await?;
        let preview = self.preview(client_id).await?;
        self.audit_reason(actor, Some(client_id), AuditAction::Read, "wissen-overzicht", AccessBasis::Organisation, None).await?;
        Ok(preview)
    }

    async fn preview(&self, client_id: i64) -> Result<ErasurePreview> {
        let counts_sql: Vec<String> = PARTS.iter().map(|(name, sql)| format!("CAST(({sql}) AS BIGINT) AS {name}")).collect();
        let sql = format!(
            "SELECT c.id, tm.name AS team, c.anonymised_at, \
             (SELECT COUNT(*) FROM trajectories a WHERE a.client_id = c.id AND a.status = 'actief') AS active, \
             {} FROM clients c JOIN teams tm ON tm.id = c.team_id WHERE c.id = $1",
            counts_sql.join(", ")
        );
        let row = sqlx::query(&sql).bind(client_id).fetch_optional(self.r()).await?.ok_or(StoreError::NotFound)?;
        let counts = PARTS.iter().map(|(name, _)| Ok((name.to_string(), row.try_get::<i64, _>(*name)?))).collect::<Result<Vec<_>>>()?;
        let last = sqlx::query(
            "SELECT t.ended_on, t.funding, r.years FROM trajectories t LEFT JOIN retention_terms r ON r.funding = t.funding \
             WHERE t.client_id = $1 AND t.ended_on IS NOT NULL ORDER BY t.ended_on DESC, t.id DESC LIMIT 1",
        )
        .bind(client_id)
        .fetch_optional(self.r())
        .await?;
        let (last_ended_on, funding, term_ends_on) = match &last {
            Some(r) => {
                let ended = crate::date(r, "ended_on")?;
                let years: Option<i64> = r.try_get("years")?;
                (Some(ended), Some(r.try_get::<String, _>("funding")?), years.map(|y| term_end(ended, y)))
            }
            None => (None, None, None),
        };
        Ok(ErasurePreview {
            client_id,
            team: row.try_get("team")?,
            anonymised: row.try_get::<Option<String>, _>("anonymised_at")?.is_some(),
            active_trajectories: row.try_get("active")?,
            last_ended_on,
            funding,
            term_ends_on,
            counts,
        })
    }

    /// Functioneel beheer's door to one client for erasure: refuses (and logs) anyone else;
    /// a client that does not exist is [`StoreError::NotFound`] for beheer.
    async fn erasure_door(&self, actor: &Actor, client_id: i64, action: AuditAction, object: &str) -> Result<()> {
        if must_be_admin(&actor.user).is_err() {
            self.audit_reason(actor, Some(client_id), action, object, AccessBasis::Refused, None).await?;
            return Err(StoreError::Forbidden);
        }
        Ok(())
    }

    /// Erases (`wissen`) or anonymises (`anonimiseren`) a client, in one transaction, for
    /// functioneel beheer only. Refused with a Dutch message per field when the mode is unknown,
    /// the reason is shorter than [`REASON_MIN`] or names the client, a trajectory is still
    /// active, the client is already anonymised (for `anonimiseren`), or the retention term still
    /// runs and `before_term` is not confirmed. Afterwards: the audit record (action delete,
    /// object `client`, the reason), then the database file is cleaned (see the module doc).
    /// Returns the counts of what was there.
    pub async fn erase_client(&self, actor: &Actor, client_id: i64, input: &ErasureInput, today: NaiveDate) -> Result<ErasurePreview> {
        self.erasure_door(actor, client_id, AuditAction::Delete, "client").await?;
        let before = self.preview(client_id).await?;
        let names = sqlx::query("SELECT first_name, last_name FROM clients WHERE id = $1").bind(client_id).fetch_one(self.r()).await?;
        let (first, last): (String, String) = (names.try_get("first_name")?, names.try_get("last_name")?);

        let mut e = FieldErrors::default();
        let mode = ErasureMode::parse(&input.mode);
        if mode.is_none() {
            e.add("mode", "Kies of u het dossier helemaal wist of anonimiseert.");
        }
        let reason = input.reason.trim().to_string();
        if reason.chars().count() < REASON_MIN {
            e.add("reason", format!("Schrijf op waarom dit dossier weg mag (minstens {REASON_MIN} tekens), bijvoorbeeld de bewaartermijn of het verzoek van de cliënt."));
        } else if reason.chars().count() > 1000 {
            e.add("reason", "Houd de reden korter dan 1000 tekens.");
        } else if [first.as_str(), last.as_str()].iter().any(|n| n.trim().chars().count() >= 2 && reason.to_lowercase().contains(&n.trim().to_lowercase())) {
            e.add("reason", "Noem de cliënt niet bij naam in de reden: de reden blijft bewaard in het toegangslog. Het cliëntnummer is genoeg.");
        }
        if before.active_trajectories > 0 {
            e.add("client", "Deze cliënt heeft nog een lopend traject. Laat de trajectbegeleider dat eerst afsluiten; daarna kan het dossier weg.");
        }
        if before.anonymised && mode == Some(ErasureMode::Anonymise) {
            e.add("mode", "Dit dossier is al geanonimiseerd. U kunt het nog wel helemaal wissen.");
        }
        if before.term_ends_on.is_some_and(|end| end > today) && !input.before_term {
            e.add(
                "before_term",
                "De bewaartermijn loopt nog. Bevestig dat wissen nu toch mag (bijvoorbeeld omdat de cliënt erom vroeg en de wet het toestaat).",
            );
        }
        e.finish()?;
        let mode = mode.ok_or_else(|| StoreError::Corrupt("validated erasure without mode".into()))?;

        let mut tx = self.begin().await?;
        let statements: Vec<(String, Option<String>)> = match mode {
            ErasureMode::Erase => vec![
                ("DELETE FROM changes WHERE client_id = $1".into(), None),
                // Every client table hangs off clients(id) with ON DELETE CASCADE.
                ("DELETE FROM clients WHERE id = $1".into(), None),
            ],
            ErasureMode::Anonymise => anonymise_statements(),
        };
        for (sql, second) in &statements {
            self.tick(1);
            let q = sqlx::query(sql).bind(client_id);
            let q = match second {
                Some(v) => q.bind(v.clone()),
                None => q,
            };
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        self.audit_reason(actor, Some(client_id), AuditAction::Delete, "client", AccessBasis::Organisation, Some(format!("{}: {reason}", mode.code())))
            .await?;
        self.clean_database_file().await?;
        Ok(before)
    }

    /// Leaves no erased content in the database files: on SQLite a checkpoint that writes the WAL
    /// into the (secure-delete) main file and truncates it; on PostgreSQL a VACUUM of the tables
    /// an erasure touches. A SQLite checkpoint that readers keep busy is retried briefly.
    pub async fn clean_database_file(&self) -> Result<()> {
        match self.engine {
            Engine::Sqlite => {
                for _ in 0..20 {
                    let row = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(self.w()).await?;
                    let busy: i64 = row.try_get(0)?;
                    if busy == 0 {
                        return Ok(());
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                tracing::warn!("WAL checkpoint after erasure stayed busy; it completes at the next checkpoint");
                Ok(())
            }
            Engine::Postgres => {
                self.tick(1);
                sqlx::raw_sql(&format!("VACUUM {TOUCHED}")).execute(&self.write).await?;
                Ok(())
            }
        }
    }
}

impl Store {
    /// PostgreSQL only: rewrites every table an erasure touches (`VACUUM FULL`), so that the
    /// bytes of erased rows, which a plain VACUUM leaves in the free space of their pages until
    /// it is reused, are gone from the data files too. Takes an exclusive lock on each table
    /// while it runs: a maintenance-window step (docs/operations.md). SQLite needs none
    /// (`secure_delete` zeroes at once); there this does nothing.
    pub async fn rewrite_erased_tables(&self) -> Result<()> {
        if self.engine == Engine::Postgres {
            self.tick(1);
            sqlx::raw_sql(&format!("VACUUM FULL {TOUCHED}")).execute(&self.write).await?;
        }
        Ok(())
    }
}

/// A valid empty plan snapshot for evaluations whose content is blanked.
fn empty_snapshot() -> String {
    serde_json::to_string(&regie_domain::plan::PlanSnapshot::default()).unwrap_or_else(|_| "{}".into())
}

/// Anonymisation of client `$1`, each statement with its `$2` if it has one.
fn anonymise_statements() -> Vec<(String, Option<String>)> {
    let plain = |sql: String| (sql, None);
    vec![
        (
            "UPDATE clients SET first_name = 'Geanonimiseerd', last_name = CAST(id AS TEXT), birth_date = NULL, phone = NULL, email = NULL, \
             address = NULL, city = NULL, anonymised_at = $2, version = version + 1 WHERE id = $1"
                .into(),
            Some(crate::now()),
        ),
        plain("DELETE FROM household_members WHERE client_id = $1".into()),
        plain("DELETE FROM care_team WHERE client_id = $1".into()),
        plain("DELETE FROM changes WHERE client_id = $1".into()),
        plain(format!("DELETE FROM perspective WHERE trajectory_id {OF_TRAJ}")),
        plain(format!("UPDATE goals SET text = '' WHERE trajectory_id {OF_TRAJ}")),
        plain(format!("UPDATE actions SET text = '', owner_name = '' WHERE trajectory_id {OF_TRAJ}")),
        plain("UPDATE journal_entries SET text = '' WHERE client_id = $1".into()),
        (format!("UPDATE evaluations SET participants = '', notes = '', plan_snapshot = $2 WHERE trajectory_id {OF_TRAJ}"), Some(empty_snapshot())),
        plain(format!("UPDATE evaluation_goals SET goal_text = '', note = '' WHERE evaluation_id IN (SELECT id FROM evaluations WHERE trajectory_id {OF_TRAJ})")),
        plain("DELETE FROM strengths WHERE client_id = $1".into()),
        plain("DELETE FROM strength_domains WHERE client_id = $1".into()),
        plain("DELETE FROM network_members WHERE client_id = $1".into()),
        plain("DELETE FROM client_profile WHERE client_id = $1".into()),
        plain("DELETE FROM suggestion_dismissals WHERE client_id = $1".into()),
        plain("UPDATE measurement_scores SET note = '' WHERE measurement_id IN (SELECT id FROM measurements WHERE client_id = $1)".into()),
        plain("UPDATE result_agreements SET text = '' WHERE client_id = $1".into()),
        plain("UPDATE satisfaction_responses SET remark = '' WHERE client_id = $1".into()),
    ]
}
