//! The domain core: plain types, rules and arithmetic with no terminal and no database in them.

pub mod allocation;
pub mod checks;
pub mod clawback;
pub mod codes;
pub mod competitive;
pub mod competitive_settings;
pub mod delivery_plan;
pub mod enums;
pub mod improvement;
pub mod joint;
pub mod ledger;
pub mod limits;
pub mod model;
pub mod notice;
pub mod pricing;
pub mod prime;
pub mod profile;
pub mod recent;
pub mod returns;
pub mod risk_register;
pub mod risk_rules;
pub mod risk_scale;
pub mod rules;
pub mod split;
pub mod state;

pub use codes::{Entity, EntityRef, MemberCode, OpportunityCode, RiskCode, SubContractCode};
pub use competitive_settings::Competitive;
pub use enums::*;
pub use limits::Limits;
pub use model::*;
pub use rules::Rules;
