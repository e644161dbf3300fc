//! The dashboard's state: the loaded snapshot, which pane is active, each pane's cursor, filter and
//! sort, and the overlay (filter input, palette, help, detail) that has the keyboard.

use std::cell::Cell;

use super::action::Pane;
use super::detail::Detail;
use super::keymap::KeyMap;
use super::palette::PaletteState;
use super::rows::PaneRows;
use super::sort::Sorts;
use super::theme::Theme;
use crate::dashboard::Snapshot;
use crate::dashboard::heatmap::{self, Basis, HeatGrid};
use crate::domain::risk_scale::RiskScale;

/// Who has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    /// Typing a filter for the current pane.
    Filter,
    Palette,
    Help,
    Detail,
    /// A decision workflow has the keyboard.
    Flow,
    /// The audit log overlay.
    Audit,
    /// The triage list: providers needing attention.
    Triage,
}

/// A pane's position: the selected row (in the filtered, sorted view) and the first row shown.
#[derive(Debug, Default)]
pub struct Cursor {
    pub selected: usize,
    /// Kept by the view, which alone knows how many rows fit.
    pub offset: Cell<usize>,
    /// The screen line of the first row shown, kept by the view (0 until drawn): where a click
    /// lands.
    pub first_line: Cell<u16>,
}

/// The heatmap's selected cell and basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeatCursor {
    pub basis: Basis,
    pub probability: u8,
    pub impact: u8,
    /// The selected risk among those `[` `]` step through (wraps): see `App::risk_choices`.
    pub risk: usize,
    /// Whether the closed risks are listed (and selectable) under the cell's.
    pub show_closed: bool,
}

/// Which parts of the first load are in (`dashboard::Part`): each pane shows as soon as its rows
/// are; after any complete load, all of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Loaded {
    /// The tender pipeline's first rows are in (not yet every opportunity): how many there are.
    pub tenders_page: Option<usize>,
    pub tenders: bool,
    pub capacity: bool,
    /// Performance's first rows are in (not yet the whole list): how many the whole list has.
    pub performance_page: Option<usize>,
    /// The risk register.
    pub risks: bool,
    /// The summary strip.
    pub summary: bool,
    /// Performance's whole list, triage, the summary strip and the palette's members.
    pub rest: bool,
}

impl Loaded {
    pub const ALL: Loaded = Loaded {
        tenders_page: None,
        tenders: true,
        capacity: true,
        performance_page: None,
        risks: true,
        summary: true,
        rest: true,
    };

    pub fn pane(&self, pane: Pane) -> bool {
        match pane {
            Pane::Tenders => self.tenders || self.tenders_page.is_some(),
            Pane::Capacity => self.capacity,
            Pane::Performance => self.rest || self.performance_page.is_some(),
            Pane::Risks => self.risks,
        }
    }

    /// Only the pane's first rows are in: how many the whole list has.
    pub fn page_of(&self, pane: Pane) -> Option<usize> {
        match pane {
            Pane::Tenders if !self.tenders => self.tenders_page,
            Pane::Performance if !self.rest => self.performance_page,
            _ => None,
        }
    }
}

/// How the status bar begins while the day's scores are worked out.
const SCORING: &str = "Working out today's scores";

/// `Working out today's scores: 41% of 97,974 sub-contracts…`
fn scoring_progress(done: usize, total: usize) -> String {
    let pct = (done * 100).checked_div(total).unwrap_or(100);
    let total = crate::money::group_digits(&total.to_string());
    format!("{SCORING}: {pct}% of {total} sub-contracts…")
}

