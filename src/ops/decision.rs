//! What a decision is. Each decision is one type implementing `Decision`, in its own module: its
//! typed request (read field by field from what a person typed), its plan (every check with its
//! figures, exactly what will be written, and the records as read), and the write of that plan.
//! The pipeline (`pipeline.rs`) runs every decision the same way, and both front ends drive it
//! generically from the decision's `Spec`.

use rusqlite::Connection;
use serde::Serialize;

use super::fields::{Field, Values};
use super::{Decider, Pick};
use crate::domain::checks::Check;
use crate::domain::{Entity, EntityRef};
use crate::error::Result;
use crate::store::audit::Entry;

/// How a person confirms a plan in the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// Press `y`.
    Key,
    /// Type the code of the record, because the decision destroys something or moves money.
    Typed,
}

/// Whether the decision needs a reason in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReasonRule {
    /// Every decision records why it was made; this is the rule for all but bulk loads.
    Required,
    /// A reason may be given and is recorded; without one the audit row says what was done.
    Optional,
}

/// What the front ends need to know to offer a decision: its names, where it lives on the command
/// line and in the dashboard, and the fields of its request.
#[derive(Debug)]
pub struct Spec {
    /// The decision's name in JSON, the config file's `[keys]` and messages (`suspend`).
    pub name: &'static str,
    /// A title for the dashboard's popup and the command-line help (`Suspend a sub-contract`).
    pub title: &'static str,
    /// One or two sentences of help.
    pub about: &'static str,
    /// The command words (`["risk", "add"]`); decisions may share words, told apart by `route`.
    pub command: &'static [&'static str],
    /// On shared command words: the field whose presence chooses this decision (`joint`).
    pub route: Option<&'static str>,
    /// The record the dashboard acts on (the selected row), if any.
    pub subject: Option<Entity>,
    /// The records (a pane of the dashboard) it is offered on, if it is offered there.
    pub on: Option<Entity>,
    /// Its default keys in the dashboard (none: not offered there); decisions on the same records
    /// may share a key, and the dashboard then offers those that apply.
    pub keys: &'static [&'static str],
    /// Its label in the dashboard's key-hint bar; empty to leave it out of the bar.
    pub hint: &'static str,
    /// The request's fields, in the order a form shows them.
    pub fields: &'static [Field],
    pub confirm: Confirm,
    pub reason: ReasonRule,
    /// Whether failed checks may be overridden with a written reason.
    pub overridable: bool,
    /// Whether it may create the database file when there is none (an import may).
    pub creates_database: bool,
}

impl Spec {
    /// A decision with its names, command words and fields: confirmed with `y`, a reason
    /// required, no override, not offered in the dashboard until `acting_on` and `keys` say so.
    pub const fn new(
        name: &'static str,
        title: &'static str,
        about: &'static str,
        command: &'static [&'static str],
        fields: &'static [Field],
    ) -> Spec {
        Spec {
            name,
            title,
            about,
            command,
            route: None,
            subject: None,
            on: None,
            keys: &[],
            hint: "",
            fields,
            confirm: Confirm::Key,
            reason: ReasonRule::Required,
            overridable: false,
            creates_database: false,
        }
    }

    /// Acts on the selected record of this kind, in its pane.
    pub const fn acting_on(mut self, kind: Entity) -> Spec {
        self.subject = Some(kind);
        self.on = Some(kind);
        self
    }

    /// Offered in this kind's pane without acting on a selected record (a new risk).
    pub const fn offered_on(mut self, kind: Entity) -> Spec {
        self.on = Some(kind);
        self
    }

    pub const fn keys(mut self, keys: &'static [&'static str], hint: &'static str) -> Spec {
        self.keys = keys;
        self.hint = hint;
        self
    }

    /// Chosen on shared command words by the presence of this field.
    pub const fn route(mut self, field: &'static str) -> Spec {
        self.route = Some(field);
        self
    }

    /// Confirmed by typing the record's code: it destroys something or moves money.
    pub const fn typed(mut self) -> Spec {
        self.confirm = Confirm::Typed;
        self
    }

    pub const fn overridable(mut self) -> Spec {
        self.overridable = true;
        self
    }

    pub const fn reason_optional(mut self) -> Spec {
        self.reason = ReasonRule::Optional;
        self
    }

    pub const fn creates_database(mut self) -> Spec {
        self.creates_database = true;
        self
    }

    pub fn field(&self, key: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.key == key)
    }
}

