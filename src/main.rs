use clap::Parser;

fn main() {
    let cli = vafa::cli::Cli::parse();
    if cli.command.is_none() && !cli.json {
        // No subcommand: the till window.
        let dir = cli
            .data_dir
            .clone()
            .unwrap_or_else(vafa::cli::default_data_dir);
        if let Err(e) = vafa::ui::run(dir) {
            eprintln!("vafa: the window could not open: {e}");
            std::process::exit(1);
        }
        return;
    }
    std::process::exit(vafa::cli::run(cli));
}
