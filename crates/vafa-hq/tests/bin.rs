//! The `vafa-hq` binary starts and answers. Also why cargo builds it in `cargo test
//! --workspace`: the root package's sync tests run it (a package's binaries are built
//! only for its own integration tests).

use std::process::Command;

#[test]
fn vafa_hq_answers_help() {
    let out = Command::new(env!("CARGO_BIN_EXE_vafa-hq"))
        .arg("--help")
        .output()
        .expect("run vafa-hq");
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("serve"), "{text}");
}
