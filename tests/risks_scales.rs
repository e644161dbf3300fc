//! Risk scales: band edges on both built-in scales, and the checks a configured scale must pass.

use hubboard::config::Config;
use hubboard::domain::risk_scale::{RiskScale, Severity};

#[test]
fn knowsley_band_edges() {
    let k = RiskScale::knowsley();
    for (score, band) in [
        (1, "low"),
        (6, "low"),
        (7, "moderate"),
        (12, "moderate"),
        (13, "high"),
        (19, "high"),
        (20, "extreme"),
        (28, "extreme"),
    ] {
        assert_eq!(k.band(score).unwrap().name, band, "score {score}");
    }
    assert!(k.band(29).is_none());
    assert_eq!(k.band_of(7, 4).unwrap().severity, Severity::Extreme);
    assert!(k.band_of(0, 3).is_none(), "probability 0 is off the scale");
}

#[test]
fn nhs_band_edges_and_unreachable_gaps() {
    let n = RiskScale::nhs5x5();
    for (score, band) in [
        (3, "low"),
        (4, "moderate"),
        (6, "moderate"),
        (8, "high"),
        (12, "high"),
        (15, "extreme"),
        (25, "extreme"),
    ] {
        assert_eq!(n.band(score).unwrap().name, band, "score {score}");
    }
    for gap in [7, 13, 14] {
        assert!(n.band(gap).is_none());
        assert!(
            !n.achievable_scores().contains(&gap),
            "{gap} is not P × I on 5×5"
        );
    }
    n.validate().unwrap();
    RiskScale::knowsley().validate().unwrap();
}

const SMALL: &str = r#"
[risk_scales.small]
probability = ["unlikely", "likely"]
impact = ["minor", "major"]
bands = [
    { name = "low", min = 1, max = 2, severity = "low" },
    { name = "high", min = 3, max = 4, severity = "high", description = "act now" },
]
"#;

#[test]
fn a_configured_scale_joins_the_built_in_ones() {
    let c = Config::parse(SMALL).unwrap();
    let names: Vec<String> = c.scales().into_iter().map(|s| s.name).collect();
    assert_eq!(names, ["knowsley", "nhs5x5", "small"]);
    let small = c.scales().into_iter().find(|s| s.name == "small").unwrap();
    assert_eq!(small.title, "small");
    assert_eq!(small.band(4).unwrap().description, "act now");
}

#[test]
fn overlapping_bands_are_refused() {
    let text = SMALL.replace("min = 3, max = 4", "min = 2, max = 4");
    let e = Config::parse(&text).unwrap_err();
    assert_eq!(
        e,
        "risk scale 'small': bands 'low' (1–2) and 'high' (2–4) overlap"
    );
}

#[test]
fn a_reachable_score_with_no_band_is_refused() {
    // 3 cannot be made on 2×2 (1, 2, 4 only), so a gap at 3 is fine; a gap at 4 is not.
    let gap_at_3 = SMALL.replace("min = 3, max = 4", "min = 4, max = 4");
    Config::parse(&gap_at_3).unwrap();
    let gap_at_4 = SMALL.replace("min = 3, max = 4", "min = 3, max = 3");
    let e = Config::parse(&gap_at_4).unwrap_err();
    assert_eq!(
        e,
        "risk scale 'small': the score(s) 4 can be reached (probability × impact) but fall in no band"
    );
}

#[test]
fn missing_labels_are_refused() {
    let e = Config::parse(&SMALL.replace("\"likely\"", "\"\"")).unwrap_err();
    assert_eq!(e, "risk scale 'small': probability level 2 has no label");
    let e = Config::parse(&SMALL.replace("impact = [\"minor\", \"major\"]", "impact = []"))
        .unwrap_err();
    assert_eq!(e, "risk scale 'small': impact has no levels");
    assert!(Config::parse(&SMALL.replace("severity = \"low\"", "severity = \"mild\"")).is_err());
}

#[test]
fn a_scale_of_a_built_in_name_replaces_it() {
    let c = Config::parse(&SMALL.replace("risk_scales.small", "risk_scales.knowsley")).unwrap();
    let k = c
        .scales()
        .into_iter()
        .find(|s| s.name == "knowsley")
        .unwrap();
    assert_eq!(k.max_probability(), 2);
    assert_eq!(c.scales().len(), 2);
}
