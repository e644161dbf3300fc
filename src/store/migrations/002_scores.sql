-- Schema version 2: cached performance scores. These are derived data, not records: they can be
-- dropped and recomputed at any time, so writing them needs no audit row.

-- Fingerprints of the settings (and the day) the caches were computed under.
CREATE TABLE scoring_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- One submitted return's period score (0–100, two places) under the scoring settings.
CREATE TABLE period_scores (
    subcontract TEXT NOT NULL,
    period TEXT NOT NULL,
    score TEXT NOT NULL,
    PRIMARY KEY (subcontract, period)
) WITHOUT ROWID;

-- One sub-contract's assessment as of a day: what member standings need in columns, and the
-- whole assessment (signals and all) as JSON, read only for flagged rows.
CREATE TABLE subcontract_scores (
    subcontract TEXT PRIMARY KEY,
    member TEXT NOT NULL,
    status TEXT NOT NULL,
    value TEXT NOT NULL,
    overall TEXT,
    standing TEXT,
    flagged INTEGER NOT NULL CHECK (flagged IN (0, 1)),
    assessment TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX subcontract_scores_member ON subcontract_scores(member);

-- A changed return invalidates its period score and its sub-contract's assessment; a changed
-- sub-contract, profile or claim invalidates the assessment.
CREATE TRIGGER period_scores_on_return_insert AFTER INSERT ON monitoring_returns
BEGIN
    DELETE FROM period_scores WHERE subcontract = NEW.subcontract AND period = NEW.period;
    DELETE FROM subcontract_scores WHERE subcontract = NEW.subcontract;
END;
CREATE TRIGGER period_scores_on_return_update AFTER UPDATE ON monitoring_returns
BEGIN
    DELETE FROM period_scores WHERE subcontract = OLD.subcontract AND period = OLD.period;
    DELETE FROM period_scores WHERE subcontract = NEW.subcontract AND period = NEW.period;
    DELETE FROM subcontract_scores WHERE subcontract IN (OLD.subcontract, NEW.subcontract);
END;
CREATE TRIGGER period_scores_on_return_delete AFTER DELETE ON monitoring_returns
BEGIN
    DELETE FROM period_scores WHERE subcontract = OLD.subcontract AND period = OLD.period;
    DELETE FROM subcontract_scores WHERE subcontract = OLD.subcontract;
END;
CREATE TRIGGER subcontract_scores_on_update AFTER UPDATE ON subcontracts
BEGIN
    DELETE FROM subcontract_scores WHERE subcontract IN (OLD.code, NEW.code);
END;
CREATE TRIGGER subcontract_scores_on_delete AFTER DELETE ON subcontracts
BEGIN
    DELETE FROM subcontract_scores WHERE subcontract = OLD.code;
    DELETE FROM period_scores WHERE subcontract = OLD.code;
END;
CREATE TRIGGER subcontract_scores_on_profile AFTER INSERT ON delivery_profiles
BEGIN
    DELETE FROM subcontract_scores WHERE subcontract = NEW.subcontract;
END;
CREATE TRIGGER subcontract_scores_on_profile_update AFTER UPDATE ON delivery_profiles
BEGIN
    DELETE FROM subcontract_scores WHERE subcontract IN (OLD.subcontract, NEW.subcontract);
END;
CREATE TRIGGER subcontract_scores_on_claim AFTER INSERT ON claims
BEGIN
    DELETE FROM subcontract_scores WHERE subcontract = NEW.subcontract;
END;
