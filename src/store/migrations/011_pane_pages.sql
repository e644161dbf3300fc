-- Schema version 11: what each pane's first screen reads, kept where an index serves it.
--
-- Member capacity's commitments: the sub-contracts (proposed or active, not handed on to another
-- member) and units a month each member has committed per service line, kept by the writes that
-- change them, so the pane need not add up every sub-contract. Derived data, like the score
-- caches: the triggers below keep it, and it can be rebuilt from the records at any time.
CREATE TABLE capacity_commitments (
    member TEXT NOT NULL,
    service_line TEXT NOT NULL,
    contracts INTEGER NOT NULL,
    units INTEGER NOT NULL,
    PRIMARY KEY (member, service_line)
) WITHOUT ROWID;

-- What each sub-contract commits, where it commits: the one definition the triggers add and take.
CREATE VIEW capacity_commitment_of AS
    SELECT s.code, s.opportunity, s.member, o.service_line, s.units_per_month AS units
    FROM subcontracts s JOIN opportunities o ON o.code = s.opportunity
    WHERE s.status IN ('proposed', 'active')
      AND NOT EXISTS (SELECT 1 FROM suspensions p WHERE p.subcontract = s.code
                       AND p.lifted IS NULL AND p.transferred_to IS NOT NULL);

INSERT INTO capacity_commitments (member, service_line, contracts, units)
    SELECT member, service_line, COUNT(*), SUM(units) FROM capacity_commitment_of
    GROUP BY member, service_line;

