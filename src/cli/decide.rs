//! Every decision on the command line, from the register: each decision's fields become its
//! command's flags (decisions sharing command words, like the three award routes, share one
//! command and are told apart by a route flag), and one runner plans, prints the plan, and
//! commits — with `--dry-run` (plan only) and `--json` (the plan and the outcome as one JSON
//! object) for every decision, and the documented exit codes.

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::Serialize;

use super::Context;
use crate::error::{HubError, Result};
use crate::ops::pipeline::{self, Committed};
use crate::ops::{
    Decision, DecisionKind, Field, FieldKind, Gate, Planned, Registered, Sheet, Values, Visitor,
    Write,
};
use crate::store::Store;

/// The generic flags every decision takes, beside its fields.
const REASON: &str = "reason";
const OVERRIDE: &str = "override_reason";
const DRY_RUN: &str = "dry_run";
const JSON: &str = "json";

/// Command groups with another name the command line also accepts.
const ALIASES: &[(&str, &str)] = &[("improve", "improvement")];

/// What a group made only of decisions is for, in `--help`.
const GROUPS: &[(&str, &str)] = &[
    (
        "member",
        "A member joining, its details, compliance, tier, capacity, and its leaving",
    ),
    (
        "opportunity",
        "An opportunity recorded, edited, planned and moved through its stages to won or lost",
    ),
    (
        "board",
        "The Board's approval of competitive awards and overrides",
    ),
];

/// The decisions that share these command words.
fn sharing(path: &[&str]) -> Vec<DecisionKind> {
    DecisionKind::ALL
        .iter()
        .copied()
        .filter(|k| k.spec().command == path)
        .collect()
}

fn arg_for(f: &Field, positional_index: &mut usize, order: usize) -> Arg {
    // A field without words of its own is described by its form label.
    let said = if f.help.is_empty() { f.label } else { f.help };
    let mut a = Arg::new(f.key).help(said).display_order(order);
    if f.positional {
        *positional_index += 1;
        let a = a
            .index(*positional_index)
            .value_name(f.key.to_uppercase())
            .required(true);
        return if f.many { a.num_args(1..) } else { a };
    }
    a = a.long(f.key.replace('_', "-"));
    match f.kind {
        FieldKind::Flag => a.action(ArgAction::SetTrue),
        FieldKind::Date => a.value_name("DATE"),
        FieldKind::Month => a.value_name("YYYY-MM"),
        // A negative number is taken as a value, for the decision to refuse naming the field.
        FieldKind::Money => a.value_name("MONEY").allow_negative_numbers(true),
        FieldKind::Count => a.value_name("N").allow_negative_numbers(true),
        FieldKind::File => a.value_name("FILE"),
        FieldKind::Codes(_) => a.value_name("CODES"),
        FieldKind::Code(_) => a.value_name("CODE"),
        FieldKind::Choice(_) => a.value_name("CODE"),
        FieldKind::Text => a.value_name("TEXT"),
    }
}

/// One command for every decision sharing `path`: the union of their fields and the generic flags.
fn leaf(path: &[&str]) -> Command {
    let kinds = sharing(path);
    let name = path.last().copied().unwrap_or_default();
    let mut cmd = Command::new(name.to_string()).about(kinds[0].spec().about);
    let mut seen: Vec<&str> = Vec::new();
    let mut index = 0;
    for k in &kinds {
        for f in k.spec().fields {
            if !seen.contains(&f.key) {
                seen.push(f.key);
                cmd = cmd.arg(arg_for(f, &mut index, seen.len()));
            }
        }
    }
    if kinds.len() > 1 {
        let routes: Vec<String> = kinds
            .iter()
            .map(|k| match k.spec().route {
                Some(r) => format!("with --{}: {}", r.replace('_', "-"), k.spec().about),
                None => k.spec().about.to_string(),
            })
            .collect();
        cmd = cmd.after_help(format!("Routes: {}.", routes.join("; ")));
    }
    cmd = cmd.arg(
        Arg::new(REASON)
            .long("reason")
            .value_name("TEXT")
            .display_order(100)
            .help("Why (recorded in the audit log)"),
    );
    if kinds.iter().any(|k| k.spec().overridable) {
        cmd = cmd.arg(
            Arg::new(OVERRIDE)
                .long("override-reason")
                .value_name("TEXT")
                .display_order(101)
                .help("Go ahead despite failed checks, for this recorded reason"),
        );
    }
    cmd.arg(
        Arg::new(DRY_RUN)
            .long("dry-run")
            .action(ArgAction::SetTrue)
            .display_order(102)
            .help("Show the checks and what would be written, and write nothing"),
    )
    .arg(
        Arg::new(JSON)
            .long("json")
            .action(ArgAction::SetTrue)
            .display_order(103)
            .help("Print the plan and the outcome as one JSON object"),
    )
}

