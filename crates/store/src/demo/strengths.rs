//! The strengths inventory of one client: two to four life domains (those of the plan's goals
//! first) with the situation, the client's wishes and what helped before, and strengths of several
//! kinds, written in the first weeks of the trajectory; later a situation changes, a strength is
//! added or one no longer applies. Kept changes carry `regie_domain::strengths::{StrengthDomain,
//! Strength}` exactly as `crate::strengths` writes them.

use super::batch::{next, office, ClientRows, V};
use super::domains::{F8_DOMAINS, ZRM_DOMAINS};
use super::org::Generator;
use super::plan::Change;
use super::record::{later, weighted, RecordCtx};
use super::strength_texts::{strength_theme, LATER, QUALITIES};
use chrono::{DateTime, Duration, Utc};
use regie_domain::rng::Rng;
use regie_domain::strengths::{Strength, StrengthDomain, ENTITY_DOMAIN, ENTITY_STRENGTH};

/// Share of the unscripted clients with an inventory.
const WITH_STRENGTHS: f64 = 0.85;

impl Generator {
    pub(super) fn strengths(&mut self, rng: &mut Rng, ctx: &RecordCtx, b: &mut ClientRows) {
        let p = ctx.plan;
        if ctx.scripted.is_none() && !rng.chance(WITH_STRENGTHS) {
            return;
        }
        let written = (ctx.started + Duration::days(rng.range(3, 28))).min(p.horizon);
        let t0 = office(rng, written);
        // The plan's domains first, then others of the model's set.
        let all: &[&'static str] = if ctx.model.domain_set == "8fasen" { F8_DOMAINS } else { ZRM_DOMAINS };
        let mut chosen: Vec<&'static str> = Vec::new();
        for g in &ctx.sim.goals {
            if let Some(d) = all.iter().find(|d| **d == g.goal.domain) {
                if !chosen.contains(d) {
                    chosen.push(d);
                }
            }
        }
        let want = rng.range(2, 4) as usize;
        chosen.truncate(want);
        while chosen.len() < want {
            let free: Vec<&'static str> = all.iter().copied().filter(|d| !chosen.contains(d)).collect();
            chosen.push(weighted(rng, &free));
        }

        let by = p.owner.id;
        let mut domains: Vec<StrengthDomain> = Vec::new();
        let mut strengths: Vec<Strength> = Vec::new();
        // Each change keeps the item right after it; they are written in time order at the end.
        let mut log: Vec<Change> = Vec::new();
        for (k, d) in chosen.iter().enumerate() {
            let theme = strength_theme(d);
            let goal = ctx.sim.goals.iter().find(|g| g.goal.domain == *d).map(|g| g.goal.text.clone());
            // The wish behind the plan's goal in this domain, else one or two in the client's words.
            let wishes = goal.unwrap_or_else(|| {
                let first = rng.pick(theme.wishes);
                let second = rng.pick(theme.wishes);
                if rng.chance(0.4) && first != second {
                    format!("{first} {second}")
                } else {
                    first.to_string()
                }
            });
            domains.push(StrengthDomain {
                id: next(&mut self.ids.strength_domain),
                domain: d.to_string(),
                situation: rng.pick(theme.situation).to_string(),
                wishes,
                resources_before: if rng.chance(0.85) { rng.pick(theme.before).to_string() } else { String::new() },
                version: 1,
            });
            let when = t0 + Duration::seconds(k as i64 * 120);
            log.push(domain_change(&domains[k], "create", when, by));
            // One to three of the domain's strengths, in random order.
            let mut pool: Vec<usize> = (0..theme.strengths.len()).collect();
            for j in 0..rng.range(1, 3) {
                let (kind, text) = theme.strengths[pool.swap_remove(rng.range(0, pool.len() as i64 - 1) as usize)];
                let s = Strength { id: next(&mut self.ids.strength), domain: d.to_string(), kind: kind.into(), text: text.into(), version: 1 };
                log.push(strength_change(&s, "create", when + Duration::seconds(20 + j * 20), by));
                strengths.push(s);
            }
        }
        // A personal quality or two that fit any domain.
        for j in 0..rng.range(0, 2) {
            let text = *rng.pick(QUALITIES);
            if !strengths.iter().any(|s| s.text == text) {
                let d = chosen[j as usize % chosen.len()];
                let s = Strength { id: next(&mut self.ids.strength), domain: d.into(), kind: "persoonlijke_kwaliteiten".into(), text: text.into(), version: 1 };
                log.push(strength_change(&s, "create", t0 + Duration::seconds(600 + j * 20), by));
                strengths.push(s);
            }
        }

        // Later: a situation changes, a strength is found, one no longer applies.
        if rng.chance(0.45) {
            if let Some(when) = later(rng, written, p.horizon, 14) {
                let k = rng.range(0, domains.len() as i64 - 1) as usize;
                let d = &mut domains[k];
                d.situation = format!("{} {}", d.situation, rng.pick(LATER));
                d.version += 1;
                log.push(domain_change(d, "update", when, by));
            }
        }
        if rng.chance(0.35) {
            if let Some(when) = later(rng, written, p.horizon, 14) {
                let d = *rng.pick(&chosen);
                let theme = strength_theme(d);
                let free: Vec<&(&str, &str)> = theme.strengths.iter().filter(|(_, t)| !strengths.iter().any(|s| s.text == *t)).collect();
                if !free.is_empty() {
                    let (kind, text) = **rng.pick(&free);
                    let s = Strength { id: next(&mut self.ids.strength), domain: d.into(), kind: kind.into(), text: text.into(), version: 1 };
                    log.push(strength_change(&s, "create", when, by));
                    strengths.push(s);
                }
            }
        }
        if rng.chance(0.08) && strengths.len() > 2 {
            if let Some(when) = later(rng, written, p.horizon, 20) {
                let k = rng.range(0, strengths.len() as i64 - 1) as usize;
                // Only a strength written at the start (a later one might not exist yet then).
                if log.iter().any(|c| c.entity == ENTITY_STRENGTH && c.entity_id == strengths[k].id && c.at < when) {
                    // The delete keeps the strength as it was, one version on (as the store does).
                    let mut s = strengths.remove(k);
                    s.version += 1;
                    log.push(strength_change(&s, "delete", when, by));
                }
            }
        }

        log.sort_by_key(|c| c.at);
        for change in &log {
            self.keep(p, None, change, b);
        }
        for d in &domains {
            b.strength_domains.row([
                V::I(d.id),
                V::I(p.client_id),
                V::S(d.domain.clone()),
                V::S(d.situation.clone()),
                V::S(d.wishes.clone()),
                V::S(d.resources_before.clone()),
                V::I(d.version),
            ]);
        }
        for s in &strengths {
            b.strengths.row([V::I(s.id), V::I(p.client_id), V::S(s.domain.clone()), V::S(s.kind.clone()), V::S(s.text.clone()), V::I(s.version)]);
            self.stats.strengths += 1;
        }
    }
}

fn domain_change(d: &StrengthDomain, op: &'static str, at: DateTime<Utc>, by: i64) -> Change {
    Change { entity: ENTITY_DOMAIN, entity_id: d.id, version: d.version, op, at, by, data: serde_json::to_string(d).unwrap_or_default() }
}

fn strength_change(s: &Strength, op: &'static str, at: DateTime<Utc>, by: i64) -> Change {
    Change { entity: ENTITY_STRENGTH, entity_id: s.id, version: s.version, op, at, by, data: serde_json::to_string(s).unwrap_or_default() }
}
