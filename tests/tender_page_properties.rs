//! The tender pipeline's first page, read by index, is the first rows of the whole pipeline in
//! the pane's default order — bunched deadlines and all — whatever the opportunities' stages and
//! deadlines and however many the page holds.

use chrono::NaiveDate;
use hubboard::dashboard::tenders;
use hubboard::domain::{
    BidDecision, Commissioner, Opportunity, OpportunityKind, PaymentModel, Stage,
};
use hubboard::store::{Store, opportunities};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn opportunity(i: usize, stage: usize, days: i64) -> Opportunity {
    Opportunity {
        // Codes out of step with the order they are written in.
        code: format!("OPP-{:03}", (i * 37) % 101),
        title: format!("Advice services {i}"),
        commissioner: "KMBC".into(),
        service_line: "advice".into(),
        kind: OpportunityKind::Tender,
        stage: Stage::ALL[stage],
        deadline: today() + chrono::Duration::days(days),
        value: Decimal::from(10_000 + i as i64),
        duration_months: 12,
        payment_model: PaymentModel::Block,
        top_slice_pct: Decimal::from(5),
        bid_score: None,
        decision: Some(BidDecision::Bid),
        decision_reason: None,
        award_route: None,
        row_version: 1,
    }
}

fn pipeline(opps: &[(usize, i64)]) -> Store {
    let store = Store::open_in_memory().unwrap();
    let conn = store.conn();
    opportunities::insert_commissioner(
        conn,
        &Commissioner {
            code: "KMBC".into(),
            name: "Knowsley Council".into(),
            kind: "local authority".into(),
        },
    )
    .unwrap();
    for (i, (stage, days)) in opps.iter().enumerate() {
        opportunities::insert_opportunity(conn, &opportunity(i, *stage, *days)).unwrap();
    }
    store
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn the_first_page_is_the_whole_pipelines_top(
        opps in prop::collection::vec((0..Stage::ALL.len(), -20i64..40), 0..40),
        limit in 1usize..45,
    ) {
        let store = pipeline(&opps);
        let mut whole = tenders::load(store.conn(), today()).unwrap();
        whole.sort_by(tenders::by_deadline);
        let page = tenders::first_page(store.conn(), today(), limit).unwrap();
        let shown = |rows: &[tenders::TenderRow]| -> Vec<String> {
            rows.iter().map(|r| format!("{r:?}")).collect()
        };
        prop_assert_eq!(shown(&page), shown(&whole[..limit.min(whole.len())]));
    }
}
