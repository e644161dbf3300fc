-- Schema version 12: the tender pipeline's first screen read by index. The pane lists open
-- opportunities by deadline first; this index holds exactly those, in that order, so the first
-- screen reads its rows and nothing else. The stage list is `Stage::is_open`'s.
CREATE INDEX opportunities_open_by_deadline ON opportunities (deadline, code)
    WHERE stage IN ('identified', 'pre_qualification', 'invitation_to_tender', 'submitted');
