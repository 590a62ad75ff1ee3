//! Records the commit the binary is built from (the health report's `build` check): `PARLEY_BUILD_COMMIT` when
//! the packager sets it, else git's, else nothing.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=PARLEY_BUILD_COMMIT");
    println!("cargo:rerun-if-changed=../../.git/HEAD");
    println!("cargo:rerun-if-changed=../../.git/refs/heads");
    let from_env = std::env::var("PARLEY_BUILD_COMMIT").ok().filter(|c| !c.trim().is_empty());
    let commit = from_env.or_else(|| {
        let out = Command::new("git").args(["rev-parse", "--short=12", "HEAD"]).output().ok()?;
        out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
    });
    if let Some(c) = commit.filter(|c| !c.is_empty()) {
        println!("cargo:rustc-env=PARLEY_BUILD_COMMIT={c}");
    }
}
