//! `vafaw.exe`, the Start-menu entry on Windows.
//!
//! `vafa.exe` is a console program, so that `vafa --help` and every command print in
//! `cmd`; opened from the Start menu it would bring a console window along with the till
//! window. This launcher is a GUI-subsystem program (no console of its own) that runs the
//! `vafa.exe` beside it with `CREATE_NO_WINDOW`, passes its arguments on, waits, and exits
//! with its exit code. Elsewhere it does the same without the flag (it is not installed).

#![cfg_attr(windows, windows_subsystem = "windows")]

use std::path::PathBuf;
use std::process::{Command, ExitCode};

/// The till program next to this one.
fn till() -> Option<PathBuf> {
    let name = if cfg!(windows) { "vafa.exe" } else { "vafa" };
    Some(std::env::current_exe().ok()?.parent()?.join(name))
}

fn main() -> ExitCode {
    let Some(exe) = till() else {
        return ExitCode::from(127);
    };
    let mut command = Command::new(exe);
    command.args(std::env::args_os().skip(1));
    #[cfg(windows)]
    {
        use std::os::windows::process::CommandExt;
        /// Win32 `CREATE_NO_WINDOW`: the console program gets no console window.
        const CREATE_NO_WINDOW: u32 = 0x0800_0000;
        command.creation_flags(CREATE_NO_WINDOW);
    }
    match command.status() {
        Ok(status) => match status.code() {
            Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
            None => ExitCode::FAILURE,
        },
        // vafa.exe missing or not runnable: there is no console to say it on.
        Err(_) => ExitCode::from(127),
    }
}
