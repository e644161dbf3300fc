//! What the dashboard shows, computed from the store: one `Snapshot` of read models per load, with
//! no terminal code, so the screens, the headless snapshot and the tests read the same figures.

mod beside;
pub mod capacity;
pub mod heatmap;
pub mod performance;
pub mod summary;
pub mod tenders;
pub mod text;
pub mod trend;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::domain::risk_rules::Cause;
use crate::domain::{Risk, Rules};
use crate::error::Result;

pub use capacity::CapacityRow;
pub use performance::PerformanceRow;
pub use summary::Summary;
pub use tenders::{StageTotal, TenderRow};

/// How many rows a pane's first screen reads by index before its whole list is in: more than
/// any screen shows at once.
pub const FIRST_PAGE: usize = 200;

/// What the dashboard's figures are computed under: the rules' thresholds (the top-slice cap the
/// summary counts against) and the scoring settings behind standings and triage.
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    pub rules: &'a Rules,
    pub scoring: crate::scoring::Settings<'a>,
}

/// Everything the four panes and the summary strip show, as of `today`.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub today: Option<NaiveDate>,
    pub summary: Summary,
    pub tenders: Vec<TenderRow>,
    pub stages: Vec<StageTotal>,
    pub capacity: Vec<CapacityRow>,
    pub performance: Vec<PerformanceRow>,
    /// The register as read: the risks people keep and those the rules raise from today's data.
    pub risks: Vec<Risk>,
    /// The rule and figures behind each generated risk, by the risk's code.
    pub risk_causes: BTreeMap<String, Cause>,
    /// Members by code and name, for the command palette.
    pub members: Vec<(String, String)>,
    /// Providers needing attention, most urgent first, with the reasons in words.
    pub triage: Vec<crate::scoring::TriageRow>,
}

/// How often a long computation of the day's scores says how far it has got.
const PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_millis(100);

/// A part of the snapshot as the load finishes it, so a first look can show each pane as soon
/// as its rows are in: the tender pipeline first, then member capacity, then everything that
/// needs the scores (performance, risks, triage, the summary strip and the palette's members).
pub enum Part {
    /// The tender pipeline's first rows in the pane's default order, read by index (every
    /// opportunity, when they fit on a page), with how many opportunities there are and every
    /// one's totals by stage.
    TendersPage {
        rows: Vec<TenderRow>,
        total: usize,
        stages: Vec<StageTotal>,
    },
    /// Every opportunity, after a page that held only the first.
    Tenders(Vec<TenderRow>),
    Capacity(Vec<CapacityRow>),
    /// Sub-contract performance's first rows worst first, read by index while the whole list is
    /// still coming, and how many rows the whole list has.
    PerformancePage {
        rows: Vec<PerformanceRow>,
        total: usize,
    },
    /// The summary strip's figures.
    Summary(Summary),
    /// The risk register as read today, and the rule and figures behind each generated risk.
    Risks {
        risks: Vec<Risk>,
        causes: BTreeMap<String, Cause>,
    },
    /// How far working out the day's scores has got (sub-contracts done, of how many): said
    /// while a new day, new settings or a new database works every one out.
    Scoring {
        done: usize,
        total: usize,
    },
    /// Every other field of the snapshot; its tenders, stages, capacity, summary and risks are
    /// left out.
    Rest(Box<Snapshot>),
}

impl Snapshot {
    /// Takes in one part of a load (see `load_in_parts`).
    pub fn take(&mut self, part: Part) {
        match part {
            Part::TendersPage { rows, stages, .. } => {
                self.tenders = rows;
                self.stages = stages;
            }
            Part::Tenders(rows) => self.tenders = rows,
            Part::Capacity(rows) => self.capacity = rows,
            Part::PerformancePage { rows, .. } => self.performance = rows,
            Part::Summary(summary) => self.summary = summary,
            Part::Risks { risks, causes } => {
                self.risks = risks;
                self.risk_causes = causes;
            }
            Part::Scoring { .. } => {}
            Part::Rest(rest) => {
                let rest = *rest;
                self.today = rest.today;
                self.performance = rest.performance;
                self.members = rest.members;
                self.triage = rest.triage;
            }
        }
    }
}

