-- Schema version 1: the consortium's records and the append-only audit log.
-- Money is TEXT holding exact decimal pounds ('1234.50'); dates are ISO TEXT ('2026-03-12');
-- reporting periods are 'YYYY-MM'.

CREATE TABLE commissioners (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL
);

CREATE TABLE members (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    tier TEXT NOT NULL CHECK (tier IN ('full', 'associate')),
    org_type TEXT NOT NULL,
    registered_number TEXT NOT NULL,
    annual_income TEXT NOT NULL,
    clusters TEXT NOT NULL DEFAULT '',
    geography TEXT NOT NULL,
    staff INTEGER NOT NULL CHECK (staff >= 0),
    volunteers INTEGER NOT NULL CHECK (volunteers >= 0),
    joined TEXT NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE member_capacity (
    member TEXT NOT NULL REFERENCES members(code),
    service_line TEXT NOT NULL,
    units_per_month INTEGER NOT NULL CHECK (units_per_month >= 0),
    PRIMARY KEY (member, service_line)
) WITHOUT ROWID;

CREATE TABLE compliance_items (
    member TEXT NOT NULL REFERENCES members(code),
    kind TEXT NOT NULL,
    reference TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    PRIMARY KEY (member, kind, reference)
) WITHOUT ROWID;

CREATE TABLE opportunities (
    code TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    commissioner TEXT NOT NULL REFERENCES commissioners(code),
    service_line TEXT NOT NULL,
    kind TEXT NOT NULL,
    stage TEXT NOT NULL,
    deadline TEXT NOT NULL,
    value TEXT NOT NULL,
    duration_months INTEGER NOT NULL CHECK (duration_months > 0),
    payment_model TEXT NOT NULL,
    top_slice_pct TEXT NOT NULL,
    bid_score INTEGER CHECK (bid_score BETWEEN 0 AND 100),
    decision TEXT,
    decision_reason TEXT,
    award_route TEXT,
    row_version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX opportunities_stage ON opportunities(stage, deadline);

CREATE TABLE subcontracts (
    code TEXT PRIMARY KEY,
    opportunity TEXT NOT NULL REFERENCES opportunities(code),
    member TEXT NOT NULL REFERENCES members(code),
    let_by TEXT REFERENCES members(code),
    value TEXT NOT NULL,
    start TEXT NOT NULL,
    end TEXT NOT NULL CHECK (end >= start),
    units_per_month INTEGER NOT NULL CHECK (units_per_month >= 0),
    payment_model TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('proposed', 'active', 'suspended', 'terminated', 'completed')),
    transferred_from TEXT REFERENCES subcontracts(code),
    row_version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX subcontracts_member ON subcontracts(member, status);
CREATE INDEX subcontracts_opportunity ON subcontracts(opportunity);
CREATE INDEX subcontracts_status ON subcontracts(status);

CREATE TABLE monitoring_returns (
    subcontract TEXT NOT NULL REFERENCES subcontracts(code),
    period TEXT NOT NULL,
    due TEXT NOT NULL,
    submitted TEXT,
    units_target INTEGER NOT NULL CHECK (units_target >= 0),
    units_delivered INTEGER NOT NULL CHECK (units_delivered >= 0),
    outcomes_target INTEGER NOT NULL CHECK (outcomes_target >= 0),
    outcomes_achieved INTEGER NOT NULL CHECK (outcomes_achieved >= 0),
    milestones_due INTEGER NOT NULL CHECK (milestones_due >= 0),
    milestones_met INTEGER NOT NULL CHECK (milestones_met >= 0),
    spend TEXT NOT NULL,
    paid TEXT NOT NULL,
    quality_grade INTEGER CHECK (quality_grade BETWEEN 1 AND 4),
    referrals INTEGER NOT NULL CHECK (referrals >= 0),
    PRIMARY KEY (subcontract, period)
) WITHOUT ROWID;

CREATE TABLE delivery_profiles (
    subcontract TEXT NOT NULL REFERENCES subcontracts(code),
    revision INTEGER NOT NULL,
    effective_from TEXT NOT NULL,
    units_per_month INTEGER NOT NULL CHECK (units_per_month >= 0),
    reason TEXT NOT NULL,
    recorded TEXT NOT NULL,
    PRIMARY KEY (subcontract, revision)
) WITHOUT ROWID;

CREATE TABLE suspensions (
    subcontract TEXT NOT NULL REFERENCES subcontracts(code),
    decided TEXT NOT NULL,
    effective TEXT NOT NULL CHECK (effective >= decided),
    reason_code TEXT NOT NULL,
    reason TEXT NOT NULL,
    urgent INTEGER NOT NULL CHECK (urgent IN (0, 1)),
    lifted TEXT,
    PRIMARY KEY (subcontract, decided)
) WITHOUT ROWID;

CREATE TABLE claims (
    code TEXT PRIMARY KEY,
    subcontract TEXT NOT NULL REFERENCES subcontracts(code),
    raised TEXT NOT NULL,
    paid TEXT NOT NULL,
    earned TEXT NOT NULL,
    amount TEXT NOT NULL,
    reason TEXT NOT NULL
);

CREATE TABLE risks (
    code TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    category TEXT NOT NULL,
    owner TEXT NOT NULL,
    scale TEXT NOT NULL,
    gross_probability INTEGER NOT NULL CHECK (gross_probability >= 0),
    gross_impact INTEGER NOT NULL CHECK (gross_impact >= 0),
    preventative_controls TEXT NOT NULL DEFAULT '',
    curative_controls TEXT NOT NULL DEFAULT '',
    net_probability INTEGER,
    net_impact INTEGER,
    review_date TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    entity_kind TEXT NOT NULL,
    entity_code TEXT,
    generated_by TEXT
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    reason TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log(entity);

-- The program only ever appends; these stop an accidental edit. A deliberate one (dropping the
-- triggers first) is still caught by `hubboard audit verify` through the hash chain.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
