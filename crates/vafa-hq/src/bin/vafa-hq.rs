use clap::Parser;

fn main() {
    let cli = vafa_hq::cli::HqCli::parse();
    std::process::exit(vafa_hq::cli::run(cli));
}
