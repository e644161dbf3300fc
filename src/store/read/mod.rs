//! Read models: what the dashboard, the Board and the detail views show, read in one place as
//! typed rows whose text is already cleaned of control characters (`text`). Each file serves one
//! part of the screen; none of them writes.

pub mod approvals;
pub mod board;
pub mod capacity;
pub mod decisions;
pub mod ledger;
pub mod members;
pub mod performance;
pub mod records;
pub mod returns;
pub mod risks;
pub mod summary;
pub mod tenders;
pub mod text;
