// Temporary (wt-local): just `serve`, so the local service can be run by hand. Replaced at merge.
use clap::{Parser, Subcommand};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the local Connect Cases service.
    Serve(cases_tui::local::ServeArgs),
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Some(Command::Serve(args)) => cases_tui::local::serve(args).await,
        None => Ok(()),
    }
}
