//! `hubboard ocds export`: the consortium's own contracting as an OCDS release package. (Importing
//! notices, `ocds import`, is a decision, added from the decision register.)

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::Context;
use crate::error::{HubError, Result};
use crate::ocds::export::{self, ExportOptions};

#[derive(Debug, Subcommand)]
pub enum OcdsCommand {
    /// Write the consortium's won contracts and their sub-contracts as an OCDS 1.1 release package
    Export(OcdsExportArgs),
}

#[derive(Debug, Args)]
pub struct OcdsExportArgs {
    /// The file to write (replaced only once the whole package is written)
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// The ocid prefix (`ocds-` and six characters) [default: from the config file's [ocds]]
    #[arg(long, value_name = "PREFIX")]
    pub prefix: Option<String>,
    /// Name members by their Board pseudonyms, without identifiers, and leave out sub-contract
    /// values and payments
    #[arg(long)]
    pub redact: bool,
    /// The subcontracting extension's URL, as the package declares it [default: its published
    /// address]
    #[arg(long, value_name = "URL")]
    pub extension_url: Option<String>,
}

pub fn run(ctx: &Context, cmd: &OcdsCommand) -> Result<i32> {
    let OcdsCommand::Export(a) = cmd;
    let prefix = a
        .prefix
        .clone()
        .unwrap_or_else(|| ctx.config.ocds.ocid_prefix.clone());
    check_prefix(&prefix)?;
    let store = ctx.view()?;
    let opts = ExportOptions {
        prefix: &prefix,
        redact: a.redact,
        now: ctx.clock.now(),
        extension: a
            .extension_url
            .as_deref()
            .unwrap_or(export::SUBCONTRACTING_EXTENSION),
    };
    let (package, counts) = export::package(
        store.conn(),
        export::Settings {
            ocds: &ctx.config.ocds,
            board: &ctx.config.board,
        },
        &opts,
    )?;
    let text = serde_json::to_string_pretty(&package)
        .map_err(|e| HubError::Invalid(format!("cannot write the package: {e}")))?;
    let tmp = a.out.with_extension("partial");
    std::fs::write(&tmp, text + "\n")
        .map_err(|e| HubError::io(format!("cannot write {}", tmp.display()), e))?;
    std::fs::rename(&tmp, &a.out)
        .map_err(|e| HubError::io(format!("cannot write {}", a.out.display()), e))?;
    println!(
        "wrote {}: {} prime contract(s), {} sub-contract(s), {} payment(s){}",
        a.out.display(),
        counts.primes,
        counts.subcontracts,
        counts.transactions,
        if a.redact { ", redacted" } else { "" }
    );
    Ok(0)
}

/// An ocid prefix is `ocds-` and six letters or digits.
fn check_prefix(p: &str) -> Result<()> {
    let rest = p.strip_prefix("ocds-").unwrap_or("");
    if rest.len() == 6 && rest.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Ok(());
    }
    Err(HubError::wrong(
        "prefix",
        format!(
            "'{}' is not an ocid prefix (ocds- and six letters or digits, e.g. ocds-hubbrd)",
            crate::text::clean(p)
        ),
    ))
}
