-- Schema version 13: the active sub-contracts' number and value by member, kept by the writes that
-- change them, so the strip's active value and the concentration rule need not add up every active
-- sub-contract on each look. Derived data, like the commitments of migration 11: the triggers keep
-- it, paused by the same row for a bulk load, and it can be rebuilt from the records at any time.
--
-- Exact: a value written as hubboard writes money (digits, a point, two digits; at most fifteen
-- digits before the point) is kept in pence, an integer. Any other value is counted in `odd`, and
-- while one is, or a sum has passed what an integer holds (SQLite then keeps a real), the totals
-- are added up from the records instead.
CREATE TABLE active_values (
    member TEXT PRIMARY KEY,
    contracts INTEGER NOT NULL,
    pence INTEGER NOT NULL,
    odd INTEGER NOT NULL
) WITHOUT ROWID;

-- What each active sub-contract adds: the one definition the triggers add and take.
CREATE VIEW active_value_of AS
    SELECT code, member,
        CASE WHEN typeof(value) = 'text' AND length(value) BETWEEN 4 AND 18
                  AND value NOT GLOB '*[^0-9.]*' AND value GLOB '*[0-9].[0-9][0-9]'
                  AND value NOT GLOB '*.*.*'
             THEN CAST(replace(value, '.', '') AS INTEGER) ELSE 0 END AS pence,
        CASE WHEN typeof(value) = 'text' AND length(value) BETWEEN 4 AND 18
                  AND value NOT GLOB '*[^0-9.]*' AND value GLOB '*[0-9].[0-9][0-9]'
                  AND value NOT GLOB '*.*.*'
             THEN 0 ELSE 1 END AS odd
    FROM subcontracts WHERE status = 'active';

-- Added one sub-contract at a time (an upsert, never SUM, which stops at an integer overflow).
INSERT INTO active_values (member, contracts, pence, odd)
    SELECT member, 1, pence, odd FROM active_value_of WHERE true
ON CONFLICT (member) DO UPDATE SET contracts = contracts + excluded.contracts,
    pence = pence + excluded.pence, odd = odd + excluded.odd;

CREATE TRIGGER active_values_before_update BEFORE UPDATE OF code, member, status, value
ON subcontracts
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
BEGIN
    INSERT INTO active_values (member, contracts, pence, odd)
        SELECT member, -1, -pence, -odd FROM active_value_of WHERE code = OLD.code
    ON CONFLICT (member) DO UPDATE SET contracts = contracts + excluded.contracts,
        pence = pence + excluded.pence, odd = odd + excluded.odd;
END;
CREATE TRIGGER active_values_after_update AFTER UPDATE OF code, member, status, value
ON subcontracts
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
BEGIN
    INSERT INTO active_values (member, contracts, pence, odd)
        SELECT member, 1, pence, odd FROM active_value_of WHERE code = NEW.code
    ON CONFLICT (member) DO UPDATE SET contracts = contracts + excluded.contracts,
        pence = pence + excluded.pence, odd = odd + excluded.odd;
    DELETE FROM active_values WHERE contracts = 0;
END;
CREATE TRIGGER active_values_after_insert AFTER INSERT ON subcontracts
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
BEGIN
    INSERT INTO active_values (member, contracts, pence, odd)
        SELECT member, 1, pence, odd FROM active_value_of WHERE code = NEW.code
    ON CONFLICT (member) DO UPDATE SET contracts = contracts + excluded.contracts,
        pence = pence + excluded.pence, odd = odd + excluded.odd;
END;
CREATE TRIGGER active_values_before_delete BEFORE DELETE ON subcontracts
WHEN NOT EXISTS (SELECT 1 FROM capacity_commitments_paused)
BEGIN
    INSERT INTO active_values (member, contracts, pence, odd)
        SELECT member, -1, -pence, -odd FROM active_value_of WHERE code = OLD.code
    ON CONFLICT (member) DO UPDATE SET contracts = contracts + excluded.contracts,
        pence = pence + excluded.pence, odd = odd + excluded.odd;
    DELETE FROM active_values WHERE contracts = 0;
END;
