-- Schema version 6: who may do what. A database with no row here is open (from before roles,
-- or built by the library): everyone may look, decide and override. Once a user is recorded,
-- one not listed may only look.
CREATE TABLE users (
    login TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'officer', 'admin')),
    granted_by TEXT NOT NULL,
    granted_at TEXT NOT NULL
) WITHOUT ROWID;
