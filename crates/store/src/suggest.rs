//! Methodesuggesties: the client profile a worker records for the suggestion rules (target
//! groups, light/complex, critical transition, outreach, circumstances), the facts Regie already
//! has (goal domains, network, age), and dismissed suggestions. Everything through a
//! [`ClientScope`]; every change is kept in `changes`.

use crate::changes::{json, Change};
use crate::{ClientScope, Result, Store, StoreError};
use chrono::{Datelike, NaiveDate};
use regie_domain::suggest::{
    ClientProfile, Complexity, NetworkState, Situation, TargetGroup, Transition, METHOD_FACTS,
};
use regie_domain::FieldErrors;
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;

/// Entity code of the client profile in the change log.
pub const ENTITY_PROFILE: &str = "client_profile";
/// Entity code of a dismissed suggestion in the change log.
pub const ENTITY_DISMISSAL: &str = "suggestion_dismissal";

/// What the worker recorded about a client for the suggestions. Version 0: nothing recorded yet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestProfile {
    /// Target group codes.
    pub target_groups: Vec<String>,
    /// `licht`, `complex`, or none.
    pub complexity: Option<String>,
    /// In a critical transition.
    pub critical_transition: bool,
    /// Kind of transition code, when in one.
    pub transition_kind: Option<String>,
    /// Needs outreach (avoids care).
    pub needs_outreach: bool,
    /// Circumstance codes.
    pub situations: Vec<String>,
    /// Version for concurrent-edit detection (0 = not recorded yet).
    pub version: i64,
}

/// A profile as sent by a form or the API.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SuggestProfileInput {
    /// Target group codes.
    #[serde(default)]
    pub target_groups: Vec<String>,
    /// `licht`, `complex` or empty.
    #[serde(default)]
    pub complexity: String,
    /// In a critical transition.
    #[serde(default)]
    pub critical_transition: bool,
    /// Kind of transition (default `anders` when in one).
    #[serde(default)]
    pub transition_kind: String,
    /// Needs outreach.
    #[serde(default)]
    pub needs_outreach: bool,
    /// Circumstance codes.
    #[serde(default)]
    pub situations: Vec<String>,
    /// The version the edit is based on (0 for the first time).
    #[serde(default)]
    pub version: i64,
}

/// A suggestion the worker dismissed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dismissal {
    /// Method code.
    pub method_code: String,
    /// Who dismissed it.
    pub by_user_id: i64,
    /// Their name.
    pub by_name: String,
    /// When (UTC, RFC 3339).
    pub at: String,
    /// Why, in the worker's words (may be empty).
    pub reason: String,
}

/// Everything the suggestions page and API need, loaded in a fixed number of queries.
#[derive(Debug, Clone)]
pub struct SuggestionInputs {
    /// What the worker recorded.
    pub stored: SuggestProfile,
    /// The profile for the rules: stored answers plus goal domains, network and age.
    pub profile: ClientProfile,
    /// Dismissed suggestions, newest first.
    pub dismissed: Vec<Dismissal>,
}

fn split(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

fn profile_from(r: &AnyRow) -> Result<SuggestProfile> {
    Ok(SuggestProfile {
        target_groups: split(&r.try_get::<String, _>("target_groups")?),
        complexity: r.try_get("complexity")?,
        critical_transition: crate::flag(r, "critical_transition")?,
        transition_kind: r.try_get("transition_kind")?,
        needs_outreach: crate::flag(r, "needs_outreach")?,
        situations: split(&r.try_get::<String, _>("situations")?),
        version: r.try_get("version")?,
    })
}

/// Checks a profile; refused whole with Dutch messages.
fn validate(input: &SuggestProfileInput) -> Result<SuggestProfile> {
    let mut e = FieldErrors::default();
    let mut groups: Vec<String> = Vec::new();
    for g in input
        .target_groups
        .iter()
        .map(|g| g.trim())
        .filter(|g| !g.is_empty())
    {
        if TargetGroup::parse(g).is_none() {
            e.add("target_groups", "Kies alleen doelgroepen uit de lijst.");
        } else if !groups.iter().any(|x| x == g) {
            groups.push(g.to_string());
        }
    }
    let complexity = match input.complexity.trim() {
        "" => None,
        c if Complexity::parse(c).is_some() => Some(c.to_string()),
        _ => {
            e.add("complexity", "Kies licht, complex of 'weet ik niet'.");
            None
        }
    };
    let kind = input.transition_kind.trim();
    let transition_kind = match (input.critical_transition, kind) {
        (false, _) => None,
        (true, "") => Some(Transition::Anders.code().to_string()),
        (true, k) if Transition::parse(k).is_some() => Some(k.to_string()),
        (true, _) => {
            e.add("transition_kind", "Kies het soort overgang uit de lijst.");
            None
        }
    };
    let mut situations: Vec<String> = Vec::new();
    for s in input
        .situations
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        if Situation::parse(s).is_none() {
            e.add("situations", "Kies alleen bijzonderheden uit de lijst.");
        } else if !situations.iter().any(|x| x == s) {
            situations.push(s.to_string());
        }
    }
    if input.version < 0 {
        e.add("version", "De versie klopt niet.");
    }
    e.finish()?;
    Ok(SuggestProfile {
        target_groups: groups,
        complexity,
        critical_transition: input.critical_transition,
        transition_kind,
        needs_outreach: input.needs_outreach,
        situations,
        version: input.version,
    })
}

