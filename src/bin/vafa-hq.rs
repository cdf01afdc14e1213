use clap::Parser;

fn main() {
    let cli = vafa::hq::cli::HqCli::parse();
    std::process::exit(vafa::hq::cli::run(cli));
}
