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
