-- Schema version 5: a member's leaving, and the delivery plan a bid names.

-- The day a member left the consortium. Its records stay; it takes no new work.
ALTER TABLE members ADD COLUMN left_on TEXT;

-- The joint delivery plan recorded before a bid is submitted: the members the bid names and the
-- units a month each agreed to deliver. At award it is the default split; afterwards it is set
-- beside who got the work.
CREATE TABLE delivery_plans (
    opportunity TEXT NOT NULL REFERENCES opportunities(code),
    member TEXT NOT NULL REFERENCES members(code),
    units_per_month INTEGER NOT NULL CHECK (units_per_month > 0),
    PRIMARY KEY (opportunity, member)
) WITHOUT ROWID;
CREATE INDEX delivery_plans_member ON delivery_plans(member);
