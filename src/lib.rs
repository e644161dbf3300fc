//! hubboard: a terminal dashboard and audited decision tools for the hub of a voluntary-sector
//! consortium — tenders, member capacity, sub-contract performance and risk over one SQLite store.

pub mod board;
pub mod cli;
pub mod clock;
pub mod config;
pub mod dashboard;
pub mod dates;
pub mod demo;
pub mod domain;
pub mod error;
pub mod exchange;
pub mod money;
pub mod ocds;
pub mod ops;
pub mod scoring;
pub mod store;
pub mod text;
pub mod ui;

pub use error::{HubError, Result};
