//! Who is acting: the operating-system user, recorded on every audit row.

/// The login name from the environment (`USER`, then `LOGNAME`, then `USERNAME`), else `unknown`.
pub fn current() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}