/// Adds every decision's command to the command line, grouping `risk add`, `improve done`….
pub fn augment(mut root: Command) -> Command {
    let mut paths: Vec<&'static [&'static str]> = Vec::new();
    for k in DecisionKind::ALL {
        let p = k.spec().command;
        if !paths.contains(&p) {
            paths.push(p);
        }
    }
    for path in paths {
        match path {
            [one] => root = root.subcommand(leaf(path).name(*one)),
            [group, _] => {
                if root.find_subcommand(group).is_none() {
                    let about = GROUPS
                        .iter()
                        .find(|(n, _)| n == group)
                        .map_or_else(|| format!("{group} decisions"), |(_, a)| a.to_string());
                    let mut g = Command::new(group.to_string())
                        .subcommand_required(true)
                        .about(about);
                    if let Some((_, alias)) = ALIASES.iter().find(|(n, _)| n == group) {
                        g = g.visible_alias(*alias);
                    }
                    root = root.subcommand(g);
                }
                root = root.mut_subcommand(group, |g| g.subcommand(leaf(path)));
            }
            _ => {}
        }
    }
    root
}

/// A decision named on the command line, with what was typed for it.
pub struct Invocation {
    pub kind: DecisionKind,
    pub values: Values,
    pub reason: String,
    pub override_reason: Option<String>,
    pub dry_run: bool,
    pub json: bool,
}

/// The decision the parsed command line names, if it names one.
pub fn invocation(matches: &ArgMatches) -> Result<Option<Invocation>> {
    let mut path: Vec<&str> = Vec::new();
    let mut m = matches;
    while let Some((name, sub)) = m.subcommand() {
        path.push(name);
        m = sub;
    }
    let kinds = sharing(&path);
    if kinds.is_empty() {
        return Ok(None);
    }
    let mut values = Values::default();
    let mut given: Vec<&'static str> = Vec::new();
    for k in &kinds {
        for f in k.spec().fields {
            if given.contains(&f.key) {
                continue;
            }
            let value = match f.kind {
                FieldKind::Flag => m.get_flag(f.key).then(|| "true".to_string()),
                _ if f.many => m
                    .get_many::<String>(f.key)
                    .map(|v| v.cloned().collect::<Vec<_>>().join("\n")),
                _ => m.get_one::<String>(f.key).cloned(),
            };
            if let Some(v) = value {
                values.set(f.key, &v);
                given.push(f.key);
            }
        }
    }
    let kind = route(&kinds, &values)?;
    for key in &given {
        if kind.spec().field(key).is_none() {
            return Err(HubError::wrong(
                key,
                format!("is not used by {}", kind.spec().title.to_lowercase()),
            ));
        }
    }
    Ok(Some(Invocation {
        kind,
        values,
        reason: m.get_one::<String>(REASON).cloned().unwrap_or_default(),
        override_reason: m.try_get_one::<String>(OVERRIDE).ok().flatten().cloned(),
        dry_run: m.get_flag(DRY_RUN),
        json: m.get_flag(JSON),
    }))
}

/// Which of the decisions sharing a command the values choose: the one whose route field was
/// given, else the one without a route.
fn route(kinds: &[DecisionKind], values: &Values) -> Result<DecisionKind> {
    let routed: Vec<DecisionKind> = kinds
        .iter()
        .copied()
        .filter(|k| k.spec().route.is_some_and(|r| values.has(r)))
        .collect();
    match routed.as_slice() {
        [one] => Ok(*one),
        [] => kinds
            .iter()
            .copied()
            .find(|k| k.spec().route.is_none())
            .ok_or_else(|| HubError::Invalid("choose a route for this command".into())),
        many => {
            let flags: Vec<String> = many
                .iter()
                .filter_map(|k| k.spec().route)
                .map(|r| format!("--{}", r.replace('_', "-")))
                .collect();
            Err(HubError::Invalid(format!(
                "choose one route: {}",
                flags.join(" or ")
            )))
        }
    }
}

/// The flag or argument a field error names on the command line.
pub fn flag_name(kind: Option<DecisionKind>, key: &str) -> String {
    let positional = kind
        .and_then(|k| k.spec().field(key))
        .is_some_and(|f| f.positional);
    if positional {
        key.to_uppercase()
    } else {
        format!("--{}", key.replace('_', "-"))
    }
}

