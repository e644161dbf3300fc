-- Schema version 8: opportunities taken from published notices (the Open Contracting Data
-- Standard). One row per contracting process (its ocid), naming the opportunity it became and
-- what the notice said when last imported — kept beside what the hub decided, never over it.
CREATE TABLE ocds_notices (
    ocid TEXT PRIMARY KEY,
    opportunity TEXT NOT NULL UNIQUE REFERENCES opportunities(code),
    release_id TEXT NOT NULL,
    release_date TEXT,
    notice_type TEXT,
    buyer_id TEXT,
    -- Which figure the value came from: the notice's value, its minimum value, or neither.
    value_basis TEXT NOT NULL CHECK (value_basis IN ('value', 'minValue', 'none')),
    currency TEXT NOT NULL,
    amount TEXT,
    tender_status TEXT,
    -- The stage the notice's status means, beside the stage the hub holds.
    notice_stage TEXT NOT NULL,
    cpv TEXT,
    vcse_suitable INTEGER CHECK (vcse_suitable IN (0, 1)),
    sme_suitable INTEGER CHECK (sme_suitable IN (0, 1)),
    contract_start TEXT,
    contract_end TEXT,
    uri TEXT,
    source_file TEXT NOT NULL
) WITHOUT ROWID;
