-- Schema version 3: steps 2 and 3 of the escalation ladder. Early-warning flags on a
-- sub-contract (at most one open at a time) and the actions of its improvement plan.

CREATE TABLE early_warnings (
    id INTEGER PRIMARY KEY,
    subcontract TEXT NOT NULL REFERENCES subcontracts(code),
    raised TEXT NOT NULL,
    raised_by TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    cleared TEXT CHECK (cleared IS NULL OR cleared >= raised),
    cleared_by TEXT,
    cleared_reason TEXT
);
CREATE UNIQUE INDEX early_warnings_one_open ON early_warnings(subcontract) WHERE cleared IS NULL;
CREATE INDEX early_warnings_subcontract ON early_warnings(subcontract, raised);

CREATE TABLE improvement_actions (
    id INTEGER PRIMARY KEY,
    subcontract TEXT NOT NULL REFERENCES subcontracts(code),
    action TEXT NOT NULL CHECK (length(trim(action)) > 0),
    owner TEXT NOT NULL CHECK (length(trim(owner)) > 0),
    due TEXT NOT NULL,
    raised TEXT NOT NULL,
    raised_by TEXT NOT NULL,
    reason TEXT NOT NULL,
    completed TEXT,
    completed_by TEXT,
    completion_reason TEXT
);
CREATE INDEX improvement_actions_subcontract ON improvement_actions(subcontract, due);
