//! Input becomes an action; `handle_key`/`apply` change the state and return what the runner must
//! do outside it (load a detail from the store, reload everything).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Pane};
use super::app::{App, Mode};
use super::commands::{Scope, commands};
use super::keymap::Key;
use super::list_filter::FilterKey;
use super::palette::Target;
use crate::domain::EntityRef;
use crate::ops::DecisionKind;

/// Said when triage is asked for before the first load has every row.
const STILL_LOADING: &str = "Still loading the scores: triage opens once every row is in";

/// Work for the runner, which owns the database connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    /// Redraw only.
    Redraw,
    OpenDetail(DetailRequest),
    Reload,
    /// Start a decision on a record: those of `kinds` that apply (several share a key).
    Decide {
        kinds: Vec<DecisionKind>,
        subject: Option<EntityRef>,
    },
    /// Open the audit log, for everything or for one record.
    OpenAudit(Option<EntityRef>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DetailRequest {
    /// A member, opportunity or sub-contract.
    Record(EntityRef),
    RiskCell,
}

impl App {
    /// True when the action applies in the current pane.
    fn in_scope(&self, action: Action) -> bool {
        commands()
            .iter()
            .find(|c| c.action == action)
            .is_some_and(|c| match c.scope {
                Scope::Everywhere => true,
                Scope::Pane(p) => p == self.pane,
            })
    }

    pub fn handle_key(&mut self, ev: KeyEvent) -> Effect {
        match self.mode {
            Mode::Filter => self.filter_key(ev),
            Mode::Palette => self.palette_key(ev),
            Mode::Help => {
                let key = Key::from_event(&ev);
                let acts = self.keymap.actions(&key).to_vec();
                let page = self.page_rows.get().max(1);
                if acts.contains(&Action::Up) {
                    self.help_scroll = self.help_scroll.saturating_sub(1);
                } else if acts.contains(&Action::Down) {
                    self.help_scroll += 1;
                } else if acts.contains(&Action::PageUp) {
                    self.help_scroll = self.help_scroll.saturating_sub(page);
                } else if acts.contains(&Action::PageDown) {
                    self.help_scroll += page;
                } else if acts.contains(&Action::Home) {
                    self.help_scroll = 0;
                } else if acts.contains(&Action::End) {
                    // The view holds the scroll to the last page.
                    self.help_scroll = usize::MAX / 2;
                } else if acts.contains(&Action::Quit)
                    && ev.modifiers.contains(KeyModifiers::CONTROL)
                {
                    self.quit = true;
                } else {
                    self.mode = Mode::Normal;
                }
                Effect::Redraw
            }
            Mode::Flow => Effect::None,
            Mode::Triage => self.triage_key(ev),
            Mode::Audit => {
                match self.audit_filter.key(&ev) {
                    FilterKey::Changed => {
                        self.audit_selected = 0;
                        self.refilter_audit();
                        return Effect::Redraw;
                    }
                    FilterKey::Handled => return Effect::Redraw,
                    FilterKey::Ignored if self.audit_filter.typing => {
                        if !matches!(
                            ev.code,
                            KeyCode::Up | KeyCode::Down | KeyCode::PageUp | KeyCode::PageDown
                        ) {
                            return Effect::None;
                        }
                    }
                    FilterKey::Ignored => {}
                }
                let key = Key::from_event(&ev);
                let acts = self.keymap.actions(&key).to_vec();
                let last = self.audit_filter.view().len().saturating_sub(1);
                match acts.first() {
                    Some(Action::Up) => self.audit_selected = self.audit_selected.saturating_sub(1),
                    Some(Action::Down) => self.audit_selected = (self.audit_selected + 1).min(last),
                    Some(Action::PageUp) => {
                        self.audit_selected =
                            self.audit_selected.saturating_sub(self.page_rows.get())
                    }
                    Some(Action::PageDown) => {
                        self.audit_selected = (self.audit_selected + self.page_rows.get()).min(last)
                    }
                    Some(Action::Home) => self.audit_selected = 0,
                    Some(Action::End) => self.audit_selected = last,
                    Some(Action::Quit) => self.quit = true,
                    Some(Action::Open) => {
                        if let Some(row) = self.audit_view().get(self.audit_selected).copied() {
                            self.detail = Some(super::detail::audit_row(row));
                            self.detail_scroll = 0;
                            self.mode = Mode::Detail;
                        }
                    }
                    Some(Action::Back) | Some(Action::Audit) => self.mode = Mode::Normal,
                    _ => return Effect::None,
                }
                Effect::Redraw
            }
            Mode::Detail => {
                let key = Key::from_event(&ev);
                let acts = self.keymap.actions(&key).to_vec();
                match acts.first() {
                    Some(Action::Up) => self.detail_scroll = self.detail_scroll.saturating_sub(1),
                    Some(Action::Down) => self.detail_scroll += 1,
                    Some(Action::PageUp) => {
                        self.detail_scroll = self.detail_scroll.saturating_sub(self.page_rows.get())
                    }
                    Some(Action::PageDown) => self.detail_scroll += self.page_rows.get(),
                    Some(Action::Home) => self.detail_scroll = 0,
                    Some(Action::Quit) => self.quit = true,
                    Some(Action::Back) | Some(Action::Open) => {
                        self.mode = Mode::Normal;
                        self.detail = None;
                    }
                    Some(Action::Help) => self.mode = Mode::Help,
                    Some(Action::Audit) => return self.apply(Action::Audit),
                    _ => return Effect::None,
                }
                Effect::Redraw
            }
            Mode::Normal => {
                let key = Key::from_event(&ev);
                let actions: Vec<Action> = self
                    .keymap
                    .actions(&key)
                    .iter()
                    .copied()
                    .filter(|a| self.in_scope(*a))
                    .collect();
                let kinds: Vec<DecisionKind> = actions
                    .iter()
                    .filter_map(|a| match a {
                        Action::Decide(k) => Some(*k),
                        _ => None,
                    })
                    .collect();
                match actions.first() {
                    Some(Action::Decide(_)) => self.decision(kinds),
                    Some(a) => self.apply(*a),
                    None => Effect::None,
                }
            }
        }
    }

    pub fn apply(&mut self, action: Action) -> Effect {
        match action {
            Action::Quit => self.quit = true,
            Action::NextPane => self.focus(self.pane.next()),
            Action::PrevPane => self.focus(self.pane.prev()),
            Action::PaneTenders => self.focus(Pane::Tenders),
            Action::PaneCapacity => self.focus(Pane::Capacity),
            Action::PanePerformance => self.focus(Pane::Performance),
            Action::PaneRisks => self.focus(Pane::Risks),
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::Left => self.move_heat(-1, 0),
            Action::Right => self.move_heat(1, 0),
            Action::PageUp => self.move_by(-(self.page_rows.get().max(1) as i64)),
            Action::PageDown => self.move_by(self.page_rows.get().max(1) as i64),
            Action::Home => self.move_by(i64::MIN / 2),
            Action::End => self.move_by(i64::MAX / 2),
            Action::Open => return self.open_detail(),
            Action::Back => {
                if !self.filters[self.pane.index()].is_empty() {
                    self.set_filter(String::new());
                } else if self.zoom {
                    self.zoom = false;
                }
            }
            Action::Filter => self.mode = Mode::Filter,
            // Before every row is in the palette opens waiting: what is typed is kept.
            Action::Palette if !self.loaded.rest => {
                self.palette.open_waiting();
                self.mode = Mode::Palette;
            }
            Action::Triage if !self.loaded.rest => self.status = STILL_LOADING.into(),
            Action::Palette => {
                let entries = self.palette_index();
                self.palette.open(entries);
                self.mode = Mode::Palette;
            }
            Action::Help => {
                self.help_scroll = 0;
                self.mode = Mode::Help;
            }
            Action::Zoom => self.zoom = !self.zoom,
            Action::SortNext => {
                let sort = self.sorts.of_mut(self.pane);
                sort.next();
                let name = sort.label();
                self.rebuild(self.pane);
                self.status = format!("{}: sorted by {name}", self.pane.short());
            }
            Action::SortReverse => {
                self.sorts.of_mut(self.pane).reverse();
                self.rebuild(self.pane);
            }
            Action::ToggleBasis => {
                self.heat.basis = self.heat.basis.toggled();
                self.status = format!("Heatmap: {} scores", self.heat.basis.label());
            }
            Action::Refresh => {
                self.status = "Reloading…".into();
                return Effect::Reload;
            }
            Action::Audit => {
                let entity = if self.mode == Mode::Detail {
                    self.detail_entity()
                } else {
                    None
                };
                return Effect::OpenAudit(entity);
            }
            Action::Decide(kind) => return self.decision(vec![kind]),
            Action::Present => {
                self.present = true;
                self.quit = true;
            }
            Action::Triage => {
                self.triage_selected = 0;
                self.mode = Mode::Triage;
            }
            Action::NextRisk => self.step_risk(1),
            Action::PrevRisk => self.step_risk(-1),
            Action::ToggleClosed => {
                self.heat.show_closed = !self.heat.show_closed;
                self.heat.risk = 0;
                let n = self.heat_grid().map_or(0, |g| g.closed.len());
                self.status = if self.heat.show_closed {
                    format!("Closed risks shown: {n} (select with [ ], x reopens)")
                } else {
                    "Closed risks hidden".into()
                };
            }
        }
        Effect::Redraw
    }

    /// The record the selected row of the current pane stands for.
    pub fn selected_record(&self) -> Option<EntityRef> {
        let s = self.snapshot.as_ref()?;
        if self.pane == Pane::Risks {
            return self.selected_risk().map(|r| EntityRef::risk(&r.code));
        }
        let idx = *self.rows.view(self.pane).get(self.cursor().selected)?;
        Some(match self.pane {
            Pane::Tenders => EntityRef::opportunity(&s.tenders[idx].opportunity.code),
            Pane::Capacity => EntityRef::member(&s.capacity[idx].member),
            Pane::Performance => EntityRef::subcontract(&s.performance[idx].code),
            Pane::Risks => return None,
        })
    }

    /// Starts the decisions `kinds` on the selected row; each decision says for itself whether it
    /// applies there (the runner opens those that do).
    fn decision(&mut self, kinds: Vec<DecisionKind>) -> Effect {
        if self.read_only {
            self.status = "Read-only: decisions are not available".into();
            return Effect::Redraw;
        }
        // From the palette a decision may be chosen anywhere: it acts on its own pane's row.
        if let Some(pane) = kinds
            .first()
            .and_then(|k| k.spec().on)
            .and_then(super::commands::pane_of)
        {
            self.pane = pane;
        }
        let needs_subject = kinds.iter().any(|k| k.spec().subject.is_some());
        let subject = if needs_subject {
            match self.selected_record() {
                Some(r) => Some(r),
                None => {
                    self.status = if self.pane == Pane::Risks {
                        "No risk in this cell: move to a cell with risks, or n for a new one".into()
                    } else {
                        "Nothing selected".into()
                    };
                    return Effect::Redraw;
                }
            }
        } else {
            None
        };
        Effect::Decide { kinds, subject }
    }

    fn triage_key(&mut self, ev: KeyEvent) -> Effect {
        match self.triage_filter.key(&ev) {
            FilterKey::Changed => {
                self.triage_selected = 0;
                self.refilter_triage();
                return Effect::Redraw;
            }
            FilterKey::Handled => return Effect::Redraw,
            // While typing, only the arrows move the list; every other key is the filter's.
            FilterKey::Ignored if self.triage_filter.typing => {
                if !matches!(
                    ev.code,
                    KeyCode::Up | KeyCode::Down | KeyCode::PageUp | KeyCode::PageDown
                ) {
                    return Effect::None;
                }
            }
            FilterKey::Ignored => {}
        }
        let last = self.triage_filter.view().len().saturating_sub(1);
        let acts = self.keymap.actions(&Key::from_event(&ev)).to_vec();
        if ev.code == KeyCode::Char('s') && !self.read_only && !self.triage_filter.typing {
            return self.suspend_from_triage();
        }
        match acts.first() {
            Some(Action::Up) => self.triage_selected = self.triage_selected.saturating_sub(1),
            Some(Action::Down) => self.triage_selected = (self.triage_selected + 1).min(last),
            Some(Action::PageUp) => {
                self.triage_selected = self.triage_selected.saturating_sub(self.page_rows.get())
            }
            Some(Action::PageDown) => {
                self.triage_selected = (self.triage_selected + self.page_rows.get()).min(last)
            }
            Some(Action::Home) => self.triage_selected = 0,
            Some(Action::End) => self.triage_selected = last,
            Some(Action::Quit) => self.quit = true,
            Some(Action::Help) => self.mode = Mode::Help,
            Some(Action::Open) => {
                let rows = self.triage_rows();
                let row = rows.get(self.triage_selected);
                let req = row.map(|r| match &r.subcontract {
                    Some(code) => DetailRequest::Record(EntityRef::subcontract(code)),
                    None => DetailRequest::Record(EntityRef::member(&r.member)),
                });
                if let Some(req) = req {
                    return Effect::OpenDetail(req);
                }
            }
            Some(Action::Back) | Some(Action::Triage) => self.mode = Mode::Normal,
            _ => return Effect::None,
        }
        Effect::Redraw
    }

    /// `s` on a triage row opens the suspend workflow, evidence first.
    fn suspend_from_triage(&mut self) -> Effect {
        let rows = self.triage_rows();
        let row = rows.get(self.triage_selected).copied();
        match row {
            Some(r) => match &r.subcontract {
                Some(code) => Effect::Decide {
                    kinds: vec![DecisionKind::Suspend],
                    subject: Some(EntityRef::subcontract(code)),
                },
                None => {
                    self.status = format!(
                        "{} is listed for compliance, not a sub-contract: nothing to suspend",
                        r.member_name
                    );
                    Effect::Redraw
                }
            },
            None => {
                self.status = "Nothing selected".into();
                Effect::Redraw
            }
        }
    }

    /// The record the open detail view is about, for its audit trail.
    fn detail_entity(&self) -> Option<EntityRef> {
        self.detail.as_ref()?.entity.clone()
    }

    fn focus(&mut self, pane: Pane) {
        self.pane = pane;
    }

    fn move_by(&mut self, delta: i64) {
        if self.pane == Pane::Risks {
            // The grid draws the highest impact at the top, so moving up raises the impact.
            let d = delta.clamp(-100, 100) as i32;
            self.move_heat(0, -d);
            return;
        }
        let len = self.view_len(self.pane) as i64;
        let c = &mut self.cursors[self.pane.index()];
        let next = (c.selected as i64)
            .saturating_add(delta)
            .clamp(0, (len - 1).max(0));
        c.selected = next as usize;
    }

    /// `[` `]`: the previous or next of the risks they step through, wrapping at either end.
    fn step_risk(&mut self, by: isize) {
        let n = self.heat_grid().map_or(0, |g| self.risk_choices(g).len());
        if n == 0 {
            return;
        }
        let at = self.heat.risk % n;
        self.heat.risk = if by < 0 {
            (at + n - 1) % n
        } else {
            (at + 1) % n
        };
    }

    fn move_heat(&mut self, dp: i32, di: i32) {
        let scale = self.heat_scale();
        let (mp, mi) = (scale.max_probability() as i32, scale.max_impact() as i32);
        self.heat.risk = 0;
        self.heat.probability = (self.heat.probability as i32 + dp).clamp(1, mp) as u8;
        self.heat.impact = (self.heat.impact as i32 + di).clamp(1, mi) as u8;
    }

    fn open_detail(&mut self) -> Effect {
        if self.pane == Pane::Risks {
            return Effect::OpenDetail(DetailRequest::RiskCell);
        }
        match self.selected_record() {
            Some(r) => Effect::OpenDetail(DetailRequest::Record(r)),
            None => Effect::None,
        }
    }

    fn set_filter(&mut self, f: String) {
        self.filters[self.pane.index()] = f;
        self.cursors[self.pane.index()].selected = 0;
        self.rebuild(self.pane);
    }

    fn filter_key(&mut self, ev: KeyEvent) -> Effect {
        let mut f = self.filters[self.pane.index()].clone();
        match ev.code {
            KeyCode::Esc => {
                self.mode = Mode::Normal;
                f.clear();
            }
            KeyCode::Enter => {
                self.mode = Mode::Normal;
                return Effect::Redraw;
            }
            KeyCode::Backspace => {
                f.pop();
            }
            KeyCode::Up => {
                self.move_by(-1);
                return Effect::Redraw;
            }
            KeyCode::Down => {
                self.move_by(1);
                return Effect::Redraw;
            }
            KeyCode::Char('c') if ev.modifiers.contains(KeyModifiers::CONTROL) => {
                self.mode = Mode::Normal;
                f.clear();
            }
            // As in the forms and the triage and audit filters: Ctrl-U clears, Ctrl-W drops a word.
            KeyCode::Char('u') if ev.modifiers.contains(KeyModifiers::CONTROL) => f.clear(),
            KeyCode::Char('w') if ev.modifiers.contains(KeyModifiers::CONTROL) => {
                let kept = f.trim_end().rfind(' ').map_or(0, |i| i + 1);
                f.truncate(kept);
            }
            KeyCode::Char(c)
                if !c.is_control() && !ev.modifiers.contains(KeyModifiers::CONTROL) =>
            {
                f.push(c)
            }
            _ => return Effect::None,
        }
        self.set_filter(f);
        Effect::Redraw
    }

    fn palette_key(&mut self, ev: KeyEvent) -> Effect {
        match ev.code {
            KeyCode::Esc => self.mode = Mode::Normal,
            KeyCode::Char('c') if ev.modifiers.contains(KeyModifiers::CONTROL) => {
                self.mode = Mode::Normal
            }
            KeyCode::Up => self.palette.up(),
            KeyCode::Down | KeyCode::Tab => self.palette.down(),
            KeyCode::Backspace => {
                self.palette.query.pop();
                self.palette.refilter();
            }
            KeyCode::Enter if self.palette.waiting => self.palette.enter_held = true,
            KeyCode::Enter => {
                self.mode = Mode::Normal;
                if let Some(target) = self.palette.chosen().map(|e| e.target()) {
                    return self.go_to(target);
                }
            }
            KeyCode::Char(c) if !c.is_control() => {
                self.palette.query.push(c);
                self.palette.refilter();
            }
            _ => return Effect::None,
        }
        Effect::Redraw
    }

    /// Runs a command or jumps to a record chosen in the palette.
    pub fn go_to(&mut self, target: Target) -> Effect {
        let (pane, key) = match target {
            Target::Command(a) => return self.apply(a),
            Target::Member(code) => (Pane::Capacity, code),
            Target::Opportunity(code) => (Pane::Tenders, code),
            Target::SubContract(code) => (Pane::Performance, code),
        };
        self.pane = pane;
        if !self.select_key(pane, &key) {
            self.filters[pane.index()].clear();
            self.rebuild(pane);
            self.select_key(pane, &key);
        }
        self.status = format!("{}: {key}", pane.short());
        Effect::Redraw
    }
}
