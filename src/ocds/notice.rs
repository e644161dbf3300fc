//! One contracting process, as the hub reads its (compiled) release: the fields an opportunity
//! takes, each from where OCDS, Contracts Finder and Find a Tender put it, with what was assumed
//! noted. A release without an ocid, a title, a buyer or a deadline cannot be an opportunity and
//! is skipped with that reason.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

use super::config::{OcdsConfig, UNCLASSIFIED};
use crate::domain::Stage;

/// Where the opportunity's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ValueBasis {
    Value,
    MinValue,
    None,
}

impl ValueBasis {
    pub fn code(self) -> &'static str {
        match self {
            ValueBasis::Value => "value",
            ValueBasis::MinValue => "minValue",
            ValueBasis::None => "none",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notice {
    pub ocid: String,
    pub release_id: String,
    pub release_date: Option<String>,
    pub title: String,
    pub buyer_name: String,
    /// `scheme-id`, as OCDS organisation identifiers are written (`GB-LAC-E09000003`).
    pub buyer_id: Option<String>,
    /// In pounds: the notice's amount when in GBP, else nothing (kept below in its currency).
    pub value: Decimal,
    pub value_basis: ValueBasis,
    pub currency: String,
    /// The amount as the notice gives it, in its currency.
    pub amount: Option<Decimal>,
    pub deadline: NaiveDate,
    pub contract_start: Option<NaiveDate>,
    pub contract_end: Option<NaiveDate>,
    pub duration_months: u32,
    pub tender_status: Option<String>,
    pub stage: Stage,
    pub cpv: Vec<String>,
    pub service_line: String,
    pub vcse_suitable: Option<bool>,
    pub sme_suitable: Option<bool>,
    pub notice_type: Option<String>,
    pub uri: Option<String>,
    /// What was assumed or left out, said in the summary.
    pub notes: Vec<String>,
}

/// The value at `path` as trimmed text: a string, or a number written out; empty is none.
fn text(v: &Value, path: &[&str]) -> Option<String> {
    let mut at = v;
    for p in path {
        at = at.get(p)?;
    }
    let s = match at {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let s = crate::text::clean(&s);
    (!s.is_empty()).then_some(s)
}

fn flag(v: &Value, path: &[&str]) -> Option<bool> {
    let mut at = v;
    for p in path {
        at = at.get(p)?;
    }
    match at {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" => Some(true),
            "false" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A date from an OCDS date-time (`2016-03-31T00:00:00Z`) or date.
fn date(v: &Value, path: &[&str]) -> Option<NaiveDate> {
    let s = text(v, path)?;
    crate::dates::parse_iso(s.get(..10)?).ok()
}

/// A money amount: a JSON number or a numeric string, not negative.
fn amount(v: &Value, path: &[&str]) -> Option<Decimal> {
    let s = text(v, path)?;
    let d = s
        .parse::<Decimal>()
        .or_else(|_| Decimal::from_scientific(&s))
        .ok()?;
    (d >= Decimal::ZERO).then(|| d.round_dp(2))
}

/// What the notice's tender status means for a hub that has not yet decided anything.
pub fn stage_of(status: Option<&str>, awarded_to_us: bool) -> Stage {
    match status.map(str::to_ascii_lowercase).as_deref() {
        Some("complete") if awarded_to_us => Stage::Won,
        Some("complete") => Stage::Lost,
        Some("cancelled" | "unsuccessful" | "withdrawn") => Stage::Withdrawn,
        _ => Stage::Identified,
    }
}

/// Reads a compiled release; `Err` is why it cannot be an opportunity.
pub fn read(r: &Value, cfg: &OcdsConfig) -> Result<Notice, String> {
    let ocid = text(r, &["ocid"]).ok_or("no ocid")?;
    if let Some(parent) = parent_of(r) {
        return Err(format!("a sub-contract under {parent}, not an opportunity"));
    }
    let tender = r.get("tender").cloned().unwrap_or(Value::Null);
    let title = text(&tender, &["title"])
        .or_else(|| text(r, &["title"]))
        .ok_or("no title (tender.title)")?;
    let (buyer_name, buyer_id) =
        buyer(r).ok_or("no buyer (buyer or a party with the role buyer)")?;
    let deadline = date(&tender, &["tenderPeriod", "endDate"])
        .ok_or("no deadline (tender.tenderPeriod.endDate missing, null or not a date)")?;
    let mut notes = Vec::new();
    let (amount, value_basis, currency) = value_of(&tender, &mut notes);
    let value = match (&currency[..], amount) {
        ("GBP", Some(a)) => a,
        (_, Some(_)) => {
            notes.push(format!("value in {currency}: kept, not counted in pounds"));
            Decimal::ZERO
        }
        _ => Decimal::ZERO,
    };
    let (contract_start, contract_end, duration_months) = period(r, &tender, &mut notes);
    let cpv = cpvs(&tender);
    let service_line = match cfg.service_line_of(&cpv) {
        Some(l) => l.to_string(),
        None => {
            if !cpv.is_empty() {
                notes.push(format!(
                    "CPV {} not mapped to a service line",
                    cpv.join(", ")
                ));
            }
            UNCLASSIFIED.to_string()
        }
    };
    let tender_status = text(&tender, &["status"]);
    let stage = stage_of(tender_status.as_deref(), awarded_to(r, cfg));
    Ok(Notice {
        release_id: text(r, &["id"]).unwrap_or_else(|| ocid.clone()),
        release_date: text(r, &["date"]),
        ocid,
        title,
        buyer_name,
        buyer_id,
        value,
        value_basis,
        currency,
        amount,
        deadline,
        contract_start,
        contract_end,
        duration_months,
        tender_status,
        stage,
        cpv,
        service_line,
        vcse_suitable: flag(&tender, &["suitability", "vcse"])
            .or_else(|| flag(&tender, &["xClassifications", "isSuitableForVco"])),
        sme_suitable: flag(&tender, &["suitability", "sme"])
            .or_else(|| flag(&tender, &["xClassifications", "isSuitableForSme"])),
        notice_type: notice_type(r, &tender),
        uri: text(r, &["uri"]).or_else(|| text(r, &["packageUri"])),
        notes,
    })
}

/// The process this one is a sub-contract of, if its related processes name a parent.
fn parent_of(r: &Value) -> Option<String> {
    r.get("relatedProcesses")?
        .as_array()?
        .iter()
        .find(|p| {
            p.get("relationship")
                .and_then(Value::as_array)
                .is_some_and(|rel| rel.iter().any(|x| x.as_str() == Some("parent")))
        })
        .map(|p| text(p, &["identifier"]).unwrap_or_else(|| "another process".into()))
}

fn buyer(r: &Value) -> Option<(String, Option<String>)> {
    let party = r
        .get("buyer")
        .filter(|b| text(b, &["name"]).is_some())
        .or_else(|| {
            r.get("parties")?.as_array()?.iter().find(|p| {
                p.get("roles")
                    .and_then(Value::as_array)
                    .is_some_and(|roles| roles.iter().any(|x| x.as_str() == Some("buyer")))
            })
        })?;
    let name = text(party, &["name"])?;
    let id = match (
        text(party, &["identifier", "scheme"]),
        text(party, &["identifier", "id"]),
    ) {
        (Some(s), Some(i)) => Some(format!("{s}-{i}")),
        (None, Some(i)) => Some(i),
        _ => text(party, &["id"]),
    };
    Some((name, id))
}

fn value_of(tender: &Value, notes: &mut Vec<String>) -> (Option<Decimal>, ValueBasis, String) {
    let currency = |key: &str| text(tender, &[key, "currency"]).map(|c| c.to_ascii_uppercase());
    if let Some(a) = amount(tender, &["value", "amount"]) {
        return (
            Some(a),
            ValueBasis::Value,
            currency("value").unwrap_or_else(gbp),
        );
    }
    if let Some(a) = amount(tender, &["minValue", "amount"]) {
        notes.push("value from minValue (the notice gives no value)".into());
        return (
            Some(a),
            ValueBasis::MinValue,
            currency("minValue").unwrap_or_else(gbp),
        );
    }
    notes.push("no value given: £0 until one is known".into());
    (
        None,
        ValueBasis::None,
        currency("value").unwrap_or_else(gbp),
    )
}

fn gbp() -> String {
    "GBP".into()
}

/// The contract's period and length in months: tender.contractPeriod, else the first award's or
/// contract's period, else Contracts Finder's "Contract start"/"Contract end" milestones; twelve
/// months when none says.
fn period(
    r: &Value,
    tender: &Value,
    notes: &mut Vec<String>,
) -> (Option<NaiveDate>, Option<NaiveDate>, u32) {
    let first = |key: &str, field: &str| -> Option<Value> {
        r.get(key)?.as_array()?.first()?.get(field).cloned()
    };
    let candidates: Vec<Value> = [
        tender.get("contractPeriod").cloned(),
        first("awards", "contractPeriod"),
        first("contracts", "period"),
    ]
    .into_iter()
    .flatten()
    .collect();
    for p in &candidates {
        let (s, e) = (date(p, &["startDate"]), date(p, &["endDate"]));
        if let (Some(s), Some(e)) = (s, e)
            && e >= s
        {
            return (Some(s), Some(e), crate::dates::months_spanned(s, e));
        }
        if let Some(days) = text(p, &["durationInDays"]).and_then(|d| d.parse::<u32>().ok())
            && days > 0
        {
            return (s, e, days.div_ceil(30).clamp(1, 1200));
        }
    }
    let milestone = |title: &str| {
        tender
            .get("milestones")?
            .as_array()?
            .iter()
            .find(|m| text(m, &["title"]).is_some_and(|t| t.eq_ignore_ascii_case(title)))
            .and_then(|m| date(m, &["dueDate"]))
    };
    if let (Some(s), Some(e)) = (milestone("Contract start"), milestone("Contract end"))
        && e >= s
    {
        return (Some(s), Some(e), crate::dates::months_spanned(s, e));
    }
    notes.push("no contract period: 12 months assumed".into());
    (None, None, 12)
}

fn cpvs(tender: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |c: &Value| {
        let is_cpv = text(c, &["scheme"]).is_some_and(|s| s.eq_ignore_ascii_case("CPV"));
        if is_cpv && let Some(id) = text(c, &["id"]) {
            let digits: String = id.chars().take_while(char::is_ascii_digit).collect();
            if !digits.is_empty() && !out.contains(&digits) {
                out.push(digits);
            }
        }
    };
    if let Some(c) = tender.get("classification") {
        add(c);
    }
    for item in tender
        .get("items")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(c) = item.get("classification") {
            add(c);
        }
        for c in item
            .get("additionalClassifications")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            add(c);
        }
    }
    out
}

/// The UK notice type (UK1–UK17) of the latest document that gives one, else the release's tags.
fn notice_type(r: &Value, tender: &Value) -> Option<String> {
    let docs = [tender.get("documents"), r.get("documents")];
    let typed = docs
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(|d| text(d, &["noticeType"]))
        .next_back();
    typed.or_else(|| {
        let tags: Vec<String> = r
            .get("tag")?
            .as_array()?
            .iter()
            .filter_map(|t| t.as_str().map(crate::text::clean))
            .collect();
        (!tags.is_empty()).then(|| tags.join(", "))
    })
}

/// Whether an award names the consortium as a supplier (by identifier, else by name).
fn awarded_to(r: &Value, cfg: &OcdsConfig) -> bool {
    let ours = |p: &Value| {
        let id = text(p, &["id"]);
        let name = text(p, &["name"]);
        (!cfg.consortium_id.is_empty() && id.as_deref() == Some(cfg.consortium_id.trim()))
            || id.as_deref() == Some(cfg.party_id().as_str())
            || name.is_some_and(|n| n.eq_ignore_ascii_case(cfg.consortium_name.trim()))
    };
    r.get("awards")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(|a| {
            a.get("suppliers")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
        })
        .any(ours)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cfg() -> OcdsConfig {
        OcdsConfig::default()
    }

    #[test]
    fn a_null_value_takes_min_value_and_a_messy_release_is_read() {
        let r = json!({
            "ocid": "ocds-x-1", "id": 7, "date": "2016-01-01T00:00:00Z",
            "buyer": {"name": " Met Office ", "identifier": {"scheme": "", "id": ""}},
            "tender": {
                "title": " Climate ", "status": "active",
                "value": {"currency": "GBP", "amount": null},
                "minValue": {"currency": "GBP", "amount": 40676},
                "tenderPeriod": {"endDate": "2016-03-31T00:00:00Z"},
                "items": [{"id": 1, "classification": {"scheme": "CPV", "id": "85312400"}}],
                "xClassifications": {"isSuitableForVco": true},
            }
        });
        let n = read(&r, &cfg()).unwrap();
        assert_eq!(n.title, "Climate");
        assert_eq!(n.buyer_name, "Met Office");
        assert_eq!(n.buyer_id, None);
        assert_eq!(n.value, Decimal::from(40676));
        assert_eq!(n.value_basis, ValueBasis::MinValue);
        assert_eq!(n.release_id, "7");
        assert_eq!(n.service_line, "Family support");
        assert_eq!(n.vcse_suitable, Some(true));
        assert_eq!(n.stage, Stage::Identified);
        assert_eq!(n.duration_months, 12);
    }

    #[test]
    fn a_release_that_cannot_be_an_opportunity_says_why() {
        let no_deadline = json!({"ocid": "o", "buyer": {"name": "B"}, "tender": {"title": "T"}});
        assert!(read(&no_deadline, &cfg()).unwrap_err().contains("deadline"));
        let no_title = json!({"ocid": "o", "buyer": {"name": "B"}, "tender": {}});
        assert!(read(&no_title, &cfg()).unwrap_err().contains("title"));
    }

    #[test]
    fn a_foreign_currency_is_kept_beside_a_zero_in_pounds() {
        let r = json!({"ocid": "o", "buyer": {"name": "B"}, "tender": {"title": "T",
            "value": {"amount": "1000.5", "currency": "eur"},
            "tenderPeriod": {"endDate": "2026-01-02"}}});
        let n = read(&r, &cfg()).unwrap();
        assert_eq!(
            (n.value, n.amount, n.currency.as_str()),
            (Decimal::ZERO, Some(Decimal::new(10005, 1)), "EUR")
        );
        assert!(n.notes.iter().any(|x| x.contains("EUR")));
    }

    #[test]
    fn a_complete_tender_is_won_only_when_awarded_to_the_consortium() {
        assert_eq!(stage_of(Some("complete"), true), Stage::Won);
        assert_eq!(stage_of(Some("complete"), false), Stage::Lost);
        assert_eq!(stage_of(Some("cancelled"), false), Stage::Withdrawn);
        assert_eq!(stage_of(Some("planned"), false), Stage::Identified);
        assert_eq!(stage_of(None, false), Stage::Identified);
    }
}
