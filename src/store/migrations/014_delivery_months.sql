-- Schema version 14: units delivered and targeted by month over the submitted returns of active
-- and suspended sub-contracts, kept by the writes that change them, so the Board's delivery trend
-- need not add up every return in its months on each look. Derived data, like the totals of
-- migrations 11 and 13: the triggers keep it, paused by the same row for a bulk load, and it can
-- be rebuilt from the records at any time.
--
-- Exact: a return whose units are not both integers is counted in `odd`, and while one is, or a
-- sum has passed what an integer holds (SQLite then keeps a real), the months are added up from
-- the records instead. A month with no return counted is removed.
CREATE TABLE delivery_months (
    period TEXT PRIMARY KEY,
    returns INTEGER NOT NULL,
    delivered INTEGER NOT NULL,
    target INTEGER NOT NULL,
    odd INTEGER NOT NULL
) WITHOUT ROWID;

-- What each counted return adds: the one definition the triggers add and take.
CREATE VIEW delivery_month_of AS
    SELECT r.subcontract, r.period,
        CASE WHEN typeof(r.units_delivered) = 'integer' AND typeof(r.units_target) = 'integer'
             THEN r.units_delivered ELSE 0 END AS delivered,
        CASE WHEN typeof(r.units_delivered) = 'integer' AND typeof(r.units_target) = 'integer'
             THEN r.units_target ELSE 0 END AS target,
        CASE WHEN typeof(r.units_delivered) = 'integer' AND typeof(r.units_target) = 'integer'
             THEN 0 ELSE 1 END AS odd
    FROM monitoring_returns r JOIN subcontracts s ON s.code = r.subcontract
    WHERE r.submitted IS NOT NULL AND s.status IN ('active', 'suspended');

-- Added one return at a time (an upsert, never SUM, which stops at an integer overflow).
INSERT INTO delivery_months (period, returns, delivered, target, odd)
    SELECT period, 1, delivered, target, odd FROM delivery_month_of WHERE true
ON CONFLICT (period) DO UPDATE SET returns = returns + excluded.returns,
    delivered = delivered + excluded.delivered, target = target + excluded.target,
    odd = odd + excluded.odd;

-- A return written, changed or removed.
CREATE TRIGGER delivery_months_return_before_update
BEFORE UPDATE OF subcontract, period, submitted, units_delivered, units_target
ON monitoring_returns
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
BEGIN
    INSERT INTO delivery_months (period, returns, delivered, target, odd)
        SELECT period, -1, -delivered, -target, -odd FROM delivery_month_of
        WHERE subcontract = OLD.subcontract AND period = OLD.period
    ON CONFLICT (period) DO UPDATE SET returns = returns + excluded.returns,
        delivered = delivered + excluded.delivered, target = target + excluded.target,
        odd = odd + excluded.odd;
END;
CREATE TRIGGER delivery_months_return_after_update
AFTER UPDATE OF subcontract, period, submitted, units_delivered, units_target
ON monitoring_returns
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
BEGIN
    INSERT INTO delivery_months (period, returns, delivered, target, odd)
        SELECT period, 1, delivered, target, odd FROM delivery_month_of
        WHERE subcontract = NEW.subcontract AND period = NEW.period
    ON CONFLICT (period) DO UPDATE SET returns = returns + excluded.returns,
        delivered = delivered + excluded.delivered, target = target + excluded.target,
        odd = odd + excluded.odd;
    DELETE FROM delivery_months WHERE returns = 0;
END;
CREATE TRIGGER delivery_months_return_after_insert AFTER INSERT ON monitoring_returns
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
BEGIN
    INSERT INTO delivery_months (period, returns, delivered, target, odd)
        SELECT period, 1, delivered, target, odd FROM delivery_month_of
        WHERE subcontract = NEW.subcontract AND period = NEW.period
    ON CONFLICT (period) DO UPDATE SET returns = returns + excluded.returns,
        delivered = delivered + excluded.delivered, target = target + excluded.target,
        odd = odd + excluded.odd;
END;
CREATE TRIGGER delivery_months_return_before_delete BEFORE DELETE ON monitoring_returns
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
BEGIN
    INSERT INTO delivery_months (period, returns, delivered, target, odd)
        SELECT period, -1, -delivered, -target, -odd FROM delivery_month_of
        WHERE subcontract = OLD.subcontract AND period = OLD.period
    ON CONFLICT (period) DO UPDATE SET returns = returns + excluded.returns,
        delivered = delivered + excluded.delivered, target = target + excluded.target,
        odd = odd + excluded.odd;
    DELETE FROM delivery_months WHERE returns = 0;
END;

-- A sub-contract entering or leaving the active and suspended ones brings or takes its returns.
CREATE TRIGGER delivery_months_subcontract_before_update BEFORE UPDATE OF code, status
ON subcontracts
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
    AND (OLD.code IS NOT NEW.code
         OR (OLD.status IN ('active', 'suspended')) IS NOT (NEW.status IN ('active', 'suspended')))
BEGIN
    INSERT INTO delivery_months (period, returns, delivered, target, odd)
        SELECT period, -1, -delivered, -target, -odd FROM delivery_month_of
        WHERE subcontract = OLD.code
    ON CONFLICT (period) DO UPDATE SET returns = returns + excluded.returns,
        delivered = delivered + excluded.delivered, target = target + excluded.target,
        odd = odd + excluded.odd;
END;
CREATE TRIGGER delivery_months_subcontract_after_update AFTER UPDATE OF code, status
ON subcontracts
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
    AND (OLD.code IS NOT NEW.code
         OR (OLD.status IN ('active', 'suspended')) IS NOT (NEW.status IN ('active', 'suspended')))
BEGIN
    INSERT INTO delivery_months (period, returns, delivered, target, odd)
        SELECT period, 1, delivered, target, odd FROM delivery_month_of
        WHERE subcontract = NEW.code
    ON CONFLICT (period) DO UPDATE SET returns = returns + excluded.returns,
        delivered = delivered + excluded.delivered, target = target + excluded.target,
        odd = odd + excluded.odd;
    DELETE FROM delivery_months WHERE returns = 0;
END;
CREATE TRIGGER delivery_months_subcontract_after_insert AFTER INSERT ON subcontracts
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
BEGIN
    INSERT INTO delivery_months (period, returns, delivered, target, odd)
        SELECT period, 1, delivered, target, odd FROM delivery_month_of
        WHERE subcontract = NEW.code
    ON CONFLICT (period) DO UPDATE SET returns = returns + excluded.returns,
        delivered = delivered + excluded.delivered, target = target + excluded.target,
        odd = odd + excluded.odd;
END;
CREATE TRIGGER delivery_months_subcontract_before_delete BEFORE DELETE ON subcontracts
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
BEGIN
    INSERT INTO delivery_months (period, returns, delivered, target, odd)
        SELECT period, -1, -delivered, -target, -odd FROM delivery_month_of
        WHERE subcontract = OLD.code
    ON CONFLICT (period) DO UPDATE SET returns = returns + excluded.returns,
        delivered = delivered + excluded.delivered, target = target + excluded.target,
        odd = odd + excluded.odd;
    DELETE FROM delivery_months WHERE returns = 0;
END;
