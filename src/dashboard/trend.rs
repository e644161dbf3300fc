//! The one scale every delivery trend is drawn on — the dashboard's sparkline, the slides' and
//! the pack's text sparklines and the pack's SVG: 0% to `TOP_PCT` of profile, so over-delivery
//! shows above the 100% line, each value to its nearest level.

/// The top of the trend scale, in per cent of profile.
pub const TOP_PCT: u32 = 120;

const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// `pct` as a fraction of the scale, 0 to 1 (anything past the top is the top).
pub fn height(pct: u32) -> f64 {
    f64::from(pct.min(TOP_PCT)) / f64::from(TOP_PCT)
}

/// Delivery percentages as a text sparkline: 0% is `▁`, `TOP_PCT` and beyond `█`, each value at
/// its nearest level.
pub fn sparkline(values: &[u32]) -> String {
    let top = TOP_PCT as usize;
    let steps = LEVELS.len() - 1;
    values
        .iter()
        .map(|v| LEVELS[((*v).min(TOP_PCT) as usize * steps + top / 2) / top])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_runs_from_nothing_to_one_hundred_and_twenty_per_cent() {
        assert_eq!(sparkline(&[0, 60, 120, 200]), "▁▅██");
        // 100% of profile: 100 × 7 ÷ 120 = 5.83, nearest level 6 of 0–7.
        assert_eq!(sparkline(&[100]), "▇");
        assert_eq!(sparkline(&[]), "");
        assert_eq!(height(60), 0.5);
        assert_eq!(height(500), 1.0);
    }
}
