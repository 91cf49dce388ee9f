//! The command line's grammar, declared with clap (derive): every command, its arguments and the
//! help that describes them, in one place. Parsing, `--help`, `help COMMAND`, `--version`,
//! "did you mean" suggestions and refusing stray arguments come from clap.

use clap::builder::PossibleValuesParser;
use clap::{Args, Parser, Subcommand};
use stormlab_export::Format;
use stormlab_run::replicate::MAX_RUNS;
use stormlab_run::sweep::Axis;

/// Event storming boards simulated as message systems, without a browser.
#[derive(Debug, Parser)]
#[command(
    name = "stormlab",
    version,
    propagate_version = true,
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// What `stormlab` is asked to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run an engine scenario or a board and print its metrics as JSON
    ///
    /// An engine scenario prints its metrics report (and the engine's speed on standard error); a
    /// board (JSON or text) runs as drawn and prints its headline metrics, with --runs over N
    /// seeds: each metric's mean and 95% interval.
    Run(RunArgs),
    /// Run the engine's benchmark, or time an M/M/1 queue
    ///
    /// The M/M/1 queue (rho 0.8) is the work scripts/bench-simpy.sh also gives SimPy.
    Bench(BenchArgs),
    /// Export a board file (JSON or text) to AsyncAPI, Mermaid, SVG, text or JSON
    Export(ExportArgs),
    /// Read AsyncAPI documents into one board file
    ///
    /// AsyncAPI 3.0 or 2.x, YAML or JSON; one document per service, joined on their channels and
    /// messages; references to files beside them followed. The board (JSON) goes to standard
    /// output or --output, what to review to standard error.
    Import(ImportArgs),
    /// Write every built-in example as a board file
    Examples(ExamplesArgs),
    /// Run one of a board's experiments, or one defined by --a and --b
    ///
    /// Over N seeds on every core; prints each metric's mean, 95% interval, B - A and verdict as
    /// JSON (or CSV), and whether the experiment's expectation holds.
    Experiment(ExperimentArgs),
    /// Check every expectation a board's experiments state
    ///
    /// Exits 1 naming each experiment whose runs contradict its expectation or cannot tell.
    Check(CheckArgs),
    /// Move one setting over a range, both variants replicated at each point
    Sweep(SweepArgs),
    /// Host live rooms at ws://HOST:PORT/ROOM, as a y-websocket server does
    ///
    /// With --data each room is kept in DIR, so a restart loses nothing.
    Relay(RelayArgs),
    /// Print a shell completion script
    ///
    /// For example: stormlab completions bash > ~/.local/share/bash-completion/completions/stormlab
    Completions(CompletionsArgs),
}

/// `stormlab run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// An engine scenario (JSON) or a board file (JSON or text)
    #[arg(value_name = "SCENARIO|BOARD")]
    pub file: String,
    /// The seed (default the file's)
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Run a board over N seeds (from 1 to 100) and give each metric's mean and 95% interval
    #[arg(long, value_name = "N", value_parser = runs)]
    pub runs: Option<usize>,
    /// Threads for --runs (default every core)
    #[arg(long, value_name = "N", value_parser = threads)]
    pub threads: Option<usize>,
}

/// `stormlab bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Engine events of the benchmark scenario
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    pub events: u64,
    /// Time an M/M/1 queue (rho 0.8) of N customers instead
    #[arg(long, value_name = "N", conflicts_with = "events")]
    pub mm1: Option<u64>,
}

/// `stormlab export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The board file (JSON or text; - reads standard input)
    pub board: String,
    /// What to export to
    #[arg(long, value_name = "F", value_parser = PossibleValuesParser::new(Format::ALL.map(Format::id)))]
    pub format: String,
    /// Only this bounded context's AsyncAPI document (by its name)
    #[arg(long, value_name = "NAME")]
    pub context: Option<String>,
    /// Put the domain events in the AsyncAPI document too, not only the integration events
    #[arg(long)]
    pub domain_events: bool,
    /// Which saga --format mermaid-saga draws (from 1)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub saga: Option<u64>,
    /// Leave the legend out of the SVG
    #[arg(long)]
    pub no_legend: bool,
    /// Write to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub output: Option<String>,
}

/// `stormlab import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// AsyncAPI documents (YAML or JSON): one per service joins into one board; references to
    /// files beside them are followed
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// Write the board here instead of standard output
    #[arg(long, value_name = "BOARD")]
    pub output: Option<String>,
}

