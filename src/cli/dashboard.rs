//! With no command, the dashboard; and `hubboard snapshot`, which prints what it would draw.

use clap::{Args, ValueEnum};

use super::Context;
use super::demo::open_or_create_demo;
use crate::dashboard;
use crate::error::{HubError, Result};
use crate::ui::{self, Options, action::Pane, snapshot};

pub fn run(ctx: &Context) -> Result<i32> {
    // Read-only never creates anything: the database must already exist.
    let (path, created) = if ctx.read_only() {
        if !ctx.db_path.exists() {
            return Err(HubError::NotFound(format!(
                "no database at {}",
                ctx.db_path.display()
            )));
        }
        (ctx.db_path.clone(), false)
    } else {
        let (store, created) = open_or_create_demo(ctx)?;
        (store.path().to_path_buf(), created)
    };
    let greeting = created.then(|| {
        format!(
            "Created a demo consortium in {} — press ? for help",
            path.display()
        )
    });
    let only_looks = why_only_looking(ctx, &path)?;
    let options = Options {
        theme: ctx.theme(),
        mouse: ctx.mouse || ctx.config.ui.mouse,
        read_only: ctx.read_only() || only_looks.is_some(),
        greeting: only_looks.or(greeting),
    };
    // `P` leaves the dashboard for the Board's slides; quitting them comes back here.
    while ui::run(
        &path,
        ctx.clock,
        &ctx.config,
        ctx.actor.clone(),
        options.clone(),
    )? == ui::Exit::Present
    {
        let present = ui::present::Options {
            theme: ctx.theme.unwrap_or(crate::ui::theme::ThemeName::Projector),
            ..Default::default()
        };
        ui::present::run(&path, ctx.clock, &ctx.config, present)?;
    }
    Ok(0)
}

/// Why a session that may write offers no decision, if it does not: a viewer's dashboard, or one
/// showing another day on a database whose decisions are dated by the system clock.
fn why_only_looking(ctx: &Context, path: &std::path::Path) -> Result<Option<String>> {
    if ctx.read_only() {
        return Ok(None);
    }
    let store = crate::store::Store::open_for_viewing(path)?;
    let role = crate::store::users::role_of(store.conn(), &ctx.actor)?;
    if role == crate::store::users::Role::Viewer {
        return Ok(Some(format!(
            "{} may only look at this database (a viewer): no decision is offered",
            ctx.actor
        )));
    }
    if ctx.clock.is_moved() && !crate::store::practice::is_practice(store.conn())? {
        return Ok(Some(format!(
            "{} (--today) is for looking: decisions are dated by the system clock",
            crate::dates::display(ctx.clock.today())
        )));
    }
    Ok(None)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaneArg {
    /// All four panes and the summary strip
    Overview,
    Tenders,
    Capacity,
    Performance,
    Risks,
}

#[derive(Debug, Args)]
pub struct SnapshotArgs {
    /// Which pane to draw (a single pane is drawn full screen)
    #[arg(long, value_enum, default_value_t = PaneArg::Overview)]
    pub pane: PaneArg,
    /// Screen size as WIDTHxHEIGHT
    #[arg(long, default_value = "120x40", value_parser = parse_size)]
    pub size: (u16, u16),
    /// Keep colours and bold as ANSI escape codes
    #[arg(long)]
    pub ansi: bool,
    /// Colour theme [default: from the config file, else default]
    #[arg(long, value_enum)]
    pub theme: Option<crate::ui::theme::ThemeName>,
}

fn parse_size(s: &str) -> std::result::Result<(u16, u16), String> {
    let bad = || format!("'{s}' is not a size like 120x40");
    let (w, h) = s
        .to_ascii_lowercase()
        .split_once('x')
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .ok_or_else(bad)?;
    let w: u16 = w.trim().parse().map_err(|_| bad())?;
    let h: u16 = h.trim().parse().map_err(|_| bad())?;
    if !(20..=1000).contains(&w) || !(5..=500).contains(&h) {
        return Err(format!("{s}: width must be 20–1000 and height 5–500"));
    }
    Ok((w, h))
}

pub fn snapshot(ctx: &Context, args: &SnapshotArgs) -> Result<i32> {
    if !ctx.db_path.exists() {
        return Err(HubError::NotFound(format!(
            "no database at {} (create one with `hubboard demo`)",
            ctx.db_path.display()
        )));
    }
    let store = ctx.view()?;
    let today = ctx.clock.today();
    let theme = args.theme.unwrap_or(ctx.theme());
    let mut app = ui::new_app(&ctx.config, theme, ctx.db_path.display().to_string())?;
    app.set_snapshot(dashboard::load(store.conn(), today, &ctx.config)?);
    match args.pane {
        PaneArg::Overview => {}
        other => {
            app.pane = match other {
                PaneArg::Tenders => Pane::Tenders,
                PaneArg::Capacity => Pane::Capacity,
                PaneArg::Performance => Pane::Performance,
                _ => Pane::Risks,
            };
            app.zoom = true;
        }
    }
    let buf = snapshot::render(&app, args.size.0, args.size.1);
    print!(
        "{}",
        if args.ansi {
            snapshot::to_ansi(&buf)
        } else {
            snapshot::to_text(&buf)
        }
    );
    // The process ends here: its memory goes back whole, without freeing each row in turn.
    std::mem::forget(app);
    Ok(0)
}