pub struct App {
    pub snapshot: Option<Snapshot>,
    /// What of the snapshot is in while the first load is still coming.
    pub loaded: Loaded,
    pub rows: PaneRows,
    pub pane: Pane,
    pub cursors: [Cursor; 4],
    pub filters: [String; 4],
    pub sorts: Sorts,
    pub heat: HeatCursor,
    /// The heatmap's gross and net grids over the risks the filter keeps, on the main scale:
    /// built when the risks or the filter change, not on every key.
    pub heat_grids: Option<(HeatGrid, HeatGrid)>,
    pub scales: Vec<RiskScale>,
    pub mode: Mode,
    pub zoom: bool,
    pub palette: PaletteState,
    /// The palette's entries for the snapshot shown, built on the first `:` after it came.
    palette_index: Option<std::rc::Rc<Vec<super::palette::Entry>>>,
    pub detail: Option<Detail>,
    pub detail_scroll: usize,
    pub help_scroll: usize,
    pub keymap: KeyMap,
    pub theme: Theme,
    /// The message in the status bar.
    pub status: String,
    /// Shown in the status bar: DEMO, READ-ONLY…
    pub badges: Vec<String>,
    pub db_label: String,
    /// The configured thresholds (top-slice cap…) the panes flag against.
    pub rules: crate::domain::Rules,
    /// The scorecard settings a member's detail bands its standing with.
    pub scoring: crate::scoring::ScoringConfig,
    pub quit: bool,
    /// Quit to open presentation mode (the dashboard comes back afterwards).
    pub present: bool,
    /// Opened read-only: no decision is offered anywhere.
    pub read_only: bool,
    /// The decision workflow in progress, when `mode` is `Flow`.
    pub flow: Option<Box<dyn super::flows::Flow>>,
    /// Where the dashboard goes when the workflow ends: back to triage if it began there.
    pub flow_return: Mode,
    /// Audit rows shown by the audit overlay, newest first, and the selected one.
    pub audit_rows: Vec<crate::store::audit::Row>,
    pub audit_selected: usize,
    pub audit_title: String,
    /// The audit log's `/` filter; `audit_selected` counts the rows it keeps.
    pub audit_filter: super::list_filter::ListFilter,
    /// The selected row of the triage list, among those its filter keeps.
    pub triage_selected: usize,
    pub triage_filter: super::list_filter::ListFilter,
    /// Rows the active table showed at the last draw, for PgUp/PgDn.
    pub page_rows: Cell<usize>,
}

impl App {
    pub fn new(keymap: KeyMap, theme: Theme, db_label: String) -> App {
        App {
            snapshot: None,
            loaded: Loaded::default(),
            rows: PaneRows::default(),
            pane: Pane::Tenders,
            cursors: Default::default(),
            filters: Default::default(),
            sorts: Sorts::default(),
            heat_grids: None,
            heat: HeatCursor {
                basis: Basis::Gross,
                show_closed: false,
                probability: 1,
                impact: 1,
                risk: 0,
            },
            scales: RiskScale::builtin(),
            mode: Mode::Normal,
            zoom: false,
            palette: PaletteState::default(),
            palette_index: None,
            detail: None,
            detail_scroll: 0,
            help_scroll: 0,
            keymap,
            theme,
            status: "Loading…".into(),
            badges: Vec::new(),
            db_label,
            rules: crate::domain::Rules::default(),
            scoring: crate::scoring::ScoringConfig::default(),
            quit: false,
            present: false,
            read_only: false,
            flow: None,
            flow_return: Mode::Normal,
            audit_rows: Vec::new(),
            audit_selected: 0,
            audit_title: String::new(),
            audit_filter: Default::default(),
            triage_selected: 0,
            triage_filter: Default::default(),
            page_rows: Cell::new(10),
        }
    }

    /// The triage rows the filter keeps, most urgent first.
    pub fn triage_rows(&self) -> Vec<&crate::scoring::triage::TriageRow> {
        let all = self
            .snapshot
            .as_ref()
            .map_or(&[][..], |s| s.triage.as_slice());
        self.triage_filter
            .view()
            .iter()
            .filter_map(|i| all.get(*i))
            .collect()
    }