/// Runs the decision: plan, print, and (unless a dry run) commit.
pub fn run(ctx: &Context, inv: Invocation) -> Result<i32> {
    let kind = inv.kind;
    let json = inv.json;
    // An import into a new file that is refused leaves no empty database behind.
    let new_file = kind.spec().creates_database && !ctx.db_path.exists();
    kind.visit(Run { ctx, inv }).inspect_err(|e| {
        if new_file {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", ctx.db_path.display()));
            }
        }
        if json {
            print_json(&ErrorReport::of(kind, e));
        }
    })
}

struct Run<'a> {
    ctx: &'a Context,
    inv: Invocation,
}

impl Visitor for Run<'_> {
    type Output = Result<i32>;
    fn visit<D: Decision + Registered>(self) -> Result<i32> {
        decide::<D>(self.ctx, &self.inv)
    }
}

/// The store a decision plans against. A dry run only looks: it opens the database read-only (so
/// not even a cache is written), or — for an import into a database not yet created — plans
/// against an empty one in memory, so that nothing is created.
fn store_for<D: Decision + Registered>(ctx: &Context, gate: &Gate, dry_run: bool) -> Result<Store> {
    let write = Write::Decision(D::KIND);
    gate.require(write)?;
    if dry_run {
        if D::spec().creates_database && !ctx.db_path.exists() {
            return Store::open_in_memory();
        }
        return ctx.view();
    }
    gate.open_to_write(&ctx.db_path, write, D::spec().creates_database)
}

fn decide<D: Decision + Registered>(ctx: &Context, inv: &Invocation) -> Result<i32> {
    // Refused before anything is read or created.
    ctx.gate.require(Write::Decision(D::KIND))?;
    inv.values.within(D::spec().fields, &ctx.config.limits)?;
    let request = D::request(&inv.values)?;
    // A dry run plans without the reason: it is asked for when the plan is committed.
    let why = match pipeline::why::<D>(&inv.reason, inv.override_reason.as_deref()) {
        Err(HubError::Field(f)) if inv.dry_run && f.field == "reason" => crate::ops::Why {
            reason: String::new(),
            override_reason: inv.override_reason.clone(),
        },
        other => other?,
    };
    let mut store = store_for::<D>(ctx, &ctx.gate, inv.dry_run)?;
    let by = ctx.decider();
    let planned = crate::ops::plan::<D>(store.conn(), &by, &request)?;
    let refused = pipeline::refuse_unless_passed(&planned.sheet, &why).err();
    if inv.dry_run {
        report::<D>(inv, &planned, None, refused.as_ref());
        return Ok(if refused.is_some() { 1 } else { 0 });
    }
    if let Some(e) = refused {
        if !inv.json {
            print_sheet(&planned.sheet);
        }
        return Err(e);
    }
    let done = crate::ops::commit(&mut store, &ctx.gate, &by, &planned, &why)?;
    report::<D>(inv, &planned, Some(&done), None);
    Ok(0)
}

/// `hubboard commit PLAN.json`: commits the plan a dry run printed (`--dry-run --json`), only if
/// planning the same request now gives exactly that plan; otherwise a conflict saying what changed
/// since it was read, and who recorded what meanwhile.
pub fn commit_file(ctx: &Context, args: &CommitArgs) -> Result<i32> {
    let text = std::fs::read_to_string(&args.plan)
        .map_err(|e| HubError::io(format!("cannot read {}", args.plan.display()), e))?;
    let file: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        HubError::Invalid(format!(
            "{} is not a plan printed by --dry-run --json: {e}",
            args.plan.display()
        ))
    })?;
    let name = file["decision"].as_str().unwrap_or_default();
    let kind = DecisionKind::from_name(name).ok_or_else(|| {
        HubError::Invalid(format!(
            "{} names no decision this build knows ('{name}')",
            args.plan.display()
        ))
    })?;
    let inv = Invocation {
        kind,
        values: Values::default(),
        reason: args.reason.clone().unwrap_or_default(),
        override_reason: args.override_reason.clone(),
        dry_run: false,
        json: args.json,
    };
    kind.visit(CommitFile {
        ctx,
        inv: &inv,
        file: &file,
    })
    .inspect_err(|e| {
        if args.json {
            print_json(&ErrorReport::of(kind, e));
        }
    })
}

/// What `hubboard commit` takes.
#[derive(Debug, clap::Args)]
pub struct CommitArgs {
    /// A plan printed by a decision's `--dry-run --json`
    pub plan: std::path::PathBuf,
    /// Why (recorded in the audit log)
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Go ahead despite failed checks, for this recorded reason
    #[arg(long, value_name = "TEXT")]
    pub override_reason: Option<String>,
    /// Print the plan and the outcome as one JSON object
    #[arg(long)]
    pub json: bool,
}

