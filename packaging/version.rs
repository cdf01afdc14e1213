//! Build script shared by `vafa` and `vafa-hq`: `--version` prints the version and the
//! commit it was built from. The commit comes from `VAFA_COMMIT` (`.ci/package` sets it
//! from `git rev-parse`); without it, "unknown". Only that variable is read, so ordinary
//! builds never rerun this script when the checkout moves.
fn main() {
    println!("cargo:rerun-if-env-changed=VAFA_COMMIT");
    let commit = std::env::var("VAFA_COMMIT").unwrap_or_else(|_| "unknown".into());
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    println!("cargo:rustc-env=VAFA_VERSION={version} (commit {commit})");
}
