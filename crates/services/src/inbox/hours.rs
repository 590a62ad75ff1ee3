//! Business hours: a weekly schedule in a time zone. Pure: no IO, the clock is an argument.

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
            if close.is_some_and(|c| c <= open) {
                return Err(bad("close must be after open"));
            }
            out[d.day as usize].push((open, close));
        }
        Ok(Self { tz, days: out })
    }

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
        assert_eq!(Schedule::parse("UTC", &[day(1, "17:00", "09:00")]).expect_err("order").0, "businessHours[0]");
        assert_eq!(Schedule::parse("UTC", &[day(1, "9:00", "17:00")]).expect_err("format").0, "businessHours[0]");
    }
}