struct CommitFile<'a> {
    ctx: &'a Context,
    inv: &'a Invocation,
    file: &'a serde_json::Value,
}

impl Visitor for CommitFile<'_> {
    type Output = Result<i32>;
    fn visit<D: Decision + Registered>(self) -> Result<i32> {
        let ctx = self.ctx;
        ctx.gate.require(Write::Decision(self.inv.kind))?;
        let request: D::Request = serde_json::from_value(self.file["request"].clone())
            .map_err(|e| HubError::Invalid(format!("the plan's request cannot be read: {e}")))?;
        let why = pipeline::why::<D>(&self.inv.reason, self.inv.override_reason.as_deref())?;
        let mut store = store_for::<D>(ctx, &ctx.gate, false)?;
        let by = ctx.decider();
        let planned = crate::ops::plan::<D>(store.conn(), &by, &request)?;
        let now = serde_json::to_value(&planned.plan).unwrap_or_default();
        if now != self.file["plan"] {
            let read_upto = self.file["read_upto"].as_i64().unwrap_or(0);
            let since = crate::store::audit::after(store.conn(), read_upto)?;
            return Err(HubError::Conflict(crate::ops::conflict::changed(
                &self.file["plan"],
                &now,
                &since,
            )));
        }
        pipeline::refuse_unless_passed(&planned.sheet, &why)?;
        let done = crate::ops::commit(&mut store, &ctx.gate, &by, &planned, &why)?;
        report::<D>(self.inv, &planned, Some(&done), None);
        Ok(0)
    }
}

fn print_sheet(sheet: &Sheet) {
    for line in sheet.lines() {
        println!("{line}");
    }
}

fn report<D: Decision>(
    inv: &Invocation,
    planned: &Planned<D>,
    done: Option<&Committed<D::Outcome>>,
    refused: Option<&HubError>,
) {
    if inv.json {
        print_json(&Report::<D> {
            decision: D::spec().name,
            dry_run: inv.dry_run,
            read_upto: planned.read_upto,
            request: D::request_of(&planned.plan),
            plan: &planned.plan,
            sheet: &planned.sheet,
            would_be_refused: refused.map(|e| e.to_string()),
            outcome: done,
        });
        return;
    }
    print_sheet(&planned.sheet);
    if let Some(e) = refused {
        println!("would be {e}");
        if planned.sheet.blocking().is_empty() {
            println!("add --override-reason TEXT to go ahead despite them");
        }
    }
    match done {
        None => println!("dry run: nothing written"),
        Some(c) => {
            if c.overridden {
                println!(
                    "failed checks overridden: {}",
                    inv.override_reason.as_deref().unwrap_or_default()
                );
            }
            let ids: Vec<String> = c.audit_ids.iter().map(i64::to_string).collect();
            println!(
                "written: {}; audit row{} {}",
                D::done(&c.outcome),
                if ids.len() == 1 { "" } else { "s" },
                ids.join(", ")
            );
        }
    }
}

#[derive(Serialize)]
struct Report<'a, D: Decision> {
    decision: &'static str,
    dry_run: bool,
    /// The newest audit row when the plan was read (`hubboard commit` names what came after).
    read_upto: i64,
    request: &'a D::Request,
    plan: &'a D::Plan,
    sheet: &'a Sheet,
    would_be_refused: Option<String>,
    outcome: Option<&'a Committed<D::Outcome>>,
}

#[derive(Serialize)]
struct ErrorReport {
    decision: &'static str,
    error: ErrorBody,
}

#[derive(Serialize)]
struct ErrorBody {
    kind: &'static str,
    message: String,
    exit_code: i32,
    field: Option<String>,
    changes: Vec<String>,
    since: Vec<String>,
}

impl ErrorReport {
    fn of(kind: DecisionKind, e: &HubError) -> ErrorReport {
        let (field, changes, since) = match e {
            HubError::Field(f) => (Some(flag_name(Some(kind), f.field)), vec![], vec![]),
            HubError::Conflict(c) => (None, c.changes.clone(), c.since.clone()),
            _ => (None, vec![], vec![]),
        };
        ErrorReport {
            decision: kind.name(),
            error: ErrorBody {
                kind: e.kind(),
                message: super::worded(Some(kind), e),
                exit_code: e.exit_code(),
                field,
                changes,
                since,
            },
        }
    }
}

fn print_json<T: Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(e) => eprintln!("hubboard: cannot write JSON: {e}"),
    }
}
