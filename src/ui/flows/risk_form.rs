//! Adding or editing a risk from the keyboard: one form of labelled fields (↑↓ or Tab to move,
//! type to edit), then a review of exactly what will be stored — a score outside its scale is
//! accepted and flagged, never clipped — and `y` to save with an audit row.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::text::Line;

use super::input::TextField;
use super::{Flow, FlowEnv, FlowStep};
use crate::domain::{EntityKind, Risk};
use crate::ops::{self, RiskAddRequest, RiskEditRequest, RiskFields};
use crate::ui::theme::Theme;

const LABELS: [&str; 14] = [
    "Title",
    "Category (financial, governance, service, reputational, or your own)",
    "Owner",
    "Scale (e.g. knowsley, nhs5x5)",
    "Gross probability",
    "Gross impact",
    "Preventative controls",
    "Curative controls",
    "Net probability (blank until judged)",
    "Net impact (blank until judged)",
    "Review date (YYYY-MM-DD)",
    "Concerns (consortium, member, subcontract, opportunity)",
    "Linked code (member, sub-contract or opportunity)",
    "Reason for the change (recorded in the audit log)",
];

pub struct RiskFormFlow {
    /// The risk being edited, as the screen showed it; `None` for a new one.
    original: Option<Risk>,
    fields: Vec<TextField>,
    focus: usize,
    review: Option<Vec<String>>,
    error: Option<String>,
}

impl RiskFormFlow {
    pub fn new(default_scale: &str, today: chrono::NaiveDate) -> RiskFormFlow {
        let review = crate::dates::iso(crate::dates::add_months(today, 3));
        let values = [
            "",
            "",
            "",
            default_scale,
            "",
            "",
            "",
            "",
            "",
            "",
            &review,
            "consortium",
            "",
            "",
        ];
        RiskFormFlow {
            original: None,
            fields: values.iter().map(|v| TextField::with(v)).collect(),
            focus: 0,
            review: None,
            error: None,
        }
    }

    pub fn edit(risk: &Risk) -> RiskFormFlow {
        let f = RiskFields::of(risk);
        let (np, ni) = f.net.map_or((String::new(), String::new()), |(p, i)| {
            (p.to_string(), i.to_string())
        });
        let values = [
            f.title,
            f.category,
            f.owner,
            f.scale,
            f.gross_probability.to_string(),
            f.gross_impact.to_string(),
            f.preventative_controls,
            f.curative_controls,
            np,
            ni,
            f.review_date,
            f.entity_kind.code().to_string(),
            f.entity_code.unwrap_or_default(),
            String::new(),
        ];
        RiskFormFlow {
            original: Some(risk.clone()),
            fields: values.iter().map(|v| TextField::with(v)).collect(),
            focus: 0,
            review: None,
            error: None,
        }
    }

    fn value(&self, i: usize) -> &str {
        self.fields[i].value()
    }

    fn level(&self, i: usize) -> Result<u8, String> {
        self.value(i)
            .parse::<u8>()
            .map_err(|_| format!("{}: '{}' is not a whole number", LABELS[i], self.value(i)))
    }

    fn risk_fields(&self) -> Result<RiskFields, String> {
        let net = match (self.value(8).is_empty(), self.value(9).is_empty()) {
            (true, true) => None,
            (false, false) => Some((self.level(8)?, self.level(9)?)),
            _ => {
                return Err(
                    "Give the net probability and net impact together, or leave both blank.".into(),
                );
            }
        };
        let entity_kind: EntityKind = self.value(11).parse()?;
        Ok(RiskFields {
            title: self.value(0).to_string(),
            category: self.value(1).to_string(),
            owner: self.value(2).to_string(),
            scale: self.value(3).to_string(),
            gross_probability: self.level(4)?,
            gross_impact: self.level(5)?,
            preventative_controls: self.value(6).to_string(),
            curative_controls: self.value(7).to_string(),
            net,
            review_date: self.value(10).to_string(),
            entity_kind,
            entity_code: Some(self.value(12).to_string()).filter(|c| !c.is_empty()),
        })
    }

