//! The Knowsley register imported from its CSV shows, on the Knowsley scale, exactly the cells its
//! published table implies, with the four impact-5 risks listed apart as off-scale.

use std::path::Path;

use hubboard::clock::Clock;
use hubboard::dashboard::heatmap::{Basis, HeatGrid};
use hubboard::dates::parse_iso;
use hubboard::domain::risk_scale::RiskScale;
use hubboard::exchange::Format;
use hubboard::ops::import::{Import, ImportRequest};
use hubboard::store::{Store, risks};

fn imported() -> Vec<hubboard::domain::Risk> {
    let mut store = Store::open_in_memory().unwrap();
    let clock = Clock::fixed(parse_iso("2026-11-22").unwrap());
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/knowsley");
    let config = hubboard::config::Config::default();
    let by = hubboard::ops::Decider::new(&clock, "tester", &config);
    let request = ImportRequest {
        dir,
        format: Format::Csv,
    };
    let done = hubboard::ops::decide::<Import>(
        &mut store,
        &hubboard::ops::Gate::read_write(),
        &by,
        &request,
        &hubboard::ops::Why::default(),
    )
    .unwrap();
    assert_eq!(done.outcome.summary.total(), 14);
    risks::load_risks(store.conn()).unwrap()
}

fn titles(risks: &[hubboard::domain::Risk], idx: &[usize]) -> Vec<String> {
    let mut t: Vec<String> = idx.iter().map(|&i| risks[i].title.clone()).collect();
    t.sort();
    t
}

#[test]
fn gross_heatmap_holds_the_cells_the_published_table_implies() {
    let risks = imported();
    let grid = HeatGrid::build(&risks, &RiskScale::knowsley(), Basis::Gross);
    // From DOMAIN.md: 5×3 external competition, payment by results, lack of clarity,
    // sub-contractor failure, atrophy (five); 5×4 internal competition, commissioning practice
    // (two); 4×4 seed-corn (one); 4×2 unrealistic expectations (one); 1×3 council outsources
    // (one). Ten in the grid; the four at impact 5 are off the 1–4 scale.
    let mut expected = vec![
        ((5, 3), 5),
        ((5, 4), 2),
        ((4, 4), 1),
        ((4, 2), 1),
        ((1, 3), 1),
    ];
    expected.sort();
    let mut found = Vec::new();
    for p in 1..=7u8 {
        for i in 1..=4u8 {
            if grid.count(p, i) > 0 {
                found.push(((p, i), grid.count(p, i)));
            }
        }
    }
    found.sort();
    assert_eq!(found, expected);
    assert_eq!(grid.total_in_grid(), 10);
    assert_eq!(
        titles(&risks, &grid.off_scale),
        [
            "Contract management failure",
            "Council commissions in-house",
            "Governance failure",
            "Timescales for readiness"
        ]
    );
    assert_eq!(
        titles(&risks, &grid.cells[4][3]),
        [
            "Commissioning practice not consortium-friendly",
            "Internal competition/conflicts of interest"
        ]
    );
}

#[test]
fn net_heatmap_holds_the_three_controlled_risks() {
    let risks = imported();
    let grid = HeatGrid::build(&risks, &RiskScale::knowsley(), Basis::Net);
    // Internal competition and commissioning practice 3×3; timescales 2×3 (its gross is off the
    // scale, its net is on it). The other eleven have no net score.
    assert_eq!(grid.count(3, 3), 2);
    assert_eq!(grid.count(2, 3), 1);
    assert_eq!(grid.total_in_grid(), 3);
    assert!(grid.off_scale.is_empty());
    assert_eq!(grid.unscored.len(), 11);
}

#[test]
fn bands_of_the_knowsley_register() {
    let k = RiskScale::knowsley();
    // 5×3 = 15 high, 5×4 = 20 extreme, 4×2 = 8 moderate, 1×3 = 3 low; 3×5 has no band.
    assert_eq!(k.band_of(5, 3).unwrap().name, "high");
    assert_eq!(k.band_of(5, 4).unwrap().name, "extreme");
    assert_eq!(k.band_of(4, 2).unwrap().name, "moderate");
    assert_eq!(k.band_of(1, 3).unwrap().name, "low");
    assert!(k.band_of(3, 5).is_none());
}
