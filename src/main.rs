//! The `pilar` command: parse the command line, hand over to the library, report failure in
//! one line with a non-zero exit.

use clap::Parser;

use pilar::config::{Cli, Command};

// The pages allocate many small strings and one large buffer per response; glibc's allocator
// spent a quarter of a busy page's time in malloc and free (perf, docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    if let Err(err) = pilar::telemetry::init(&cli.settings.log_filter, cli.settings.log_format) {
        eprintln!("pilar: {err}");
        return std::process::ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("pilar: cannot start the async runtime: {err}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => pilar::serve::serve(&cli.settings).await,
            Command::Migrate => pilar::serve::migrate(&cli.settings).await,
            Command::Seed(args) => pilar::serve::seed(&cli.settings, &args).await,
            Command::User(command) => pilar::serve::user(&cli.settings, command).await,
            Command::Token(command) => pilar::serve::token(&cli.settings, command).await,
            Command::Verify(args) => pilar::serve::verify(&args).await,
            Command::Transparency(command) => {
                pilar::serve::transparency(&cli.settings, command).await
            }
        }
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("pilar: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
