//! Business hours: a weekly schedule in a time zone. Pure: no IO, the clock is an argument.
//!
//! A day's `close` at or before its `open` runs past midnight: `22:00`-`02:00` on Friday is open from Friday
//! 22:00 to Saturday 02:00, and `close` equal to `open` is 24 hours from `open` (`00:00`-`00:00` is the whole
//! day, like `00:00`-`24:00`). Inbox routing, the flows' business-hours node and automations' condition all
//! ask this one schedule.

use crate::inbox::dto::BusinessHoursDay;
use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Open intervals per weekday (Monday first), in the zone's local time.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub tz: Tz,
    days: [Vec<(NaiveTime, Option<NaiveTime>)>; 7],
}

/// `HH:MM`; `24:00` is the end of the day (`None`).
fn parse_time(s: &str, allow_midnight: bool) -> Option<Option<NaiveTime>> {
    if allow_midnight && s == "24:00" {
        return Some(None);
    }
    if s.len() != 5 {
        return None;
    }
    NaiveTime::parse_from_str(s, "%H:%M").ok().map(Some)
}

impl Schedule {
    /// Parses the stored form; answers the field and reason of the first problem.
    pub fn parse(timezone: &str, days: &[BusinessHoursDay]) -> Result<Self, (String, String)> {
        let tz: Tz = timezone.parse().map_err(|_| ("timezone".to_owned(), "is not an IANA time zone".to_owned()))?;
        let mut out: [Vec<(NaiveTime, Option<NaiveTime>)>; 7] = Default::default();
        for (i, d) in days.iter().enumerate() {
            let bad = |why: &str| (format!("businessHours[{i}]"), why.to_owned());
            if d.day > 6 {
                return Err(bad("day must be 0 (Monday) to 6 (Sunday)"));
            }
            let open = parse_time(&d.open, false).flatten().ok_or_else(|| bad("open must be HH:MM"))?;
            let close = parse_time(&d.close, true).ok_or_else(|| bad("close must be HH:MM or 24:00"))?;
            match close {
                // Past midnight: the day's part runs to the end of the day, the rest opens the next day.
                Some(c) if c <= open => {
                    out[d.day as usize].push((open, None));
                    if c > NaiveTime::MIN {
                        out[(d.day as usize + 1) % 7].push((NaiveTime::MIN, Some(c)));
                    }
                }
                _ => out[d.day as usize].push((open, close)),
            }
        }
        Ok(Self { tz, days: out })
    }

    /// Whether `at` falls in an open interval of its local weekday.
    pub fn is_open(&self, at: DateTime<Utc>) -> bool {
        let local = at.with_timezone(&self.tz);
        let t = local.time();
        self.days[local.weekday().num_days_from_monday() as usize]
            .iter()
            .any(|(open, close)| t >= *open && close.is_none_or(|c| t < c))
    }

    /// When the current closed period began: the last moment before `at` when the schedule was open
    /// (to the minute), or a week back if it never is. `None` while open.
    pub fn closed_since(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.is_open(at) {
            return None;
        }
        let mut best: Option<DateTime<Utc>> = None;
        let local_date = at.with_timezone(&self.tz).date_naive();
        for back in 0..8 {
            let date = local_date - Duration::days(back);
            let day = date.weekday().num_days_from_monday() as usize;
            for (_, close) in &self.days[day] {
                // The end of a day's part that goes on the next morning is no closing.
                if close.is_none() && self.days[(day + 1) % 7].iter().any(|(o, _)| *o == NaiveTime::MIN) {
                    continue;
                }
                let end = match close {
                    Some(c) => date.and_time(*c),
                    None => (date + Duration::days(1)).and_time(NaiveTime::MIN),
                };
                // A local time skipped by a daylight-saving change has no instant: take the earliest valid.
                let Some(end) = self.tz.from_local_datetime(&end).earliest() else { continue };
                let end = end.with_timezone(&Utc);
                if end <= at && best.is_none_or(|b| end > b) {
                    best = Some(end);
                }
            }
            if best.is_some() {
                break;
            }
        }
        Some(best.unwrap_or(at - Duration::days(7)))
    }