    /// The audit rows the filter keeps, newest first.
    pub fn audit_view(&self) -> Vec<&crate::store::audit::Row> {
        self.audit_filter
            .view()
            .iter()
            .filter_map(|i| self.audit_rows.get(*i))
            .collect()
    }

    pub fn refilter_triage(&mut self) {
        let all = self
            .snapshot
            .as_ref()
            .map_or(&[][..], |s| s.triage.as_slice());
        self.triage_filter
            .rebuild(all.iter().map(super::list_words::triage_haystack));
        let n = self.triage_filter.view().len();
        self.triage_selected = self.triage_selected.min(n.saturating_sub(1));
    }

    pub fn refilter_audit(&mut self) {
        self.audit_filter.rebuild(
            self.audit_rows
                .iter()
                .map(super::list_words::audit_haystack),
        );
        let n = self.audit_filter.view().len();
        self.audit_selected = self.audit_selected.min(n.saturating_sub(1));
    }

    /// Selects the row drawn on screen line `y` of `pane`'s table, if one is; true if it did.
    pub fn click_row(&mut self, pane: Pane, y: u16) -> bool {
        let c = &self.cursors[pane.index()];
        let first = c.first_line.get();
        if pane == Pane::Risks || first == 0 || y < first {
            return false;
        }
        let row = c.offset.get() + usize::from(y - first);
        if row >= self.view_len(pane) {
            return false;
        }
        self.cursors[pane.index()].selected = row;
        true
    }

    /// Takes a freshly loaded snapshot, keeping each pane's filter, sort and (where it still
    /// exists) selection.
    pub fn set_snapshot(&mut self, snapshot: Snapshot) {
        let keep: Vec<Option<String>> = Pane::ALL.iter().map(|p| self.selected_key(*p)).collect();
        self.rows = PaneRows::default();
        self.palette_index = None;
        self.snapshot = Some(snapshot);
        self.loaded = Loaded::ALL;
        for pane in Pane::ALL {
            self.rebuild(pane);
            if let Some(k) = &keep[pane.index()] {
                self.select_key(pane, k);
            }
        }
        if self.status == "Loading…" {
            self.status.clear();
        }
        self.refilter_triage();
        self.fill_waiting_palette();
        self.keep_heat_cursor_on_the_grid();
        self.center_heat_cursor_if_unset();
    }

    /// A palette opened before every row was in takes its entries once they are.
    fn fill_waiting_palette(&mut self) {
        if self.mode == Mode::Palette && self.palette.waiting {
            let entries = self.palette_index();
            self.palette.fill(entries);
        }
    }

    /// Takes one part of the first load and shows it: its panes' rows (sorted and filtered as
    /// set), and once the rest is in, the strip, triage and the heatmap's cursor.
    pub fn set_part(&mut self, part: crate::dashboard::Part) {
        use crate::dashboard::Part;
        // A complete load already in (a reload overtook the first one) is newer than this part.
        if self.loaded == Loaded::ALL {
            return;
        }
        if let Part::Scoring { done, total } = part {
            // Said in place of "Loading…", never over a greeting or a message of the user's.
            if self.status == "Loading…" || self.status.starts_with(SCORING) {
                self.status = scoring_progress(done, total);
            }
            return;
        }
        let panes: &[Pane] = match &part {
            Part::Scoring { .. } => &[],
            Part::TendersPage { .. } | Part::Tenders(_) => &[Pane::Tenders],
            Part::Capacity(_) => &[Pane::Capacity],
            Part::PerformancePage { .. } => &[Pane::Performance],
            Part::Risks { .. } => &[Pane::Risks],
            Part::Summary(_) => &[],
            Part::Rest(_) => &[Pane::Performance],
        };
        match &part {
            Part::Scoring { .. } => {}
            // A page holding every opportunity is the whole list (in the pane's order).
            Part::TendersPage { rows, total, .. } if rows.len() == *total => {
                self.loaded.tenders = true
            }
            Part::TendersPage { total, .. } => self.loaded.tenders_page = Some(*total),
            Part::Tenders(_) => {
                self.loaded.tenders = true;
                self.loaded.tenders_page = None;
            }
            Part::Capacity(_) => self.loaded.capacity = true,
            Part::PerformancePage { total, .. } => self.loaded.performance_page = Some(*total),
            Part::Risks { .. } => self.loaded.risks = true,
            Part::Summary(_) => self.loaded.summary = true,
            Part::Rest(_) => {
                self.loaded.rest = true;
                self.loaded.performance_page = None;
            }
        }
        self.snapshot
            .get_or_insert_with(Snapshot::default)
            .take(part);
        for pane in panes {
            self.rows.forget(*pane);
            self.rebuild(*pane);
        }
        if panes.contains(&Pane::Risks) {
            self.keep_heat_cursor_on_the_grid();
            self.center_heat_cursor_if_unset();
        }
        if self.loaded.rest {
            self.refilter_triage();
            self.fill_waiting_palette();
        }
        if self.loaded == Loaded::ALL
            && (self.status == "Loading…" || self.status.starts_with(SCORING))
        {
            self.status.clear();
        }
    }

