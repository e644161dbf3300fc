-- Schema version 10: the day each cached assessment was worked out on and the last day it holds
-- for (an assessment reads the day only through the month and the returns not yet in), so a new
-- day works out again only the assessments that no longer hold, not every one.
ALTER TABLE subcontract_scores ADD COLUMN as_of TEXT;
ALTER TABLE subcontract_scores ADD COLUMN holds_until TEXT;
-- Cached rows from before say neither: they are worked out again on the next look.
DELETE FROM subcontract_scores;
CREATE INDEX subcontract_scores_as_of ON subcontract_scores(as_of);
CREATE INDEX subcontract_scores_holds_until ON subcontract_scores(holds_until);
