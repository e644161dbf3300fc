-- Schema version 7: a practice database. One whose first recorded row was written with the date
-- set by `--today` (or HUBBOARD_TODAY) is for practice, demonstrations and tests: its decisions
-- are dated by that setting. Any other database's decisions are dated by the system clock, and
-- a decision there with the date moved is refused.
CREATE TABLE practice (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    first_date TEXT NOT NULL
);