/// Reads every pane's data from the store.
pub fn load<'a>(
    conn: &Connection,
    today: NaiveDate,
    settings: impl Into<Settings<'a>>,
) -> Result<Snapshot> {
    let mut snapshot = Snapshot::default();
    load_in_parts(conn, today, settings, &mut |part| snapshot.take(part))?;
    Ok(snapshot)
}

/// Reads every pane's data from the store, handing each part over as soon as it is complete;
/// the parts together are exactly what `load` returns. A large hub's risk register, while the
/// score cache holds today's assessments, is read at the same time on a second, read-only
/// connection (the machine has two cores).
pub fn load_in_parts<'a>(
    conn: &Connection,
    today: NaiveDate,
    settings: impl Into<Settings<'a>>,
    each: &mut dyn FnMut(Part),
) -> Result<()> {
    let settings = settings.into();
    // Read beside only from assessments already stored: a new day's are worked out and stored
    // on this connection first.
    let path = match beside::worth_it(conn)? {
        Some(path) if crate::scoring::cache::complete(conn, today, settings.scoring)?.is_some() => {
            path
        }
        _ => return load_parts(conn, today, settings, None, each),
    };
    std::thread::scope(|scope| {
        let side = scope.spawn(move || beside::read(&path, today, settings));
        load_parts(
            conn,
            today,
            settings,
            Some(beside::Pending::new(side)),
            each,
        )
    })
}

/// As `load_in_parts`, every part read on `conn` alone.
pub fn load_in_parts_alone<'a>(
    conn: &Connection,
    today: NaiveDate,
    settings: impl Into<Settings<'a>>,
    each: &mut dyn FnMut(Part),
) -> Result<()> {
    load_parts(conn, today, settings.into(), None, each)
}

/// Whether a large hub's first load has a second reader beside it (see `load_in_parts`).
pub fn reads_beside(conn: &Connection) -> Result<bool> {
    Ok(beside::worth_it(conn)?.is_some())
}

