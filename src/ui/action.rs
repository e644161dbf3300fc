//! Everything the user can ask of the dashboard, as one enum. Keys, the command palette, the help
//! overlay and the key-hint bar all map onto these; config files name them in snake_case (a
//! decision by its name in the register: `suspend`, `risk_add`).

use crate::ops::DecisionKind;

/// The four panes, in their number order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    Tenders,
    Capacity,
    Performance,
    Risks,
}

impl Pane {
    pub const ALL: [Pane; 4] = [
        Pane::Tenders,
        Pane::Capacity,
        Pane::Performance,
        Pane::Risks,
    ];

    pub fn index(self) -> usize {
        match self {
            Pane::Tenders => 0,
            Pane::Capacity => 1,
            Pane::Performance => 2,
            Pane::Risks => 3,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Pane::Tenders => "Tender opportunities",
            Pane::Capacity => "Member capacity",
            Pane::Performance => "Sub-contract performance",
            Pane::Risks => "Risk heatmap",
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            Pane::Tenders => "Tenders",
            Pane::Capacity => "Capacity",
            Pane::Performance => "Performance",
            Pane::Risks => "Risks",
        }
    }

    pub fn next(self) -> Pane {
        Pane::ALL[(self.index() + 1) % 4]
    }

    pub fn prev(self) -> Pane {
        Pane::ALL[(self.index() + 3) % 4]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Quit,
    NextPane,
    PrevPane,
    PaneTenders,
    PaneCapacity,
    PanePerformance,
    PaneRisks,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Open,
    Back,
    Filter,
    Palette,
    Help,
    Zoom,
    SortNext,
    SortReverse,
    ToggleBasis,
    Refresh,
    Audit,
    NextRisk,
    PrevRisk,
    ToggleClosed,
    Triage,
    Present,
    /// A decision from the register, on the selected row.
    Decide(DecisionKind),
}
