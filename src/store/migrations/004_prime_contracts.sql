-- Schema version 4: the prime contract a won opportunity carries, its variations, each
-- sub-contract's unit rate, the payment terms of one paid by results, and where a suspended
-- sub-contract's remainder went.

-- A prime contract's period, once set by a person (a variation); without a row the period is
-- worked out from the opportunity (see domain::prime).
CREATE TABLE prime_contracts (
    opportunity TEXT PRIMARY KEY REFERENCES opportunities(code),
    start TEXT NOT NULL,
    end TEXT NOT NULL CHECK (end >= start)
) WITHOUT ROWID;

-- A change to a prime contract agreed with the commissioner: value and end, before and after.
CREATE TABLE contract_variations (
    id INTEGER PRIMARY KEY,
    opportunity TEXT NOT NULL REFERENCES opportunities(code),
    agreed TEXT NOT NULL,
    value_before TEXT NOT NULL,
    value_after TEXT NOT NULL,
    end_before TEXT NOT NULL,
    end_after TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0)
);
CREATE INDEX contract_variations_opportunity ON contract_variations(opportunity, agreed);

-- The price of one unit, in whole pence, fixed when the work is let. NULL on rows from before
-- version 4: worked out as the value over the units owed, rounded down to the penny.
ALTER TABLE subcontracts ADD COLUMN unit_rate TEXT;

-- Payment by results: the share of the value paid as attachment fees per unit delivered, and the
-- rest paid per outcome achieved at `outcome_rate` over the outcomes owed.
CREATE TABLE payment_terms (
    subcontract TEXT PRIMARY KEY REFERENCES subcontracts(code),
    attachment_pct TEXT NOT NULL,
    outcomes_owed INTEGER NOT NULL CHECK (outcomes_owed > 0),
    outcome_rate TEXT NOT NULL
) WITHOUT ROWID;

-- The sub-contract that took over a suspended one's remainder.
ALTER TABLE suspensions ADD COLUMN transferred_to TEXT REFERENCES subcontracts(code);
