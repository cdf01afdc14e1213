use clap::Parser;

fn main() {
    let cli = vafa::cli::Cli::parse();
    std::process::exit(vafa::cli::run(cli));
}
