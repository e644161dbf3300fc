//! The domain core: plain types, rules and arithmetic with no terminal and no database in them.

pub mod allocation;
pub mod enums;
pub mod model;

pub use enums::*;
pub use model::*;
