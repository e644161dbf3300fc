//! The Board content as plain, already-formatted data: one `Deck` of slides that both the
//! presentation and the pack render, so their figures are equal by construction.

use crate::domain::risk_scale::Severity;

#[derive(Debug, Clone, PartialEq)]
pub struct Deck {
    pub title: String,
    /// The date the figures are as of, UK form.
    pub as_of: String,
    pub redacted: bool,
    pub slides: Vec<Slide>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Slide {
    /// A stable name for the section (`headlines`, `pipeline`, …), used in CSV and anchors.
    pub id: &'static str,
    pub title: String,
    /// One line under the title saying what the slide shows.
    pub lead: String,
    pub body: Body,
    /// The list behind the slide, shown when it is drilled into (and in full in the pack).
    pub detail: Table,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Headline figures, drawn big on screen.
    Figures(Vec<Figure>),
    Table(Table),
    Heat(Heat),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub label: String,
    /// Formatted exactly as shown: `£1,234,567`, `62%`, `9.4:1`, `redacted`, `—`.
    pub value: String,
    pub note: String,
    /// Percentages by month, oldest first (empty when the figure has no trend).
    pub trend: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub title: String,
    pub headers: Vec<String>,
    /// Columns whose figures align right.
    pub right: Vec<bool>,
    pub rows: Vec<Vec<String>>,
    /// One trend per row, or none at all.
    pub trends: Vec<Vec<u32>>,
    /// What to say when there are no rows.
    pub empty: String,
}

impl Table {
    pub fn new(title: &str, columns: &[(&str, bool)], empty: &str) -> Table {
        Table {
            title: title.into(),
            headers: columns.iter().map(|(h, _)| (*h).to_string()).collect(),
            right: columns.iter().map(|(_, r)| *r).collect(),
            rows: Vec::new(),
            trends: Vec::new(),
            empty: empty.into(),
        }
    }
    pub fn has_trends(&self) -> bool {
        !self.trends.is_empty()
    }
}

/// The risk heatmap on one scale, as the dashboard draws it: highest impact first, probability
/// rising left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct Heat {
    /// `gross` or `net`.
    pub basis: String,
    pub scale_title: String,
    /// What the rows measure (impact, as on the dashboard: highest first) and the columns
    /// (probability, lowest first).
    pub row_axis: String,
    pub column_axis: String,
    pub column_labels: Vec<String>,
    pub rows: Vec<HeatRow>,
    /// Open risks scored outside the scale, as `code title (P×I)`: listed, never clipped.
    pub off_scale: Vec<String>,
    /// Open risks with no score on this basis yet.
    pub unscored: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HeatRow {
    pub label: String,
    pub cells: Vec<HeatCell>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeatCell {
    pub count: usize,
    pub severity: Option<Severity>,
}

impl HeatCell {
    /// The band letter (L, M, H, E), so the grid reads without colour.
    pub fn letter(&self) -> char {
        self.severity.map_or('?', Severity::letter)
    }
}

impl Slide {
    /// False when the list behind the slide is the slide's own table again (then a pack shows
    /// it once).
    pub fn detail_adds(&self) -> bool {
        match &self.body {
            Body::Table(t) => t.headers != self.detail.headers || t.rows != self.detail.rows,
            _ => !self.detail.headers.is_empty(),
        }
    }
}

impl Deck {
    /// Every formatted headline figure, for checking that the screen and pack agree.
    pub fn figures(&self) -> Vec<&Figure> {
        self.slides
            .iter()
            .filter_map(|s| match &s.body {
                Body::Figures(f) => Some(f.iter()),
                _ => None,
            })
            .flatten()
            .collect()
    }
}