/// A plan as a person reads it: the figures, every check, and what will be written. The command
/// line prints it, `--json` carries it, the dashboard shows it: one rendering source.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Sheet {
    pub title: String,
    /// The figures the decision rests on.
    pub facts: Vec<String>,
    pub checks: Vec<Check>,
    /// Exactly what will be written, one line each.
    pub writes: Vec<String>,
    /// The code a person types to confirm, where the decision destroys something or moves money.
    pub confirm_code: Option<String>,
}

impl Sheet {
    pub fn failed(&self) -> Vec<&Check> {
        self.checks.iter().filter(|c| !c.passed).collect()
    }

    /// Failed checks no override can set aside.
    pub fn blocking(&self) -> Vec<&Check> {
        self.checks.iter().filter(|c| c.is_blocking()).collect()
    }

    /// Every line of the sheet in reading order, as the command line prints it.
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![self.title.clone()];
        out.extend(self.facts.iter().cloned());
        if !self.checks.is_empty() {
            out.push("checks:".into());
            out.extend(self.checks.iter().map(|c| format!("  {}", c.line())));
        }
        if !self.writes.is_empty() {
            out.push("will write, in one transaction with its audit row:".into());
            out.extend(self.writes.iter().map(|w| format!("  {w}")));
        }
        out
    }
}

/// Why the decision is made, as the person gave it: recorded on every audit row it writes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Why {
    pub reason: String,
    /// Given to proceed despite failed checks.
    pub override_reason: Option<String>,
}

/// What a decision's write produced: its outcome and the audit rows to append with it.
pub struct Written<O> {
    pub outcome: O,
    /// At least one: every state change records itself.
    pub audit: Vec<Entry>,
}

/// Before the form: whether the decision applies to the record at all, what a person should read
/// first (the evidence for a suspension), and the values to start the form with.
#[derive(Debug, Clone, Default)]
pub struct Opening {
    pub context: Vec<String>,
    pub prefill: Values,
}

pub trait Decision: Sized + 'static {
    type Request: Clone + std::fmt::Debug + Serialize + serde::de::DeserializeOwned;
    type Plan: Clone + std::fmt::Debug + PartialEq + Serialize;
    type Outcome: std::fmt::Debug + Serialize;

    /// A bulk load (an import): its transaction keeps each statement's rollback journal in
    /// memory, since every row's insert writes one and a journal on disk costs a write per page.
    const BULK: bool = false;

    fn spec() -> &'static Spec;

    /// Reads a request from typed values (command-line flags or a form), naming the field at fault.
    fn request(values: &Values) -> Result<Self::Request>;

    /// Whether the decision applies to `subject`, with what to show first and pre-filled values.
    fn open(_conn: &Connection, _by: &Decider, subject: Option<&EntityRef>) -> Result<Opening> {
        let mut prefill = Values::default();
        if let (Some(s), Some(f)) = (subject, Self::spec().fields.first()) {
            prefill.set(f.key, &s.code);
        }
        Ok(Opening {
            context: Vec::new(),
            prefill,
        })
    }

    /// What a person may choose from for a field (members with headroom, …); empty for free text.
    fn choices(_conn: &Connection, _by: &Decider, _field: &str, _v: &Values) -> Result<Vec<Pick>> {
        Ok(Vec::new())
    }

    /// Checks the request against the records and works out exactly what would be written. Reads
    /// only. The plan holds the request as it will be committed (codes to be created filled in).
    fn plan(conn: &Connection, by: &Decider, request: &Self::Request) -> Result<Self::Plan>;

    /// The request the plan was made from, codes filled in: planning it again gives the same plan
    /// unless a record it read has moved on.
    fn request_of(plan: &Self::Plan) -> &Self::Request;

    fn sheet(plan: &Self::Plan) -> Sheet;

    /// Writes the plan, and nothing else, inside the caller's transaction.
    fn write(
        tx: &Connection,
        by: &Decider,
        plan: &Self::Plan,
        why: &Why,
    ) -> Result<Written<Self::Outcome>>;

    /// Inside the write transaction, the plan as it would be made now; the pipeline refuses the
    /// commit as a conflict if it differs from the plan read.
    fn recheck(conn: &Connection, by: &Decider, plan: &Self::Plan) -> Result<Self::Plan> {
        Self::plan(conn, by, Self::request_of(plan))
    }

    /// One line saying what was done, for the status bar and the command line.
    fn done(outcome: &Self::Outcome) -> String;

    /// Decisions that naturally follow, by name (transfer and claw-back after a suspension).
    fn next(_outcome: &Self::Outcome) -> Vec<(&'static str, EntityRef)> {
        Vec::new()
    }
}
