//! Demo members: the Knowsley working group and invented local organisations, with registered
//! numbers, income bands, staff, capacity per service line and their "fit for contracting" items.

use chrono::{Datelike, Duration, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;

use super::names::{self, CLUSTERS};
use crate::domain::{Capacity, ComplianceItem, ComplianceKind, Member, OrgType, Tier};

/// A member with its capacity and compliance items, as generated.
pub struct MemberRecord {
    pub member: Member,
    pub capacity: Vec<Capacity>,
    pub compliance: Vec<ComplianceItem>,
}

/// Companies (CICs, companies limited by guarantee, co-operatives) are registered at Companies
/// House; charities and CIOs with the Charity Commission.
pub fn registered_number(rng: &mut ChaCha8Rng, t: OrgType) -> String {
    match t {
        OrgType::SocialEnterprise | OrgType::CompanyLimitedByGuarantee | OrgType::Cooperative => {
            format!("GB-COH-{:08}", rng.random_range(3_000_000..14_000_000u32))
        }
        _ => format!("GB-CHC-{}", rng.random_range(1_000_000..1_210_000u32)),
    }
}

/// Annual income in whole pounds for a size band: small under £100k, medium to £1m, large above.
pub fn income(rng: &mut ChaCha8Rng, band: u8, t: OrgType) -> Decimal {
    let pounds: u64 = match band {
        0 => rng.random_range(45..100) * 1_000,
        1 => rng.random_range(120..950) * 1_000,
        _ if t == OrgType::NationalCharity => rng.random_range(20..320) * 1_000_000,
        _ => rng.random_range(1_050..4_800) * 1_000,
    };
    Decimal::from(pounds)
}

/// Staff and volunteers, roughly in line with income.
fn people(rng: &mut ChaCha8Rng, band: u8) -> (u32, u32) {
    match band {
        0 => (rng.random_range(1..6), rng.random_range(5..40)),
        1 => (rng.random_range(6..35), rng.random_range(15..90)),
        _ => (rng.random_range(35..160), rng.random_range(40..300)),
    }
}

/// Units a month a member of this band can deliver in one of its service lines.
pub fn units_capacity(rng: &mut ChaCha8Rng, band: u8) -> u32 {
    match band {
        0 => rng.random_range(12..40),
        1 => rng.random_range(40..140),
        _ => rng.random_range(140..320),
    }
}

/// Builds the small consortium's fifty members.
pub fn small_members(rng: &mut ChaCha8Rng, today: NaiveDate) -> Vec<MemberRecord> {
    let entries: Vec<_> = names::KNOWSLEY_GROUP
        .iter()
        .chain(names::INVENTED.iter())
        .collect();
    let first_associate = entries.len() - names::ASSOCIATES;
    let mut out = Vec::with_capacity(entries.len());
    for (i, (name, org_type, clusters, band)) in entries.into_iter().enumerate() {
        let code = format!("KN{:02}", i + 1);
        let tier = if i >= first_associate {
            Tier::Associate
        } else {
            Tier::Full
        };
        // The working group founded the consortium; the others joined over the years since.
        let joined = if i < names::KNOWSLEY_GROUP.len() {
            date_or(today.year() - 4, 4, 1 + rng.random_range(0..20u32), today)
        } else {
            today - Duration::days(rng.random_range(60..1_400))
        };
        let (staff, volunteers) = people(rng, *band);
        let geography = if *org_type == OrgType::NationalCharity {
            "Knowsley (national charity, local office)".to_string()
        } else {
            let place = names::PLACES[rng.random_range(0..12)];
            format!("{place}, Knowsley")
        };
        let member = Member {
            code: code.clone(),
            name: name.to_string(),
            tier,
            org_type: *org_type,
            registered_number: registered_number(rng, *org_type),
            annual_income: income(rng, *band, *org_type),
            clusters: clusters
                .iter()
                .map(|c| CLUSTERS[*c].name.to_string())
                .collect(),
            geography,
            staff,
            volunteers,
            joined,
            row_version: 1,
            left: None,
        };
        let capacity = capacity_for(rng, &code, clusters, *band, tier);
        let compliance = compliance_for(rng, &code, clusters, today);
        out.push(MemberRecord {
            member,
            capacity,
            compliance,
        });
    }
    mark_compliance_problems(rng, &mut out, today);
    out
}

/// Capacity in every service line of the member's clusters; associates record a little too
/// (it is what they would bring as full members).
pub fn capacity_for(
    rng: &mut ChaCha8Rng,
    code: &str,
    clusters: &[usize],
    band: u8,
    tier: Tier,
) -> Vec<Capacity> {
    let mut out = Vec::new();
    for c in clusters {
        for line in CLUSTERS[*c].service_lines {
            let mut units = units_capacity(rng, band);
            if tier == Tier::Associate {
                units = units.min(15);
            }
            out.push(Capacity {
                member: code.to_string(),
                service_line: line.name.to_string(),
                units_per_month: units,
            });
        }
    }
    out
}

/// The six due-diligence items, all in date (problems are added afterwards).
pub fn compliance_for(
    rng: &mut ChaCha8Rng,
    code: &str,
    clusters: &[usize],
    today: NaiveDate,
) -> Vec<ComplianceItem> {
    let mark = clusters
        .first()
        .map(|c| CLUSTERS[*c].quality_mark)
        .unwrap_or("PQASSO");
    let year = today.year();
    let items = [
        (ComplianceKind::QualityMark, mark.to_string(), 120..900),
        (
            ComplianceKind::PublicLiabilityInsurance,
            format!("PL-{}", rng.random_range(100_000..999_999u32)),
            45..360,
        ),
        (
            ComplianceKind::SafeguardingPolicy,
            format!("Safeguarding policy {year}"),
            60..360,
        ),
        (
            ComplianceKind::HealthAndSafety,
            format!("H&S policy {year}"),
            60..360,
        ),
        (
            ComplianceKind::Accounts,
            format!("Accounts year ending 31 Mar {year}"),
            150..300,
        ),
        (
            ComplianceKind::SelfAssessmentReport,
            format!("SAR {year}"),
            40..330,
        ),
    ];
    items
        .into_iter()
        .map(|(kind, reference, days)| ComplianceItem {
            member: code.to_string(),
            kind,
            reference,
            valid_until: today + Duration::days(rng.random_range(days)),
        })
        .collect()
}

/// A few items already expired and a few expiring within 30 days, as in any real membership.
fn mark_compliance_problems(rng: &mut ChaCha8Rng, members: &mut [MemberRecord], today: NaiveDate) {
    let n = members.len();
    for k in 0..9 {
        let m = &mut members[rng.random_range(0..n)];
        let i = rng.random_range(0..m.compliance.len());
        let item = &mut m.compliance[i];
        item.valid_until = if k < 4 {
            today - Duration::days(rng.random_range(3..120))
        } else {
            today + Duration::days(rng.random_range(1..30))
        };
    }
}

fn date_or(year: i32, month: u32, day: u32, fallback: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(fallback)
}
