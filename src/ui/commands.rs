//! The one list of commands: each action with its default keys, its name in the palette, its hint
//! and its help line. Key bindings, the `?` help, the hint bar and the palette are all built from it,
//! so they never disagree. The decisions come from the register, so a decision added there is
//! offered here with no further line.

use std::sync::OnceLock;

use super::action::{Action, Pane};
use crate::domain::Entity;
use crate::ops::DecisionKind;

/// Where a command applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Everywhere,
    /// Only in this pane.
    Pane(Pane),
}

#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    pub action: Action,
    /// Default keys, in the config file's notation.
    pub keys: &'static [&'static str],
    /// Name in the command palette and in config files.
    pub name: &'static str,
    /// Short label for the key-hint bar; empty to leave it out of the bar.
    pub hint: &'static str,
    pub help: &'static str,
    pub scope: Scope,
    /// Offered in the command palette.
    pub in_palette: bool,
    /// Changes the database: removed from keys, palette and help in read-only mode.
    pub decision: bool,
}

const fn cmd(
    action: Action,
    keys: &'static [&'static str],
    name: &'static str,
    hint: &'static str,
    help: &'static str,
    scope: Scope,
    in_palette: bool,
) -> CommandSpec {
    CommandSpec {
        action,
        keys,
        name,
        hint,
        help,
        scope,
        in_palette,
        decision: false,
    }
}

use Scope::Everywhere;

#[rustfmt::skip]
const FIXED: &[CommandSpec] = &[
    cmd(Action::Help, &["?"], "help", "help", "Show this help", Everywhere, true),
    cmd(Action::Palette, &[":"], "palette", "jump", "Command palette: commands, members, opportunities, sub-contracts", Everywhere, false),
    cmd(Action::Filter, &["/"], "filter", "filter", "Filter the current pane (Esc clears)", Everywhere, true),
    cmd(Action::NextPane, &["tab"], "next pane", "pane", "Next pane", Everywhere, true),
    cmd(Action::PrevPane, &["backtab"], "previous pane", "", "Previous pane", Everywhere, true),
    cmd(Action::PaneTenders, &["1"], "tenders", "", "Go to tender opportunities", Everywhere, true),
    cmd(Action::PaneCapacity, &["2"], "capacity", "", "Go to member capacity", Everywhere, true),
    cmd(Action::PanePerformance, &["3"], "performance", "", "Go to sub-contract performance", Everywhere, true),
    cmd(Action::PaneRisks, &["4"], "risks", "", "Go to the risk heatmap", Everywhere, true),
    cmd(Action::Up, &["up", "k"], "up", "", "Move up", Everywhere, false),
    cmd(Action::Down, &["down", "j"], "down", "", "Move down", Everywhere, false),
    cmd(Action::Left, &["left", "h"], "left", "", "Move left (heatmap cells)", Scope::Pane(Pane::Risks), false),
    cmd(Action::Right, &["right", "l"], "right", "", "Move right (heatmap cells)", Scope::Pane(Pane::Risks), false),
    cmd(Action::PageUp, &["pageup"], "page up", "", "Page up", Everywhere, false),
    cmd(Action::PageDown, &["pagedown"], "page down", "", "Page down", Everywhere, false),
    cmd(Action::Home, &["home"], "first", "", "First row", Everywhere, false),
    cmd(Action::End, &["end"], "last", "", "Last row", Everywhere, false),
    cmd(Action::Open, &["enter"], "open", "open", "Open the detail of the selected row or cell", Everywhere, false),
    cmd(Action::Back, &["esc"], "back", "", "Back: close the detail, help or palette; clear the filter", Everywhere, false),
    cmd(Action::Zoom, &["z"], "zoom", "zoom", "Zoom the current pane to full screen (again to return)", Everywhere, true),
    cmd(Action::SortNext, &["o"], "sort", "sort", "Sort by the next column", Everywhere, true),
    cmd(Action::SortReverse, &["O"], "reverse sort", "", "Reverse the sort order", Everywhere, true),
    cmd(Action::ToggleBasis, &["g"], "gross/net", "gross/net", "Switch the heatmap between gross and net scores", Scope::Pane(Pane::Risks), true),
    cmd(Action::Refresh, &["r"], "refresh", "", "Reload from the database", Everywhere, true),
    cmd(Action::Triage, &["T"], "triage", "triage", "Triage: providers needing attention, most urgent first, and why (s suspends from a row)", Everywhere, true),
    cmd(Action::Present, &["P"], "present", "", "Presentation mode for the Board: read-only slides (q returns here)", Everywhere, true),
    cmd(Action::Audit, &["A"], "audit", "", "Audit log: every decision with time, actor, reason, before and after", Everywhere, true),
    cmd(Action::NextRisk, &["]"], "next risk", "", "Select the next risk in the cell (its gross and net cells are marked ●)", Scope::Pane(Pane::Risks), false),
    cmd(Action::PrevRisk, &["["], "previous risk", "", "Select the previous risk in the cell", Scope::Pane(Pane::Risks), false),
    cmd(Action::ToggleClosed, &["c"], "closed risks", "", "Show or hide the closed risks under the cell's, to select one ([ ]) and reopen it (x)", Scope::Pane(Pane::Risks), true),
    cmd(Action::Quit, &["q", "ctrl+c"], "quit", "quit", "Quit", Everywhere, true),
];

/// The pane a decision on these records is offered in.
pub fn pane_of(e: Entity) -> Option<Pane> {
    match e {
        Entity::Opportunity => Some(Pane::Tenders),
        Entity::Member => Some(Pane::Capacity),
        Entity::SubContract => Some(Pane::Performance),
        Entity::Risk => Some(Pane::Risks),
        Entity::Claim | Entity::Database => None,
    }
}

