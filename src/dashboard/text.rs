//! Cleaning text for the terminal. The read models (`store::read`) hand out text already cleaned;
//! `clean` is here for text the screens compose from other sources (a decision's plan, a form).

pub use crate::store::read::text::clean;