/// Age in whole years on `today`.
pub(crate) fn age_on(birth: NaiveDate, today: NaiveDate) -> i64 {
    let mut age = i64::from(today.year() - birth.year());
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// The rules' profile from what was stored and what Regie knows.
pub fn rules_profile(
    stored: &SuggestProfile,
    goal_domains: Vec<String>,
    network: Option<NetworkState>,
    age: Option<i64>,
) -> ClientProfile {
    ClientProfile {
        target_groups: stored
            .target_groups
            .iter()
            .filter_map(|g| TargetGroup::parse(g))
            .collect(),
        complexity: stored.complexity.as_deref().and_then(Complexity::parse),
        goal_domains,
        network,
        critical_transition: if stored.critical_transition {
            Some(
                stored
                    .transition_kind
                    .as_deref()
                    .and_then(Transition::parse)
                    .unwrap_or(Transition::Anders),
            )
        } else {
            None
        },
        needs_outreach: stored.needs_outreach,
        situations: stored
            .situations
            .iter()
            .filter_map(|s| Situation::parse(s))
            .collect(),
        age,
        // Hook: Regie records no ZRM yet; once it does, pass the latest measurement here.
        zrm: None,
    }
}

impl Store {
    /// The profile recorded for the client (version 0 when none yet).
    pub async fn suggest_profile(&self, scope: &ClientScope) -> Result<SuggestProfile> {
        let row = sqlx::query(
            "SELECT target_groups, complexity, critical_transition, transition_kind, needs_outreach, situations, version \
             FROM client_profile WHERE client_id = $1",
        )
        .bind(scope.client_id)
        .fetch_optional(self.r())
        .await?;
        row.as_ref()
            .map(profile_from)
            .transpose()
            .map(Option::unwrap_or_default)
    }

    /// Records the profile; refused whole on bad input, a conflict when someone else saved first.
    pub async fn save_suggest_profile(
        &self,
        scope: &ClientScope,
        input: &SuggestProfileInput,
    ) -> Result<SuggestProfile> {
        let p = validate(input)?;
        let mut tx = self.begin().await?;
        self.tick(1);
        let done = if p.version == 0 {
            sqlx::query(
                "INSERT INTO client_profile (client_id, target_groups, complexity, critical_transition, transition_kind, needs_outreach, situations, version) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 1) ON CONFLICT (client_id) DO NOTHING",
            )
        } else {
            sqlx::query(
                "UPDATE client_profile SET target_groups = $2, complexity = $3, critical_transition = $4, transition_kind = $5, \
                 needs_outreach = $6, situations = $7, version = version + 1 WHERE client_id = $1 AND version = $8",
            )
        }
        .bind(scope.client_id)
        .bind(p.target_groups.join(","))
        .bind(p.complexity.clone())
        .bind(p.critical_transition)
        .bind(p.transition_kind.clone())
        .bind(p.needs_outreach)
        .bind(p.situations.join(","))
        .bind(p.version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done != 1 {
            drop(tx);
            let current = self.suggest_profile(scope).await?;
            return Err(StoreError::Conflict {
                current: json(&current),
            });
        }
        let saved = SuggestProfile {
            version: p.version + 1,
            ..p
        };
        let op = if saved.version == 1 {
            "create"
        } else {
            "update"
        };
        let change = Change {
            trajectory_id: None,
            entity: ENTITY_PROFILE,
            entity_id: scope.client_id,
            version: saved.version,
            op,
            data: json(&saved),
        };
        self.write_change(&mut tx, scope, change).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// The profile, the facts Regie has about the client and the dismissed suggestions: five queries.
    pub async fn suggestion_inputs(
        &self,
        scope: &ClientScope,
        today: NaiveDate,
    ) -> Result<SuggestionInputs> {
        let stored = self.suggest_profile(scope).await?;
        let goal_domains: Vec<String> = sqlx::query(
            "SELECT DISTINCT l.zrm_code FROM goals g JOIN trajectories t ON t.id = g.trajectory_id \
             JOIN life_domains l ON l.code = g.domain_code \
             WHERE t.client_id = $1 AND t.status = 'actief' AND g.status = 'actief' AND l.zrm_code IS NOT NULL ORDER BY l.zrm_code",
        )
        .bind(scope.client_id)
        .fetch_all(self.r())
        .await?
        .iter()
        .map(|r| r.try_get::<String, _>(0))
        .collect::<Result<_, _>>()?;
        let row = sqlx::query(
            "SELECT c.birth_date, (SELECT COUNT(*) FROM network_members n WHERE n.client_id = c.id) AS members, \
             (SELECT COUNT(*) FROM network_members n WHERE n.client_id = c.id AND n.support <> '') AS supporting \
             FROM clients c WHERE c.id = $1",
        )
        .bind(scope.client_id)
        .fetch_optional(self.r())
        .await?
        .ok_or(StoreError::NotFound)?;
        let members: i64 = row.try_get("members")?;
        let supporting: i64 = row.try_get("supporting")?;
        let age = crate::opt_date(&row, "birth_date")?.map(|b| age_on(b, today));
        let network = Some(NetworkState {
            members,
            any_support: supporting > 0,
        });
        let dismissed = self.dismissed_suggestions(scope).await?;
        let profile = rules_profile(&stored, goal_domains, network, age);
        Ok(SuggestionInputs {
            stored,
            profile,
            dismissed,
        })
    }

    /// Dismissed suggestions of the client, newest first.
    pub async fn dismissed_suggestions(&self, scope: &ClientScope) -> Result<Vec<Dismissal>> {
        let rows = sqlx::query(
            "SELECT d.method_code, d.by_user_id, u.name AS by_name, d.at, d.reason FROM suggestion_dismissals d \
             JOIN users u ON u.id = d.by_user_id WHERE d.client_id = $1 ORDER BY d.at DESC, d.id DESC",
        )
        .bind(scope.client_id)
        .fetch_all(self.r())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Dismissal {
                    method_code: r.try_get("method_code")?,
                    by_user_id: r.try_get("by_user_id")?,
                    by_name: r.try_get("by_name")?,
                    at: r.try_get("at")?,
                    reason: r.try_get("reason")?,
                })
            })
            .collect()
    }

    /// Dismisses a suggestion for the client, with who, when and (optionally) why.
    pub async fn dismiss_suggestion(
        &self,
        scope: &ClientScope,
        method_code: &str,
        reason: &str,
    ) -> Result<()> {
        let mut e = FieldErrors::default();
        let code = method_code.trim();
        if !METHOD_FACTS.iter().any(|m| m.code == code) {
            e.add("method_code", "Deze methode kennen we niet.");
        }
        let reason = e.opt_text("reason", Some(reason), 500).unwrap_or_default();
        e.finish()?;
        let at = crate::now();
        let mut tx = self.begin().await?;
        self.tick(1);
        let id: Option<i64> = sqlx::query(
            "INSERT INTO suggestion_dismissals (client_id, method_code, by_user_id, at, reason) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (client_id, method_code) DO NOTHING RETURNING id",
        )
        .bind(scope.client_id)
        .bind(code)
        .bind(scope.user_id)
        .bind(&at)
        .bind(&reason)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| r.try_get(0))
        .transpose()?;
        let Some(id) = id else {
            // Already dismissed: nothing changes.
            return Ok(());
        };
        let data = serde_json::json!({ "method_code": code, "by_user_id": scope.user_id, "at": at, "reason": reason });
        self.write_change(
            &mut tx,
            scope,
            Change {
                trajectory_id: None,
                entity: ENTITY_DISMISSAL,
                entity_id: id,
                version: 1,
                op: "create",
                data,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Shows a dismissed suggestion again.
    pub async fn restore_suggestion(&self, scope: &ClientScope, method_code: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        self.tick(1);
        let row = sqlx::query(
            "DELETE FROM suggestion_dismissals WHERE client_id = $1 AND method_code = $2 RETURNING id, method_code, by_user_id, at, reason",
        )
        .bind(scope.client_id)
        .bind(method_code.trim())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let id: i64 = row.try_get("id")?;
        let data = serde_json::json!({
            "method_code": row.try_get::<String, _>("method_code")?,
            "by_user_id": row.try_get::<i64, _>("by_user_id")?,
            "at": row.try_get::<String, _>("at")?,
            "reason": row.try_get::<String, _>("reason")?,
        });
        self.write_change(
            &mut tx,
            scope,
            Change {
                trajectory_id: None,
                entity: ENTITY_DISMISSAL,
                entity_id: id,
                version: 1,
                op: "delete",
                data,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_counts_whole_years() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(age_on(d("1990-06-15"), d("2026-06-14")), 35);
        assert_eq!(age_on(d("1990-06-15"), d("2026-06-15")), 36);
    }

    #[test]
    fn a_bad_profile_is_refused_whole() {
        let input = SuggestProfileInput {
            target_groups: vec!["psychisch".into(), "marsmannetjes".into()],
            complexity: "zwaar".into(),
            situations: vec!["nah".into(), "x".into()],
            ..Default::default()
        };
        let err = validate(&input).unwrap_err();
        let StoreError::Invalid(inv) = err else {
            panic!("expected invalid")
        };
        assert!(
            inv.0.get("target_groups").is_some()
                && inv.0.get("complexity").is_some()
                && inv.0.get("situations").is_some()
        );
    }

    #[test]
    fn a_transition_without_kind_is_another_transition() {
        let p = validate(&SuggestProfileInput {
            critical_transition: true,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(p.transition_kind.as_deref(), Some("anders"));
        let p = validate(&SuggestProfileInput {
            transition_kind: "crisis".into(),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(p.transition_kind, None);
    }
}
