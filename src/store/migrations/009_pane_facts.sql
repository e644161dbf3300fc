-- Schema version 9: what the performance pane shows of each sub-contract's recent returns (the
-- trend of delivery against target, late and missing returns, referrals), kept beside its cached
-- assessment — the same day, settings and data — so the pane need not read every return; and an
-- index on the returns still awaited, for the overdue count and the worklist.
ALTER TABLE subcontract_scores ADD COLUMN trend TEXT;
ALTER TABLE subcontract_scores ADD COLUMN latest_period TEXT;
ALTER TABLE subcontract_scores ADD COLUMN late INTEGER;
ALTER TABLE subcontract_scores ADD COLUMN missing INTEGER;
ALTER TABLE subcontract_scores ADD COLUMN referrals INTEGER;
-- Cached rows from before have none of these: they are worked out again on the next look.
DELETE FROM subcontract_scores;
CREATE INDEX monitoring_returns_awaited ON monitoring_returns(due) WHERE submitted IS NULL;
