use clap::Parser;

fn main() {
    let cli = vafa::cli::Cli::parse();
    if cli.command.is_none() && !cli.json && has_display() {
        // No subcommand: the till window.
        let dir = cli
            .data_dir
            .clone()
            .unwrap_or_else(vafa::cli::default_data_dir);
        vafa_ui::pos::set_starter(window_pos);
        if let Err(e) = vafa_ui::run(dir) {
            eprintln!("vafa: the window could not open: {e}");
            std::process::exit(1);
        }
        return;
    }
    // A subcommand, `--json`, or no screen to open a window on (a terminal over SSH, a
    // script): the command line, which without a subcommand says where things stand.
    std::process::exit(vafa::cli::run(cli));
}

/// The till window's POS API (`[pos] enabled = true`): `vafa-pos` serving on a thread.
struct WindowPos(vafa_pos::Running);

impl vafa_ui::pos::Served for WindowPos {
    fn addr(&self) -> std::net::SocketAddr {
        self.0.addr
    }
}

fn window_pos(
    dir: &std::path::Path,
    pos: &vafa_core::config::Pos,
) -> vafa_core::error::Result<Box<dyn vafa_ui::pos::Served>> {
    Ok(Box::new(WindowPos(vafa_pos::start(dir, pos)?)))
}

/// Whether there is a display to open the window on (Windows and macOS always have one).
fn has_display() -> bool {
    if !cfg!(unix) || cfg!(target_os = "macos") {
        return true;
    }
    ["DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|x| !x.is_empty()))
}
