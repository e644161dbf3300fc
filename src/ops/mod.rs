//! The hub's decisions as operations on the store: each is one transaction that checks its rules,
//! refuses a stale edit, changes the records and writes its audit row.