    /// The palette's entries: every command this session may run, and every member,
    /// opportunity and sub-contract of the snapshot; built once per snapshot.
    pub fn palette_index(&mut self) -> std::rc::Rc<Vec<super::palette::Entry>> {
        let read_only = self.read_only;
        let snapshot = self.snapshot.as_ref();
        self.palette_index
            .get_or_insert_with(|| {
                std::rc::Rc::new(PaletteState::build(snapshot, |a| {
                    !read_only || !super::commands::spec(a).is_some_and(|c| c.decision)
                }))
            })
            .clone()
    }

    /// The main scale follows the data: when a reload brings a smaller one, the cursor moves to
    /// its nearest cell rather than point past the grid.
    fn keep_heat_cursor_on_the_grid(&mut self) {
        let (mp, mi) = {
            let scale = self.heat_scale();
            (scale.max_probability(), scale.max_impact())
        };
        self.heat.probability = self.heat.probability.clamp(1, mp.max(1));
        self.heat.impact = self.heat.impact.clamp(1, mi.max(1));
    }

    pub fn cursor(&self) -> &Cursor {
        &self.cursors[self.pane.index()]
    }

    /// Rows in the current pane's filtered view.
    pub fn view_len(&self, pane: Pane) -> usize {
        self.rows.view(pane).len()
    }

    /// Re-applies the pane's filter and sort.
    pub fn rebuild(&mut self, pane: Pane) {
        if let Some(s) = &self.snapshot {
            self.rows
                .rebuild(s, pane, &self.filters[pane.index()], &self.sorts);
        }
        if pane == Pane::Risks {
            self.heat_grids = self.snapshot.as_ref().map(|s| {
                let keep = self.rows.view(Pane::Risks);
                let scale = heatmap::main_scale(&s.risks, &self.scales).unwrap_or(&self.scales[0]);
                (
                    HeatGrid::build_subset(&s.risks, keep, scale, Basis::Gross),
                    HeatGrid::build_subset(&s.risks, keep, scale, Basis::Net),
                )
            });
        }
        let len = self.view_len(pane);
        let c = &mut self.cursors[pane.index()];
        if c.selected >= len {
            c.selected = len.saturating_sub(1);
        }
    }

    /// The stable key (code) of the selected row in a pane.
    pub fn selected_key(&self, pane: Pane) -> Option<String> {
        let s = self.snapshot.as_ref()?;
        let idx = *self
            .rows
            .view(pane)
            .get(self.cursors[pane.index()].selected)?;
        Some(match pane {
            Pane::Tenders => s.tenders[idx].opportunity.code.clone(),
            Pane::Capacity => format!(
                "{}\u{1f}{}",
                s.capacity[idx].member, s.capacity[idx].service_line
            ),
            Pane::Performance => s.performance[idx].code.clone(),
            Pane::Risks => return None,
        })
    }