fn load_parts(
    conn: &Connection,
    today: NaiveDate,
    settings: Settings<'_>,
    mut side: Option<beside::Pending<'_>>,
    each: &mut dyn FnMut(Part),
) -> Result<()> {
    let values = crate::store::read::tenders::values(conn)?;
    let tender_figures = summary::TenderFigures::of(&values, settings.rules)?;
    // A pipeline no longer than a page is read whole at once.
    let paged = values.len() > FIRST_PAGE;
    each(Part::TendersPage {
        rows: if paged {
            tenders::first_page(conn, today, FIRST_PAGE)?
        } else {
            tenders::load(conn, today)?
        },
        total: values.len(),
        stages: tenders::stage_totals(&values)?,
    });
    drop(values);
    each(Part::Capacity(capacity::load(conn, today)?));
    // While the cache holds today's assessments, performance's first screen, the risks and the
    // strip are read from it by index before the whole lists; else once the day's are worked out
    // — first, alone, a new day's few thousand that no longer hold.
    let mut complete = crate::scoring::cache::complete(conn, today, settings.scoring)?;
    let refreshed = complete.is_none();
    if refreshed {
        crate::scoring::cache::refresh(conn, today, settings.scoring, &mut progress_to(each))?;
        complete = crate::scoring::cache::complete(conn, today, settings.scoring)?;
    }
    // Read beside, the register holds only if nothing was worked out here first.
    let side_risks = complete.is_some() && !refreshed;
    let early = match complete {
        Some(complete) => {
            let beside = (&mut side, side_risks);
            send_indexed(
                conn,
                today,
                settings,
                &tender_figures,
                complete,
                beside,
                each,
            )?
        }
        None => Sent::default(),
    };
    // Whatever happened above, the reader beside is done with before the whole lists.
    Ready::of(&mut side, false)?;
    if paged {
        each(Part::Tenders(tenders::load(conn, today)?));
    }
    let scored = crate::scoring::cache::snapshot_reporting(
        conn,
        today,
        settings.scoring,
        &mut progress_to(each),
    )?;
    let mut sent = early;
    if !sent.all()
        && let Some(complete) = crate::scoring::cache::complete(conn, today, settings.scoring)?
    {
        let beside = (&mut side, false);
        sent = send_indexed(
            conn,
            today,
            settings,
            &tender_figures,
            complete,
            beside,
            each,
        )?;
    }
    if !sent.risks {
        // A read-only look at a stale cache rates the standings from the assessments worked out.
        let standings = crate::scoring::contract_standings_in(&scored, settings.scoring.scoring);
        let totals = crate::store::subcontracts::active_totals(conn)?;
        each(risks_part(conn, today, settings, &standings, &totals)?);
    }
    // Triage takes the flagged assessments; the scores go on the rows from the cache where it
    // is current, so the day's summaries are not held beside the whole performance list.
    let current = crate::scoring::cache::current(conn, today, settings.scoring)?;
    let overall = (!current).then(|| overall_by_code(&scored));
    let triage = triage_of(conn, today, settings.scoring, scored)?;
    let performance = performance_rows(conn, today, settings.scoring, current, overall, &triage)?;
    if !sent.summary {
        each(Part::Summary(summary::compute(
            conn,
            today,
            tender_figures,
            &performance,
        )?));
    }
    let members = crate::store::read::members::index(conn)?;
    each(Part::Rest(Box::new(Snapshot {
        today: Some(today),
        summary: Summary::default(),
        tenders: Vec::new(),
        stages: Vec::new(),
        capacity: Vec::new(),
        performance,
        risks: Vec::new(),
        risk_causes: BTreeMap::new(),
        members,
        triage,
    })));
    Ok(())
}

/// Says how far working out the day's scores has got, every tenth of a second while it lasts:
/// nothing for a short computation, and a handful of frames, not one per sub-contract, for a
/// long one.
fn progress_to(each: &mut dyn FnMut(Part)) -> impl FnMut(usize, usize) + '_ {
    let mut said = std::time::Instant::now();
    move |done, total| {
        if said.elapsed() >= PROGRESS_EVERY {
            said = std::time::Instant::now();
            each(Part::Scoring { done, total });
        }
    }
}

/// Which parts went ahead of the whole lists, read by index from a complete cache.
#[derive(Debug, Clone, Copy, Default)]
struct Sent {
    page: bool,
    risks: bool,
    summary: bool,
}

impl Sent {
    fn all(&self) -> bool {
        self.page && self.risks && self.summary
    }
}

