//! Import and export: one file per table, CSV or JSON, validated all-or-nothing on the way in.