/// A decision's command, if the dashboard offers it.
fn decision(kind: DecisionKind) -> Option<CommandSpec> {
    let s = kind.spec();
    let pane = pane_of(s.on?)?;
    if s.keys.is_empty() {
        return None;
    }
    Some(CommandSpec {
        action: Action::Decide(kind),
        keys: s.keys,
        name: s.name,
        hint: s.hint,
        help: s.about,
        scope: Scope::Pane(pane),
        in_palette: true,
        decision: true,
    })
}

/// Every command: the fixed ones, then each decision the dashboard offers, before `quit`.
pub fn commands() -> &'static [CommandSpec] {
    static ALL: OnceLock<Vec<CommandSpec>> = OnceLock::new();
    ALL.get_or_init(|| {
        let (quit, rest): (Vec<CommandSpec>, Vec<CommandSpec>) =
            FIXED.iter().partition(|c| c.action == Action::Quit);
        rest.into_iter()
            .chain(DecisionKind::ALL.iter().filter_map(|k| decision(*k)))
            .chain(quit)
            .collect()
    })
}

pub fn spec(action: Action) -> Option<&'static CommandSpec> {
    commands().iter().find(|c| c.action == action)
}

/// The action a config file names (`quit`, `sort`, `suspend`): a command's name with `_` for
/// spaces, or a decision's name.
pub fn action_named(name: &str) -> Option<Action> {
    // Names earlier config files used for decisions now named by the register.
    const RENAMED: &[(&str, &str)] = &[
        ("new_risk", "risk_add"),
        ("edit_risk", "risk_edit"),
        ("close_risk", "risk_close"),
        ("early_warning", "warn"),
        ("improve", "improvement_add"),
    ];
    let name = RENAMED
        .iter()
        .find(|(old, _)| *old == name.trim())
        .map_or(name, |(_, new)| new);
    let wanted = name.trim().replace('_', " ");
    commands()
        .iter()
        .find(|c| c.name == name.trim() || c.name == wanted || snake(c.action) == name.trim())
        .map(|c| c.action)
}

/// The snake_case name of a fixed action (`next_pane`), as earlier config files wrote it.
fn snake(a: Action) -> String {
    let debug = format!("{a:?}");
    let mut out = String::new();
    for (i, ch) in debug.chars().enumerate() {
        if ch.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(ch.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[rustfmt::skip]
    fn every_action_has_exactly_one_command() {
        let actions = [
            Action::Quit, Action::NextPane, Action::PrevPane, Action::PaneTenders, Action::PaneCapacity,
            Action::PanePerformance, Action::PaneRisks, Action::Up, Action::Down, Action::Left,
            Action::Right, Action::PageUp, Action::PageDown, Action::Home, Action::End, Action::Open,
            Action::Back, Action::Filter, Action::Palette, Action::Help, Action::Zoom, Action::SortNext,
            Action::SortReverse, Action::ToggleBasis, Action::Refresh, Action::Audit,
            Action::NextRisk, Action::PrevRisk, Action::ToggleClosed, Action::Triage, Action::Present,
        ];
        for a in actions {
            assert_eq!(
                commands().iter().filter(|c| c.action == a).count(),
                1,
                "{a:?}"
            );
        }
        let offered = DecisionKind::ALL
            .iter()
            .filter(|k| !k.spec().keys.is_empty() && k.spec().on.is_some())
            .count();
        assert_eq!(commands().len(), actions.len() + offered);
        assert!(offered >= 12, "{offered} decisions offered");
    }

    #[test]
    fn every_action_the_example_config_names_is_an_action() {
        let text = include_str!("../../fixtures/config.example.toml");
        let listed: String = text
            .lines()
            .skip_while(|l| !l.starts_with("# Actions:"))
            .take_while(|l| l.starts_with('#'))
            .collect::<Vec<_>>()
            .join(" ");
        let names: Vec<&str> = listed
            .split([' ', ',', ';', ':', '.', '#'])
            .filter(|w| w.chars().all(|c| c.is_ascii_lowercase() || c == '_') && w.len() > 1)
            .filter(|w| {
                ![
                    "actions",
                    "and",
                    "each",
                    "decision",
                    "by",
                    "its",
                    "name",
                    "on",
                    "the",
                    "same",
                    "records",
                    "may",
                    "share",
                    "key",
                    "dashboard",
                    "offers",
                    "those",
                    "that",
                    "apply",
                ]
                .contains(w)
            })
            .collect();
        assert!(names.len() > 40, "{names:?}");
        for n in &names {
            assert!(action_named(n).is_some(), "{n} is listed but is no action");
        }
        // And the other way: every decision a key can reach is listed by its name.
        for k in DecisionKind::ALL
            .iter()
            .filter(|k| !k.spec().keys.is_empty())
        {
            let name = k.spec().name;
            assert!(
                names.contains(&name),
                "the example config's action list leaves out {name}"
            );
        }
    }

    #[test]
    fn config_names_reach_fixed_actions_and_decisions() {
        assert_eq!(action_named("quit"), Some(Action::Quit));
        assert_eq!(action_named("next_pane"), Some(Action::NextPane));
        assert_eq!(action_named("sort_reverse"), Some(Action::SortReverse));
        assert_eq!(
            action_named("suspend"),
            Some(Action::Decide(DecisionKind::Suspend))
        );
        assert_eq!(
            action_named("risk_close"),
            Some(Action::Decide(DecisionKind::RiskClose))
        );
        assert_eq!(action_named("no_such_thing"), None);
    }
}