    /// Plans the change; on success shows the review, on failure the reason.
    fn plan(&mut self, env: &FlowEnv) {
        let fields = match self.risk_fields() {
            Ok(f) => f,
            Err(e) => {
                self.error = Some(e);
                return;
            }
        };
        let by = super::decider(env.clock, env.actor, env.config);
        let scales = env.config.scales();
        let reason = self.value(13).to_string();
        let conn = env.store.conn();
        let planned = match &self.original {
            None => ops::plan_add_risk(
                conn,
                &by,
                &scales,
                RiskAddRequest {
                    code: None,
                    fields,
                    reason,
                },
            )
            .map(|p| describe(&p.risk, "add")),
            Some(orig) => ops::plan_edit_risk(
                conn,
                &by,
                &scales,
                RiskEditRequest {
                    code: orig.code.clone(),
                    fields,
                    reason,
                    expected: Some(orig.clone()),
                },
            )
            .map(|p| describe(&p.after, "edit")),
        };
        match planned {
            Ok(lines) => self.review = Some(lines),
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    fn commit(&mut self, env: &mut FlowEnv) -> FlowStep {
        let fields = match self.risk_fields() {
            Ok(f) => f,
            Err(e) => {
                self.error = Some(e);
                return FlowStep::Stay;
            }
        };
        let by = super::decider(env.clock, env.actor, env.config);
        let scales = env.config.scales();
        let reason = self.value(13).to_string();
        let result = match &self.original {
            None => ops::plan_add_risk(
                env.store.conn(),
                &by,
                &scales,
                RiskAddRequest {
                    code: None,
                    fields,
                    reason,
                },
            )
            .and_then(|p| ops::commit_add_risk(env.store, &by, &p)),
            Some(orig) => ops::plan_edit_risk(
                env.store.conn(),
                &by,
                &scales,
                RiskEditRequest {
                    code: orig.code.clone(),
                    fields,
                    reason,
                    expected: Some(orig.clone()),
                },
            )
            .and_then(|p| ops::commit_edit_risk(env.store, &by, &p)),
        };
        match result {
            Ok(out) => FlowStep::Done {
                status: format!("Saved risk {} (audit #{})", out.risk.code, out.audit_id),
                next: None,
            },
            Err(e) => {
                self.review = None;
                self.error = Some(e.to_string());
                FlowStep::Stay
            }
        }
    }
}

fn describe(r: &Risk, verb: &str) -> Vec<String> {
    let net = match (r.net_probability, r.net_impact) {
        (Some(p), Some(i)) => format!("{p} × {i} = {}", u32::from(p) * u32::from(i)),
        _ => "not judged yet".into(),
    };
    vec![
        format!("This will {verb} risk {} — {}:", r.code, r.title),
        format!("  {} · owner {} · scale {}", r.category, r.owner, r.scale),
        format!(
            "  gross {} × {} = {} · net {net}",
            r.gross_probability,
            r.gross_impact,
            r.gross_score()
        ),
        format!(
            "  review {} · concerns {} {}",
            crate::dates::display(r.review_date),
            r.entity_kind.label(),
            r.entity_code.as_deref().unwrap_or("")
        ),
        "  and its audit row. Press y to save, Esc to go back to the form.".into(),
    ]
}

impl Flow for RiskFormFlow {
    fn title(&self) -> String {
        match &self.original {
            None => "New risk".into(),
            Some(r) => format!("Edit risk {} — {}", r.code, r.title),
        }
    }

    fn body(&self, t: &Theme, _width: usize) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        if let Some(review) = &self.review {
            out.extend(review.iter().map(|l| Line::raw(l.clone())));
        } else {
            for (i, (label, f)) in LABELS.iter().zip(&self.fields).enumerate() {
                let sel = i == self.focus;
                let shown = if sel { f.shown() } else { f.text.clone() };
                out.push(Line::styled(
                    format!("{} {label}: {shown}", if sel { "▶" } else { " " }),
                    if sel { t.selected } else { t.base },
                ));
            }
        }
        if let Some(e) = &self.error {
            out.push(Line::styled(e.clone(), t.danger));
        }
        out
    }

    fn hint(&self) -> String {
        if self.review.is_some() {
            "y save · Esc back to the form".into()
        } else {
            "↑↓ Tab move · type to edit · Enter review (on the last field) · Ctrl-S review · Esc cancel".into()
        }
    }

    fn on_key(&mut self, key: KeyEvent, env: &mut FlowEnv) -> FlowStep {
        if self.review.is_some() {
            return match key.code {
                KeyCode::Char('y') => self.commit(env),
                KeyCode::Esc => {
                    self.review = None;
                    FlowStep::Stay
                }
                _ => FlowStep::Stay,
            };
        }
        self.error = None;
        let last = self.fields.len() - 1;
        match key.code {
            KeyCode::Esc => return FlowStep::Cancel,
            KeyCode::Up | KeyCode::BackTab => self.focus = self.focus.saturating_sub(1),
            KeyCode::Down | KeyCode::Tab => self.focus = (self.focus + 1).min(last),
            KeyCode::Enter if self.focus < last => self.focus += 1,
            KeyCode::Enter => self.plan(env),
            KeyCode::Char('s') if key.modifiers.contains(KeyModifiers::CONTROL) => self.plan(env),
            _ => {
                self.fields[self.focus].edit(&key);
            }
        }
        FlowStep::Stay
    }
}