/// Sends what a complete cache gives by index: performance's first screen, the risk register
/// and the summary strip (each unless a score there is not one this program writes).
fn send_indexed(
    conn: &Connection,
    today: NaiveDate,
    settings: Settings<'_>,
    tender_figures: &summary::TenderFigures,
    complete: crate::scoring::cache::Complete,
    (side, side_risks): (&mut Option<beside::Pending<'_>>, bool),
    each: &mut dyn FnMut(Part),
) -> Result<Sent> {
    let page = performance::first_page(conn, today, settings.scoring, FIRST_PAGE, complete)?;
    let mut sent = Sent::default();
    if let Some((rows, total)) = page {
        each(Part::PerformancePage { rows, total });
        sent.page = true;
    }
    // The register reads only the Inadequate standings (the risks they raise); it and the strip
    // read the same active totals.
    let totals = crate::store::subcontracts::active_totals(conn)?;
    let strip = match sent.page {
        true => Some(summary::compute_indexed(
            conn,
            today,
            tender_figures.clone(),
            &totals,
            complete,
        )?),
        false => None,
    };
    // The reader beside, if any, is waited for here: after the page and the strip are read.
    if let Some(risks) = Ready::of(side, side_risks)?.risks {
        each(risks);
        sent.risks = true;
    } else if let Some(standings) =
        crate::scoring::inadequate_standings_cached(conn, settings.scoring, complete)?
    {
        each(risks_part(conn, today, settings, &standings, &totals)?);
        sent.risks = true;
    }
    // The strip goes with the page and the register it counts beside.
    if let (Some(strip), true) = (strip, sent.risks) {
        each(Part::Summary(strip));
        sent.summary = true;
    }
    Ok(sent)
}

/// The risk register as read today under these standings.
fn risks_part(
    conn: &Connection,
    today: NaiveDate,
    settings: Settings<'_>,
    standings: &[crate::domain::risk_rules::ContractStanding],
    totals: &crate::domain::risk_rules::ActiveTotals,
) -> Result<Part> {
    let register = crate::store::read::risks::register_with(
        conn,
        today,
        settings.rules.concentration_share,
        standings,
        totals,
    )?;
    Ok(Part::Risks {
        risks: register.risks,
        causes: register.causes,
    })
}

/// What the reader beside has handed over for `send_indexed`: the register, if it read it.
struct Ready {
    risks: Option<Part>,
}

impl Ready {
    /// Waits for the reader beside, if one is still reading; its register is kept for the
    /// caller when `use_risks`, else dropped.
    fn of(side: &mut Option<beside::Pending<'_>>, use_risks: bool) -> Result<Ready> {
        let Some(pending) = side.take() else {
            return Ok(Ready { risks: None });
        };
        let risks = pending.join()?;
        Ok(Ready {
            risks: risks.filter(|_| use_risks),
        })
    }
}

/// Each assessed sub-contract's overall score, by code.
fn overall_by_code(
    scored: &crate::scoring::Snapshot,
) -> std::collections::HashMap<String, Option<rust_decimal::Decimal>> {
    scored
        .summaries
        .iter()
        .map(|s| (s.subcontract.clone(), s.overall))
        .collect()
}

/// The triage list built from the day's assessments (taken in, not copied).
fn triage_of(
    conn: &Connection,
    today: NaiveDate,
    scoring: crate::scoring::Settings<'_>,
    scored: crate::scoring::Snapshot,
) -> Result<Vec<crate::scoring::TriageRow>> {
    // The names come cleaned; the reasons are composed of figures and fixed words.
    let names = crate::store::read::members::names_by_code(conn)?;
    let compliance = crate::store::members::load_compliance(conn, None)?;
    crate::scoring::triage::build(scored, &names, &compliance, today, scoring)
}

/// The whole performance list worst first, each row with its overall score and standing (from
/// the score cache while it is current, else from `overall`, the day's assessments, read again
/// from the cache if not given), its referral-route concern (from triage) and open early warning.
fn performance_rows(
    conn: &Connection,
    today: NaiveDate,
    scoring: crate::scoring::Settings<'_>,
    current: bool,
    overall: Option<std::collections::HashMap<String, Option<rust_decimal::Decimal>>>,
    triage: &[crate::scoring::TriageRow],
) -> Result<Vec<PerformanceRow>> {
    let mut rows = match performance::load_cached(conn, today, scoring, current)? {
        Some(rows) => rows,
        None => {
            let overall = match overall {
                Some(overall) => overall,
                None => overall_by_code(&crate::scoring::cache::snapshot(conn, today, scoring)?),
            };
            let mut rows = performance::load(conn, today)?;
            for r in &mut rows {
                let o = overall.get(r.code.as_str()).copied().flatten();
                performance::put_score(r, o, scoring);
            }
            rows
        }
    };
    let route: std::collections::HashSet<&str> = triage
        .iter()
        .filter(|t| t.kind == crate::scoring::SignalKind::ReferralRoute)
        .filter_map(|t| t.subcontract.as_deref())
        .collect();
    let flagged = performance::early_warnings(conn)?;
    for r in rows.iter_mut() {
        r.referral_route = route.contains(r.code.as_str());
        r.early_warning = flagged.contains(&r.code);
    }
    performance::sort_worst_first(&mut rows);
    Ok(rows)
}
