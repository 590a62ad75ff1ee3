//! The install log (`install.log` in the state directory): one line per step and check, with the time, never a
//! password. Headless runs also print the lines as numbered progress.

use crate::checks::{Check, Status};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;

pub struct Log {
    path: PathBuf,
    echo: bool,
    lock: Mutex<()>,
}

impl Log {
    pub fn new(path: PathBuf, echo: bool) -> Self {
        Self { path, echo, lock: Mutex::new(()) }
    }

    pub fn line(&self, text: &str) {
        let _guard = self.lock.lock();
        if self.echo {
            println!("{text}");
        }
        let stamp = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
        if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(&self.path) {
            let _ = writeln!(f, "{stamp} {text}");
        }
    }

    pub fn check(&self, c: &Check) {
        let mark = match c.status {
            Status::Ok => "ok  ",
            Status::Warn => "warn",
            Status::Fail => "FAIL",
        };
        self.line(&format!("    [{mark}] {}: {}", c.name, c.detail));
        if let Some(fix) = &c.fix
            && c.status != Status::Ok
        {
            self.line(&format!("           fix: {fix}"));
        }
    }
}
