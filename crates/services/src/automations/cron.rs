//! Five-field cron expressions (minute hour day-of-month month day-of-week) for scheduled automations: `*`, lists,
//! ranges and steps, read in the workspace's time zone. Anything firing more often than every five minutes is
//! refused, so a schedule cannot turn into a flood.

use chrono::{DateTime, Datelike, TimeZone, Timelike, Utc};

/// A parsed expression: the allowed values of each field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cron {
    minutes: Vec<u32>,
    hours: Vec<u32>,
    days: Vec<u32>,
    months: Vec<u32>,
    weekdays: Vec<u32>,
    /// Day-of-month and day-of-week both restricted: either matches (as in classic cron).
    days_or: bool,
}

/// The smallest gap between two firings a schedule may have.
pub const MIN_GAP_MINUTES: u32 = 5;

fn field(raw: &str, min: u32, max: u32, name: &str) -> Result<(Vec<u32>, bool), String> {
    let mut out = Vec::new();
    let mut any = false;
    for part in raw.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => {
                let s: u32 = s.parse().map_err(|_| format!("{name}: step {s:?} is not a number"))?;
                if s == 0 {
                    return Err(format!("{name}: a step must be at least 1"));
                }
                (r, s)
            }
            None => (part, 1),
        };
        let (lo, hi) = if range == "*" {
            any = step == 1;
            (min, max)
        } else if let Some((a, b)) = range.split_once('-') {
            let a: u32 = a.parse().map_err(|_| format!("{name}: {a:?} is not a number"))?;
            let b: u32 = b.parse().map_err(|_| format!("{name}: {b:?} is not a number"))?;
            (a, b)
        } else {
            let a: u32 = range.parse().map_err(|_| format!("{name}: {range:?} is not a number"))?;
            // `5/15` runs from 5 to the end.
            (a, if part.contains('/') { max } else { a })
        };
        if lo < min || hi > max || lo > hi {
            return Err(format!("{name}: {part:?} is outside {min}-{max}"));
        }
        out.extend((lo..=hi).step_by(step as usize));
    }
    out.sort_unstable();
    out.dedup();
    Ok((out, any))
}

impl Cron {
    pub fn parse(expr: &str) -> Result<Self, String> {
        let parts: Vec<&str> = expr.split_whitespace().collect();
        if parts.len() != 5 {
            return Err("a schedule has five fields: minute hour day-of-month month day-of-week".into());
        }
        let (minutes, _) = field(parts[0], 0, 59, "minute")?;
        let (hours, _) = field(parts[1], 0, 23, "hour")?;
        let (days, any_day) = field(parts[2], 1, 31, "day of month")?;
        let (months, _) = field(parts[3], 1, 12, "month")?;
        let (mut weekdays, any_weekday) = field(parts[4], 0, 7, "day of week")?;
        // 7 is Sunday as well as 0.
        if weekdays.contains(&7) {
            weekdays.retain(|d| *d != 7);
            if !weekdays.contains(&0) {
                weekdays.insert(0, 0);
            }
        }
        let c = Self { minutes, hours, days, months, weekdays, days_or: !any_day && !any_weekday };
        let gap = c.min_gap();
        if gap < MIN_GAP_MINUTES {
            return Err(format!(
                "fires every {gap} minute(s): a schedule may fire at most every {MIN_GAP_MINUTES} minutes"
            ));
        }
        Ok(c)
    }

    /// The smallest number of minutes between two firings (conservative across hour boundaries).
    fn min_gap(&self) -> u32 {
        let m = &self.minutes;
        let mut gap = 60;
        for w in m.windows(2) {
            gap = gap.min(w[1] - w[0]);
        }
        // From the last minute of an hour to the first of the next, when consecutive hours both fire.
        let consecutive = self.hours.len() == 24
            || self.hours.windows(2).any(|w| w[1] - w[0] == 1)
            || (self.hours.contains(&23) && self.hours.contains(&0));
        if let (Some(first), Some(last)) = (m.first(), m.last())
            && consecutive
        {
            gap = gap.min(60 - last + first);
        }
        gap
    }

    /// Whether the schedule fires at this local minute.
    pub fn matches<Tz: TimeZone>(&self, t: &DateTime<Tz>) -> bool {
        let day_ok = self.days.contains(&t.day());
        let weekday_ok = self.weekdays.contains(&t.weekday().num_days_from_sunday());
        let date_ok = if self.days_or { day_ok || weekday_ok } else { day_ok && weekday_ok };
        date_ok
            && self.minutes.contains(&t.minute())
            && self.hours.contains(&t.hour())
            && self.months.contains(&t.month())
    }

    /// The latest minute in `(after, now]` at which the schedule fired, in `tz` (at most a day back).
    pub fn last_fire(&self, tz: chrono_tz::Tz, after: DateTime<Utc>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let floor = now.with_second(0).and_then(|t| t.with_nanosecond(0))?;
        let earliest = after.max(now - chrono::Duration::hours(24));
        let mut t = floor;
        while t > earliest {
            if self.matches(&t.with_timezone(&tz)) {
                return Some(t);
            }
            t -= chrono::Duration::minutes(1);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_schedules_parse_and_fire_at_their_local_minute() {
        let c = Cron::parse("30 9 * * 1-5").expect("valid");
        let tz: chrono_tz::Tz = "Asia/Dubai".parse().expect("tz");
        // 05:30 UTC is 09:30 in Dubai, a Monday.
        let monday = Utc.with_ymd_and_hms(2026, 12, 7, 5, 30, 0).single().expect("time");
        assert!(c.matches(&monday.with_timezone(&tz)));
        assert!(!c.matches(&monday));
        let fired = c.last_fire(tz, monday - chrono::Duration::minutes(10), monday + chrono::Duration::seconds(20));
        assert_eq!(fired, Some(monday));
        assert_eq!(c.last_fire(tz, monday, monday + chrono::Duration::minutes(3)), None);
        assert!(Cron::parse("*/5 * * * *").is_ok());
        assert!(Cron::parse("0,30 8-18 * * 0,7").is_ok());
    }

    #[test]
    fn invalid_or_too_frequent_schedules_are_refused() {
        for bad in ["* * * * *", "*/2 * * * *", "0,1 * * * *", "61 * * * *", "a b c d e", "* * *", "0 24 * * *"] {
            assert!(Cron::parse(bad).is_err(), "{bad} accepted");
        }
        // Two minutes apart across an hour boundary, in consecutive hours.
        assert!(Cron::parse("58,0 * * * *").is_err());
        assert!(Cron::parse("0 9,17 * * *").is_ok());
    }
}
