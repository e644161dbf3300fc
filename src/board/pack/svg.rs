//! Inline SVG sparklines for the HTML pack: a polyline of percentages on the one trend scale
//! (`dashboard::trend`), with a faint line at 100% so a shortfall reads at a glance. No scripts,
//! no external references.

/// An SVG sparkline `width`×`height` pixels; an empty string for no values.
pub fn sparkline(values: &[u32], width: u32, height: u32) -> String {
    if values.is_empty() {
        return String::new();
    }
    let n = values.len();
    let step = if n > 1 {
        f64::from(width - 4) / (n - 1) as f64
    } else {
        0.0
    };
    let y =
        |v: u32| f64::from(height - 2) - crate::dashboard::trend::height(v) * f64::from(height - 4);
    let points: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{:.1},{:.1}", 2.0 + step * i as f64, y(*v)))
        .collect();
    let last = values[n - 1];
    format!(
        "<svg class=\"spark\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"trend {}\"><line x1=\"0\" x2=\"{width}\" y1=\"{t:.1}\" y2=\"{t:.1}\" stroke=\"#999\" stroke-dasharray=\"2,2\"/><polyline fill=\"none\" stroke=\"#1a1a1a\" stroke-width=\"1.6\" points=\"{}\"/><circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2\" fill=\"#1a1a1a\"/></svg>",
        values
            .iter()
            .map(|v| format!("{v}%"))
            .collect::<Vec<_>>()
            .join(" "),
        points.join(" "),
        2.0 + step * (n - 1) as f64,
        y(last),
        t = y(100),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_point_per_value_and_nothing_for_none() {
        assert_eq!(sparkline(&[], 80, 20), "");
        let s = sparkline(&[50, 100, 75], 80, 20);
        assert_eq!(s.matches(',').count() - 1, 3, "{s}");
        assert!(s.contains("trend 50% 100% 75%"));
    }
}
