//! The one clock: everything date-dependent asks it for "today", so demos, screens and tests are
//! reproducible with `--today` or `HUBBOARD_TODAY=YYYY-MM-DD`.

use chrono::{DateTime, NaiveDate, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    today: NaiveDate,
    injected: bool,
}

impl Clock {
    /// The real date, from the system clock (UTC).
    pub fn system() -> Self {
        Clock {
            today: Utc::now().date_naive(),
            injected: false,
        }
    }

    /// A clock fixed at `today`.
    pub fn fixed(today: NaiveDate) -> Self {
        Clock {
            today,
            injected: true,
        }
    }

    /// `--today` if given, else `HUBBOARD_TODAY` (read by clap), else the system date.
    pub fn from_option(today: Option<NaiveDate>) -> Self {
        today.map(Clock::fixed).unwrap_or_else(Clock::system)
    }

    /// Whether the date was set (`--today`, `HUBBOARD_TODAY`, a test) rather than read from the
    /// system clock.
    pub fn is_set(&self) -> bool {
        self.injected
    }

    /// Whether the date was set to a day other than the system's.
    pub fn is_moved(&self) -> bool {
        self.injected && self.today != Utc::now().date_naive()
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// A timestamp for the audit log: the real time of day on the clock's date, so an injected
    /// "today" gives timestamps on that day.
    pub fn now(&self) -> DateTime<Utc> {
        let real = Utc::now();
        if self.injected {
            self.today.and_time(real.time()).and_utc()
        } else {
            real
        }
    }
}