-- Each change takes away what the rows it touches committed before it (BEFORE) and adds what
-- they commit after it (AFTER); a cell no sub-contract commits any more is removed. A bulk load
-- (an import) pauses them by a row in `capacity_commitments_paused` and adds everything up once
-- at its end, in the same transaction.
CREATE TABLE capacity_commitments_paused (
    why TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TRIGGER capacity_before_subcontract_update BEFORE UPDATE ON subcontracts
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
BEGIN
    INSERT INTO capacity_commitments (member, service_line, contracts, units)
        SELECT member, service_line, -COUNT(*), -SUM(units) FROM capacity_commitment_of
        WHERE code = OLD.code GROUP BY member, service_line
    ON CONFLICT (member, service_line) DO UPDATE
        SET contracts = contracts + excluded.contracts, units = units + excluded.units;
END;
CREATE TRIGGER capacity_before_subcontract_delete BEFORE DELETE ON subcontracts
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
BEGIN
    INSERT INTO capacity_commitments (member, service_line, contracts, units)
        SELECT member, service_line, -COUNT(*), -SUM(units) FROM capacity_commitment_of
        WHERE code = OLD.code GROUP BY member, service_line
    ON CONFLICT (member, service_line) DO UPDATE
        SET contracts = contracts + excluded.contracts, units = units + excluded.units;
    DELETE FROM capacity_commitments WHERE contracts <= 0;
END;
CREATE TRIGGER capacity_after_subcontract_insert AFTER INSERT ON subcontracts
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
BEGIN
    INSERT INTO capacity_commitments (member, service_line, contracts, units)
        SELECT member, service_line, COUNT(*), SUM(units) FROM capacity_commitment_of
        WHERE code = NEW.code GROUP BY member, service_line
    ON CONFLICT (member, service_line) DO UPDATE
        SET contracts = contracts + excluded.contracts, units = units + excluded.units;
END;
CREATE TRIGGER capacity_after_subcontract_update AFTER UPDATE ON subcontracts
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
BEGIN
    INSERT INTO capacity_commitments (member, service_line, contracts, units)
        SELECT member, service_line, COUNT(*), SUM(units) FROM capacity_commitment_of
        WHERE code = NEW.code GROUP BY member, service_line
    ON CONFLICT (member, service_line) DO UPDATE
        SET contracts = contracts + excluded.contracts, units = units + excluded.units;
    DELETE FROM capacity_commitments WHERE contracts <= 0;
END;

CREATE TRIGGER capacity_before_suspension_insert BEFORE INSERT ON suspensions
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
BEGIN
    INSERT INTO capacity_commitments (member, service_line, contracts, units)
        SELECT member, service_line, -COUNT(*), -SUM(units) FROM capacity_commitment_of
        WHERE code = NEW.subcontract GROUP BY member, service_line
    ON CONFLICT (member, service_line) DO UPDATE
        SET contracts = contracts + excluded.contracts, units = units + excluded.units;
END;
CREATE TRIGGER capacity_after_suspension_insert AFTER INSERT ON suspensions
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
BEGIN
    INSERT INTO capacity_commitments (member, service_line, contracts, units)
        SELECT member, service_line, COUNT(*), SUM(units) FROM capacity_commitment_of
        WHERE code = NEW.subcontract GROUP BY member, service_line
    ON CONFLICT (member, service_line) DO UPDATE
        SET contracts = contracts + excluded.contracts, units = units + excluded.units;
    DELETE FROM capacity_commitments WHERE contracts <= 0;
END;
CREATE TRIGGER capacity_before_suspension_update BEFORE UPDATE ON suspensions
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
BEGIN
    INSERT INTO capacity_commitments (member, service_line, contracts, units)
        SELECT member, service_line, -COUNT(*), -SUM(units) FROM capacity_commitment_of
        WHERE code IN (OLD.subcontract, NEW.subcontract) GROUP BY member, service_line
    ON CONFLICT (member, service_line) DO UPDATE
        SET contracts = contracts + excluded.contracts, units = units + excluded.units;
END;
CREATE TRIGGER capacity_after_suspension_update AFTER UPDATE ON suspensions
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
BEGIN
    INSERT INTO capacity_commitments (member, service_line, contracts, units)
        SELECT member, service_line, COUNT(*), SUM(units) FROM capacity_commitment_of
        WHERE code IN (OLD.subcontract, NEW.subcontract) GROUP BY member, service_line
    ON CONFLICT (member, service_line) DO UPDATE
        SET contracts = contracts + excluded.contracts, units = units + excluded.units;
    DELETE FROM capacity_commitments WHERE contracts <= 0;
END;
CREATE TRIGGER capacity_before_suspension_delete BEFORE DELETE ON suspensions
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
BEGIN
    INSERT INTO capacity_commitments (member, service_line, contracts, units)
        SELECT member, service_line, -COUNT(*), -SUM(units) FROM capacity_commitment_of
        WHERE code = OLD.subcontract GROUP BY member, service_line
    ON CONFLICT (member, service_line) DO UPDATE
        SET contracts = contracts + excluded.contracts, units = units + excluded.units;
END;
CREATE TRIGGER capacity_after_suspension_delete AFTER DELETE ON suspensions
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
BEGIN
    INSERT INTO capacity_commitments (member, service_line, contracts, units)
        SELECT member, service_line, COUNT(*), SUM(units) FROM capacity_commitment_of
        WHERE code = OLD.subcontract GROUP BY member, service_line
    ON CONFLICT (member, service_line) DO UPDATE
        SET contracts = contracts + excluded.contracts, units = units + excluded.units;
    DELETE FROM capacity_commitments WHERE contracts <= 0;
END;

-- An opportunity's service line decides where its sub-contracts commit; one recorded after its
-- sub-contracts (an import in any order) brings their commitments in.
CREATE TRIGGER capacity_before_opportunity_update BEFORE UPDATE OF code, service_line ON opportunities
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
BEGIN
    INSERT INTO capacity_commitments (member, service_line, contracts, units)
        SELECT member, service_line, -COUNT(*), -SUM(units) FROM capacity_commitment_of
        WHERE opportunity = OLD.code GROUP BY member, service_line
    ON CONFLICT (member, service_line) DO UPDATE
        SET contracts = contracts + excluded.contracts, units = units + excluded.units;
END;
CREATE TRIGGER capacity_after_opportunity_update AFTER UPDATE OF code, service_line ON opportunities
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
BEGIN
    INSERT INTO capacity_commitments (member, service_line, contracts, units)
        SELECT member, service_line, COUNT(*), SUM(units) FROM capacity_commitment_of
        WHERE opportunity = NEW.code GROUP BY member, service_line
    ON CONFLICT (member, service_line) DO UPDATE
        SET contracts = contracts + excluded.contracts, units = units + excluded.units;
    DELETE FROM capacity_commitments WHERE contracts <= 0;
END;
CREATE TRIGGER capacity_after_opportunity_insert AFTER INSERT ON opportunities
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
BEGIN
    INSERT INTO capacity_commitments (member, service_line, contracts, units)
        SELECT member, service_line, COUNT(*), SUM(units) FROM capacity_commitment_of
        WHERE opportunity = NEW.code GROUP BY member, service_line
    ON CONFLICT (member, service_line) DO UPDATE
        SET contracts = contracts + excluded.contracts, units = units + excluded.units;
END;
CREATE TRIGGER capacity_before_opportunity_delete BEFORE DELETE ON opportunities
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
BEGIN
    INSERT INTO capacity_commitments (member, service_line, contracts, units)
        SELECT member, service_line, -COUNT(*), -SUM(units) FROM capacity_commitment_of
        WHERE opportunity = OLD.code GROUP BY member, service_line
    ON CONFLICT (member, service_line) DO UPDATE
        SET contracts = contracts + excluded.contracts, units = units + excluded.units;
    DELETE FROM capacity_commitments WHERE contracts <= 0;
END;

-- Sub-contract performance: where each cached assessment sorts worst first (group, overall score
-- in hundredths, recent delivery; missing and late returns are kept already) and whether its
-- only concern is the referral route, so the pane's first screen and the standings that raise
-- risks are read by index rather than worked out from every assessment.
ALTER TABLE subcontract_scores ADD COLUMN worst_group INTEGER;
ALTER TABLE subcontract_scores ADD COLUMN overall_rank INTEGER;
ALTER TABLE subcontract_scores ADD COLUMN recent_rank INTEGER;
ALTER TABLE subcontract_scores ADD COLUMN referral_route INTEGER;
ALTER TABLE subcontract_scores ADD COLUMN route_only INTEGER;
-- Cached rows from before have none of these: they are worked out again on the next look.
DELETE FROM subcontract_scores;
CREATE INDEX subcontract_scores_worst ON subcontract_scores
    (worst_group, overall_rank, recent_rank, missing DESC, late DESC, subcontract);
-- The standings behind the generated risks, read from the index alone (the assessment's JSON
-- lies between these columns in the row).
CREATE INDEX subcontract_scores_standings
    ON subcontract_scores (status, route_only, standing, overall);