    /// Selects the row with this key (or, for capacity, the first row of this member).
    pub fn select_key(&mut self, pane: Pane, key: &str) -> bool {
        let Some(s) = &self.snapshot else {
            return false;
        };
        let pos = self.rows.view(pane).iter().position(|idx| match pane {
            Pane::Tenders => s.tenders[*idx].opportunity.code == key,
            Pane::Capacity => {
                let r = &s.capacity[*idx];
                match key.split_once('\u{1f}') {
                    Some((m, line)) => r.member == m && r.service_line == line,
                    None => r.member == key,
                }
            }
            Pane::Performance => s.performance[*idx].code == key,
            Pane::Risks => false,
        });
        match pos {
            Some(p) => {
                self.cursors[pane.index()].selected = p;
                true
            }
            None => false,
        }
    }

    /// Whether keys are going into a line of text (a filter or the palette), outside a decision.
    pub fn is_typing(&self) -> bool {
        match self.mode {
            Mode::Filter | Mode::Palette => true,
            Mode::Triage => self.triage_filter.typing,
            Mode::Audit => self.audit_filter.typing,
            _ => false,
        }
    }

    /// The scale the heatmap shows: the one most open risks use.
    pub fn heat_scale(&self) -> &RiskScale {
        if let Some((gross, _)) = &self.heat_grids {
            return &gross.scale;
        }
        let risks = self
            .snapshot
            .as_ref()
            .map(|s| s.risks.as_slice())
            .unwrap_or(&[]);
        crate::dashboard::heatmap::main_scale(risks, &self.scales).unwrap_or(&self.scales[0])
    }

    /// The heatmap grid for the current basis over the risks the pane's filter keeps.
    pub fn heat_grid(&self) -> Option<&HeatGrid> {
        let (gross, net) = self.heat_grids.as_ref()?;
        Some(match self.heat.basis {
            Basis::Gross => gross,
            Basis::Net => net,
        })
    }

    /// The risks `[` `]` step through, as indices into the snapshot's: the selected cell's, then
    /// those scored off the scale (to correct them), then the closed ones when shown (to reopen).
    pub fn risk_choices(&self, grid: &crate::dashboard::heatmap::HeatGrid) -> Vec<usize> {
        let at = |n: u8| usize::from(n).checked_sub(1);
        let cell = at(self.heat.probability)
            .zip(at(self.heat.impact))
            .and_then(|(p, i)| grid.cells.get(p)?.get(i))
            .map_or(&[][..], Vec::as_slice);
        let mut out = cell.to_vec();
        out.extend(&grid.off_scale);
        if self.heat.show_closed {
            out.extend(&grid.closed);
        }
        out
    }

    /// The selected risk: the cursor's pick among `risk_choices`.
    pub fn selected_risk(&self) -> Option<&crate::domain::Risk> {
        let s = self.snapshot.as_ref()?;
        let choices = self.risk_choices(self.heat_grid()?);
        if choices.is_empty() {
            return None;
        }
        Some(&s.risks[choices[self.heat.risk % choices.len()]])
    }

    /// Starts the heatmap cursor on the busiest cell.
    fn center_heat_cursor_if_unset(&mut self) {
        if self.heat.probability != 1 || self.heat.impact != 1 {
            return;
        }
        let Some(s) = &self.snapshot else { return };
        let grid = crate::dashboard::heatmap::HeatGrid::build(
            &s.risks,
            self.heat_scale(),
            self.heat.basis,
        );
        let mut best = (0usize, 1u8, 1u8);
        for p in 1..=grid.scale.max_probability() {
            for i in 1..=grid.scale.max_impact() {
                let n = grid.count(p, i);
                if n > best.0 {
                    best = (n, p, i);
                }
            }
        }
        self.heat.probability = best.1;
        self.heat.impact = best.2;
    }
}
