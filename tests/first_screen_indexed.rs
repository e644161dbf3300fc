//! The first screen read by index from the score cache — performance's first rows, the standings
//! behind the generated risks, the summary strip — is exactly what the whole lists give, on the
//! small demo over several days (each worst-first group present, so the order is really tested).

mod ui_support;

use chrono::NaiveDate;
use hubboard::config::Config;
use hubboard::dashboard::{self, performance, summary};
use ui_support::*;

fn days() -> Vec<NaiveDate> {
    let t = today();
    [0, 1, 8, 40]
        .iter()
        .map(|n| t + chrono::Days::new(*n))
        .collect()
}

#[test]
fn the_indexed_first_screen_is_the_whole_lists_top() {
    let (_dir, store) = demo_db();
    let config = Config::default();
    let settings: dashboard::Settings = (&config).into();
    for day in days() {
        let whole = dashboard::load(store.conn(), day, settings).unwrap();
        let groups: std::collections::BTreeSet<u8> = whole
            .performance
            .iter()
            .map(|r| r.worst_rank().group)
            .collect();
        assert_eq!(groups.len(), 3, "every group on {day}: {groups:?}");
        let complete = hubboard::scoring::cache::complete(store.conn(), day, settings.scoring)
            .unwrap()
            .expect("a writable look leaves the cache complete");
        for limit in [1, 10, whole.performance.len() + 5] {
            let (page, total) =
                performance::first_page(store.conn(), day, settings.scoring, limit, complete)
                    .unwrap()
                    .unwrap();
            assert_eq!(total, whole.performance.len());
            let n = limit.min(total);
            assert_eq!(page[..], whole.performance[..n], "{day}, first {limit}");
        }
        let figures = summary::TenderFigures::of(&whole.tenders, settings.rules).unwrap();
        let totals = hubboard::store::subcontracts::active_totals(store.conn()).unwrap();
        let indexed =
            summary::compute_indexed(store.conn(), day, figures.clone(), &totals, complete)
                .unwrap();
        assert!(indexed.under_performing_providers > 0, "{day}");
        assert_eq!(indexed, whole.summary, "{day}");
        assert_eq!(
            summary::compute(store.conn(), day, figures, &whole.performance).unwrap(),
            whole.summary,
            "{day}"
        );
        let snap = hubboard::scoring::snapshot(store.conn(), day, settings.scoring).unwrap();
        let mut from_assessments =
            hubboard::scoring::contract_standings_in(&snap, settings.scoring.scoring);
        let mut by_index =
            hubboard::scoring::contract_standings_cached(store.conn(), settings.scoring, complete)
                .unwrap()
                .unwrap();
        from_assessments.sort_by(|a, b| a.subcontract.cmp(&b.subcontract));
        by_index.sort_by(|a, b| a.subcontract.cmp(&b.subcontract));
        assert_eq!(by_index, from_assessments, "{day}");
        // The register read by index (active totals, the Inadequate standings alone, the codes
        // they name looked up) is the rules' register over every sub-contract and standing.
        let inadequate = hubboard::scoring::inadequate_standings_cached(
            store.conn(),
            settings.scoring,
            complete,
        )
        .unwrap()
        .unwrap();
        assert!(!inadequate.is_empty(), "{day}");
        let share = settings.rules.concentration_share;
        let indexed =
            hubboard::store::risks::register(store.conn(), day, share, &inadequate).unwrap();
        let subs = hubboard::store::subcontracts::load_subcontracts(store.conn()).unwrap();
        let causes = hubboard::domain::risk_rules::causes(&subs, &from_assessments, share).unwrap();
        let whole_rules = hubboard::domain::risk_register::Register::read(
            hubboard::store::risks::load_risks(store.conn()).unwrap(),
            causes,
            day,
        );
        assert_eq!(indexed.risks, whole_rules.risks, "{day}");
        assert_eq!(indexed.causes, whole_rules.causes, "{day}");
    }
}

#[test]
fn a_stale_or_incomplete_cache_gives_no_indexed_screen() {
    let (_dir, store) = demo_db();
    let config = Config::default();
    let settings: dashboard::Settings = (&config).into();
    let day = today();
    dashboard::load(store.conn(), day, settings).unwrap();
    assert!(
        hubboard::scoring::cache::complete(store.conn(), day, settings.scoring)
            .unwrap()
            .is_some()
    );
    // One assessment dropped (as a trigger does when its sub-contract changes): not complete.
    let code: String = store
        .conn()
        .query_row(
            "SELECT subcontract FROM subcontract_scores LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    hubboard::store::scores::drop_assessment(store.conn(), &code).unwrap();
    assert!(
        hubboard::scoring::cache::complete(store.conn(), day, settings.scoring)
            .unwrap()
            .is_none()
    );
    // Another month: the assessments no longer hold.
    dashboard::load(store.conn(), day, settings).unwrap();
    let later = day + chrono::Days::new(60);
    assert!(
        hubboard::scoring::cache::complete(store.conn(), later, settings.scoring)
            .unwrap()
            .is_none()
    );
}
