//! The first screen read by index from the score cache — performance's first rows, the standings
//! behind the generated risks, the summary strip — is exactly what the whole lists give, on the
//! small demo over several days (each worst-first group present, so the order is really tested).

mod ui_support;

use chrono::NaiveDate;
use hubboard::config::Config;
use hubboard::dashboard::{self, performance, summary};
use hubboard::ui::theme::ThemeName;
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
        let values = hubboard::store::read::tenders::values(store.conn()).unwrap();
        let figures = summary::TenderFigures::of(&values, settings.rules).unwrap();
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

#[test]
fn the_tender_pipelines_first_rows_by_index_are_the_whole_lists_top() {
    use hubboard::dashboard::tenders;
    use hubboard::ui::action::Pane;
    let (_dir, store) = demo_db();
    let conn = store.conn();
    let mut bunched = 0;
    for day in days() {
        let mut app = app_on(&store, ThemeName::Mono);
        app.set_snapshot(dashboard::load(conn, day, &Config::default()).unwrap());
        let snap = app.snapshot.as_ref().unwrap();
        // The pane's default order: open opportunities by deadline, closed ones after.
        let whole: Vec<String> = app
            .rows
            .view(Pane::Tenders)
            .iter()
            .map(|i| format!("{:?}", snap.tenders[*i]))
            .collect();
        let open = snap
            .tenders
            .iter()
            .filter(|t| t.opportunity.stage.is_open())
            .count();
        assert!(open > 1 && open < whole.len(), "{day}: {open} open");
        bunched += snap.tenders.iter().filter(|t| t.bunched).count();
        for limit in [
            1,
            2,
            5,
            open - 1,
            open,
            open + 1,
            whole.len(),
            whole.len() + 5,
        ] {
            let page: Vec<String> = tenders::first_page(conn, day, limit)
                .unwrap()
                .iter()
                .map(|t| format!("{t:?}"))
                .collect();
            assert_eq!(page[..], whole[..limit.min(whole.len())], "{day}, {limit}");
        }
    }
    assert!(bunched > 0, "some bunched deadlines to hold the page to");
}

#[test]
fn the_tender_totals_are_every_opportunitys() {
    let (_dir, store) = demo_db();
    let config = Config::default();
    let whole = dashboard::load(store.conn(), today(), &config).unwrap();
    let values = hubboard::store::read::tenders::values(store.conn()).unwrap();
    assert_eq!(values.len(), whole.tenders.len());
    for stage in &whole.stages {
        let of_stage: Vec<_> = whole
            .tenders
            .iter()
            .filter(|t| t.opportunity.stage == stage.stage)
            .collect();
        assert_eq!(stage.count, of_stage.len(), "{:?}", stage.stage);
        let value: rust_decimal::Decimal = of_stage.iter().map(|t| t.opportunity.value).sum();
        assert_eq!(stage.value, value, "{:?}", stage.stage);
    }
    let open: rust_decimal::Decimal = whole
        .tenders
        .iter()
        .filter(|t| t.opportunity.stage.is_open())
        .map(|t| t.opportunity.value)
        .sum();
    let won_slice: rust_decimal::Decimal = whole
        .tenders
        .iter()
        .filter(|t| t.opportunity.stage == hubboard::domain::Stage::Won)
        .map(|t| t.top_slice)
        .sum();
    assert_eq!(whole.summary.pipeline_value, open);
    assert_eq!(whole.summary.top_slice_income, won_slice);
    assert!(open > rust_decimal::Decimal::ZERO && won_slice > rust_decimal::Decimal::ZERO);
}

#[test]
fn a_cached_score_outliving_its_sub_contract_raises_no_risk() {
    let (_dir, store) = demo_db();
    let config = Config::default();
    let settings: dashboard::Settings = (&config).into();
    let day = today();
    dashboard::load(store.conn(), day, settings).unwrap();
    let complete = hubboard::scoring::cache::complete(store.conn(), day, settings.scoring)
        .unwrap()
        .expect("a writable look leaves the cache complete");
    let generated = |conn| {
        let inadequate =
            hubboard::scoring::inadequate_standings_cached(conn, settings.scoring, complete)
                .unwrap()
                .unwrap();
        let share = settings.rules.concentration_share;
        let register = hubboard::store::risks::register(conn, day, share, &inadequate).unwrap();
        let mut codes: Vec<String> = register
            .risks
            .into_iter()
            .filter(|r| r.generated_by.is_some())
            .map(|r| r.code)
            .collect();
        codes.sort();
        (inadequate.len(), codes)
    };
    let (n, before) = generated(store.conn());
    assert!(
        before.iter().any(|c| c.starts_with("G-INAD-")),
        "{before:?}"
    );
    let named: String = store
        .conn()
        .query_row(
            "SELECT subcontract FROM subcontract_scores
             WHERE standing = 'inadequate' AND status = 'active' AND route_only = 0 LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // A row written by hand, naming no sub-contract on record.
    store
        .conn()
        .execute_batch(&format!(
            "CREATE TEMP TABLE ghost AS SELECT * FROM subcontract_scores WHERE subcontract = '{named}';
             UPDATE ghost SET subcontract = 'GHOST-1';
             INSERT INTO subcontract_scores SELECT * FROM ghost;"
        ))
        .unwrap();
    let (with_ghost, after) = generated(store.conn());
    assert_eq!(with_ghost, n + 1, "the ghost is among the standings read");
    assert_eq!(after, before);
}

#[test]
fn a_new_days_assessments_are_worked_out_alone_before_the_first_screen() {
    let (_dir, store) = demo_db();
    let conn = store.conn();
    let config = Config::default();
    let settings: dashboard::Settings = (&config).into();
    dashboard::load(conn, today(), settings).unwrap();
    let mut refreshed = 0;
    for later in days().into_iter().skip(1) {
        let stale = hubboard::store::scores::stale(conn, later).unwrap();
        let complete =
            || hubboard::scoring::cache::complete(conn, later, settings.scoring).unwrap();
        assert_eq!(complete().is_none(), !stale.is_empty(), "{later}");
        hubboard::scoring::cache::refresh(conn, later, settings.scoring, &mut |_, _| {}).unwrap();
        assert!(complete().is_some(), "{later}: {} were stale", stale.len());
        refreshed += stale.len();
        // What the cache now holds is what working every assessment out afresh gives.
        let kept = dashboard::load(conn, later, settings).unwrap();
        hubboard::store::scores::clear_assessments(conn).unwrap();
        let afresh = dashboard::load(conn, later, settings).unwrap();
        assert_eq!(kept.performance, afresh.performance, "{later}");
        assert_eq!(kept.triage, afresh.triage, "{later}");
        assert_eq!(kept.summary, afresh.summary, "{later}");
    }
    assert!(
        refreshed > 0,
        "some assessments no longer held on a later day"
    );
}