    /// Seconds inside open intervals between `from` and `to` (response and resolution times "in business hours").
    pub fn open_seconds(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        if to <= from {
            return 0;
        }
        let first = from.with_timezone(&self.tz).date_naive() - Duration::days(1);
        let last = to.with_timezone(&self.tz).date_naive();
        let at = |d: chrono::NaiveDate, t: Option<NaiveTime>| {
            let local = match t {
                Some(t) => d.and_time(t),
                None => (d + Duration::days(1)).and_time(NaiveTime::MIN),
            };
            self.tz.from_local_datetime(&local).earliest().map(|x| x.with_timezone(&Utc))
        };
        let mut total = 0;
        let mut date = first;
        while date <= last {
            for (open, close) in &self.days[date.weekday().num_days_from_monday() as usize] {
                if let (Some(a), Some(b)) = (at(date, Some(*open)), at(date, *close)) {
                    let (a, b) = (a.max(from), b.min(to));
                    if b > a {
                        total += (b - a).num_seconds();
                    }
                }
            }
            date += Duration::days(1);
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(day: u8, open: &str, close: &str) -> BusinessHoursDay {
        BusinessHoursDay { day, open: open.into(), close: close.into() }
    }

    fn weekdays_nine_to_five(tz: &str) -> Schedule {
        Schedule::parse(tz, &(0..5).map(|d| day(d, "09:00", "17:00")).collect::<Vec<_>>()).expect("valid")
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().expect("a timestamp")
    }

    #[test]
    fn open_hours_follow_the_time_zone() {
        let s = weekdays_nine_to_five("Asia/Kolkata");
        // Monday 2026-11-30 10:00 in Kolkata is 04:30 UTC.
        assert!(s.is_open(utc("2026-11-30T04:30:00Z")));
        assert!(!s.is_open(utc("2026-11-30T03:29:00Z")), "08:59 local is before opening");
        assert!(!s.is_open(utc("2026-11-30T11:30:00Z")), "17:00 local is closed");
        assert!(!s.is_open(utc("2026-12-05T06:00:00Z")), "Saturday is closed");
    }

    #[test]
    fn open_seconds_count_only_business_hours() {
        let s = weekdays_nine_to_five("UTC");
        // Friday 16:00 to Monday 10:00: one hour on Friday, one on Monday.
        assert_eq!(s.open_seconds(utc("2026-12-04T16:00:00Z"), utc("2026-12-07T10:00:00Z")), 7200);
        assert_eq!(s.open_seconds(utc("2026-12-05T10:00:00Z"), utc("2026-12-05T12:00:00Z")), 0, "Saturday");
        assert_eq!(s.open_seconds(utc("2026-11-30T10:00:00Z"), utc("2026-11-30T10:30:00Z")), 1800);
        let night = Schedule::parse("UTC", &[day(4, "22:00", "02:00")]).expect("valid");
        assert_eq!(night.open_seconds(utc("2026-12-04T23:00:00Z"), utc("2026-12-05T03:00:00Z")), 3 * 3600);
    }

    #[test]
    fn the_closed_period_starts_at_the_last_closing_time() {
        let s = weekdays_nine_to_five("UTC");
        assert_eq!(s.closed_since(utc("2026-11-30T12:00:00Z")), None, "open on Monday noon");
        assert_eq!(s.closed_since(utc("2026-11-30T20:00:00Z")), Some(utc("2026-11-30T17:00:00Z")));
        assert_eq!(s.closed_since(utc("2026-12-01T08:00:00Z")), Some(utc("2026-11-30T17:00:00Z")), "next morning");
        // Sunday: the period began on Friday evening.
        assert_eq!(s.closed_since(utc("2026-12-06T10:00:00Z")), Some(utc("2026-12-04T17:00:00Z")));
    }

    #[test]
    fn midnight_closing_and_daylight_saving_are_handled() {
        let s = Schedule::parse("Europe/Paris", &[day(6, "10:00", "24:00")]).expect("valid");
        // Sunday 2026-03-29 is the spring change in Paris (UTC+2 from 03:00).
        assert!(s.is_open(utc("2026-03-29T21:59:00Z")));
        assert!(!s.is_open(utc("2026-03-29T22:00:00Z")));
        assert_eq!(s.closed_since(utc("2026-03-30T06:00:00Z")), Some(utc("2026-03-29T22:00:00Z")));
    }

    #[test]
    fn hours_past_midnight_open_into_the_next_day() {
        // Friday 22:00 to Saturday 02:00 (2026-12-04 is a Friday).
        let s = Schedule::parse("UTC", &[day(4, "22:00", "02:00")]).expect("overnight hours are valid");
        assert!(!s.is_open(utc("2026-12-04T21:59:00Z")));
        assert!(s.is_open(utc("2026-12-04T22:00:00Z")));
        assert!(s.is_open(utc("2026-12-05T00:00:00Z")), "midnight is inside");
        assert!(s.is_open(utc("2026-12-05T01:59:00Z")));
        assert!(!s.is_open(utc("2026-12-05T02:00:00Z")));
        assert_eq!(s.closed_since(utc("2026-12-05T09:00:00Z")), Some(utc("2026-12-05T02:00:00Z")));
        assert_eq!(s.closed_since(utc("2026-12-05T01:00:00Z")), None);
    }

    #[test]
    fn sunday_night_hours_run_into_monday() {
        let s = Schedule::parse("UTC", &[day(6, "20:00", "01:30")]).expect("valid");
        assert!(s.is_open(utc("2026-12-06T23:00:00Z")), "Sunday night");
        assert!(s.is_open(utc("2026-12-07T01:00:00Z")), "Monday early");
        assert!(!s.is_open(utc("2026-12-07T01:30:00Z")));
    }

    #[test]
    fn close_equal_to_open_is_a_full_24_hours() {
        let whole = Schedule::parse("UTC", &[day(5, "00:00", "00:00")]).expect("valid");
        assert!(whole.is_open(utc("2026-12-05T00:00:00Z")), "Saturday from midnight");
        assert!(whole.is_open(utc("2026-12-05T23:59:00Z")));
        assert!(!whole.is_open(utc("2026-12-06T00:00:00Z")), "Sunday is not in it");
        assert!(!whole.is_open(utc("2026-12-04T23:59:00Z")));
        assert_eq!(whole.closed_since(utc("2026-12-06T08:00:00Z")), Some(utc("2026-12-06T00:00:00Z")));
        let nine = Schedule::parse("UTC", &[day(0, "09:00", "09:00")]).expect("valid");
        assert!(nine.is_open(utc("2026-11-30T09:00:00Z")), "Monday 09:00");
        assert!(nine.is_open(utc("2026-12-01T08:59:00Z")), "Tuesday 08:59");
        assert!(!nine.is_open(utc("2026-12-01T09:00:00Z")));
        assert!(!nine.is_open(utc("2026-11-30T08:59:00Z")));
        assert_eq!(nine.closed_since(utc("2026-12-01T12:00:00Z")), Some(utc("2026-12-01T09:00:00Z")));
    }

    #[test]
    fn a_schedule_never_open_is_closed_for_a_week() {
        let s = Schedule::parse("UTC", &[]).expect("valid");
        let now = utc("2026-11-30T12:00:00Z");
        assert!(!s.is_open(now));
        assert_eq!(s.closed_since(now), Some(now - Duration::days(7)));
    }

    #[test]
    fn bad_schedules_name_the_field() {
        assert_eq!(Schedule::parse("Mars/Base", &[]).expect_err("bad zone").0, "timezone");
        assert_eq!(Schedule::parse("UTC", &[day(7, "09:00", "17:00")]).expect_err("day").0, "businessHours[0]");
        assert_eq!(Schedule::parse("UTC", &[day(1, "9:00", "17:00")]).expect_err("format").0, "businessHours[0]");
    }
}