/// `stormlab examples`.
#[derive(Debug, Args)]
pub struct ExamplesArgs {
    /// The folder to write into (made if missing)
    pub dir: String,
    /// The board files' format
    #[arg(long, value_name = "F", default_value = "json", value_parser = ["json", "text"])]
    pub format: String,
}

/// Runs of each variant and threads, shared by the replicating commands.
#[derive(Debug, Args)]
pub struct Replication {
    /// Runs of each variant, from 1 to 100 (default the experiment's, or 20 for a sweep)
    #[arg(long, value_name = "N", value_parser = runs)]
    pub runs: Option<usize>,
    /// Threads (default every core)
    #[arg(long, value_name = "N", value_parser = threads)]
    pub threads: Option<usize>,
}

/// `stormlab experiment`.
#[derive(Debug, Args)]
pub struct ExperimentArgs {
    /// The board file (JSON or text; - reads standard input)
    pub board: String,
    /// Which of the board's experiments: by number from 1, or (part of) its question
    #[arg(long, value_name = "K|QUESTION", conflicts_with_all = ["a", "b"])]
    pub experiment: Option<String>,
    /// What variant A sets (delivery=poll payload=notification outage=Shipping@10..30)
    #[arg(long = "a", value_name = "WORDS")]
    pub a: Option<String>,
    /// What variant B sets
    #[arg(long = "b", value_name = "WORDS")]
    pub b: Option<String>,
    #[command(flatten)]
    pub replication: Replication,
    /// Print CSV instead of JSON
    #[arg(long)]
    pub csv: bool,
}

/// `stormlab check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The board file (JSON or text; - reads standard input)
    pub board: String,
    /// Threads (default every core)
    #[arg(long, value_name = "N", value_parser = threads)]
    pub threads: Option<usize>,
}

/// `stormlab sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// The board file (JSON or text; - reads standard input)
    pub board: String,
    /// The setting to move
    #[arg(long, value_name = "NAME", value_parser = PossibleValuesParser::new(Axis::all().into_iter().map(Axis::id)))]
    pub setting: String,
    /// The first value (default the setting's usual range)
    #[arg(long, value_name = "A", value_parser = finite, allow_negative_numbers = true)]
    pub from: Option<f64>,
    /// The last value
    #[arg(long, value_name = "B", value_parser = finite, allow_negative_numbers = true)]
    pub to: Option<f64>,
    /// How many points
    #[arg(long, value_name = "K", default_value_t = 10)]
    pub steps: usize,
    #[command(flatten)]
    pub replication: Replication,
    /// Print CSV instead of JSON
    #[arg(long)]
    pub csv: bool,
}

/// `stormlab relay`.
#[derive(Debug, Args)]
pub struct RelayArgs {
    /// The port
    #[arg(long, value_name = "N", default_value_t = 1234)]
    pub port: u16,
    /// The address to listen on (0.0.0.0 for the room's network)
    #[arg(long, value_name = "H", default_value = "127.0.0.1")]
    pub host: String,
    /// Keep each room in this folder (default: in memory)
    #[arg(long, value_name = "DIR")]
    pub data: Option<std::path::PathBuf>,
}

/// `stormlab completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    pub shell: clap_complete::Shell,
}

/// `--runs`: from 1 to [`MAX_RUNS`].
fn runs(text: &str) -> Result<usize, String> {
    text.parse()
        .ok()
        .filter(|n| (1..=MAX_RUNS).contains(n))
        .ok_or(format!("takes a number from 1 to {MAX_RUNS}"))
}

/// `--threads`: from 1 to 256.
fn threads(text: &str) -> Result<usize, String> {
    text.parse()
        .ok()
        .filter(|n| (1..=256).contains(n))
        .ok_or_else(|| "takes a number from 1 to 256".to_string())
}

/// A finite number.
fn finite(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| "takes a number".to_string())
}

/// The threads to use: every core unless told.
pub fn threads_or_all(asked: Option<usize>) -> usize {
    asked.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// A usage error found after parsing (two options that do not go together, say), printed the
/// way clap prints its own, with the command's usage line; exit code 2.
pub fn usage_error(command: &str, message: &str) -> std::process::ExitCode {
    use clap::CommandFactory as _;
    let mut cli = Cli::command();
    let mut sub = cli
        .find_subcommand_mut(command)
        .expect("a command of stormlab's")
        .clone()
        .bin_name(format!("stormlab {command}"));
    let _ = sub
        .error(clap::error::ErrorKind::ArgumentConflict, message)
        .print();
    std::process::ExitCode::from(2)
}
