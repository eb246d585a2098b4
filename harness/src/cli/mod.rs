//! The `eseikyu` command line: run, validate and list scenarios, and run the SMTP catcher
//! on its own. With `mail`, the only place that touches files and sockets.

/// `println!` to standard output that ends the process quietly (exit 0) when the reader
/// has gone, as `eseikyu list | head -1` does, instead of panicking on the broken pipe.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::emit(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!` that ends quietly on a broken pipe, as [`outln!`].
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::emit(format_args!($($arg)*))
    };
}

mod catch;
mod console;
mod diff;
mod explore;
mod files;
mod run;
mod screens;
mod serve;
mod snapshot;
mod stream;
pub mod reference;

use catch::catch;
use diff::{DiffArgs, diff};
pub use explore::Target;
use files::load;
pub use files::scenario_files;
use run::{RunArgs, run};
use serve::{ServeArgs, serve};
pub use stream::{Reload, Source, System, run_all, run_runs, run_source, run_stream};

use crate::mail::{self};
use crate::scenario::{self};

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "eseikyu",
    version,
    about = "Reference simulator of the 介護電子請求受付システム"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum EngineArg {
    Quick,
    Embedded,
}

#[derive(Subcommand)]
enum Command {
    /// Runs scenario files (directories are searched for *.yaml). Exit 0 only if all pass.
    #[command(after_help = reference::RUN)]
    Run(Box<RunArgs>),
    /// Checks scenario files without running them.
    #[command(after_help = reference::VALIDATE)]
    Validate {
        /// Scenario files, or directories searched for *.yaml.
        paths: Vec<PathBuf>,
    },
    /// Lists scenarios and the rules they cover.
    #[command(after_help = reference::LIST)]
    List {
        /// Scenario files, or directories searched for *.yaml.
        paths: Vec<PathBuf>,
    },
    /// Runs the SMTP catcher on its own on 127.0.0.1:PORT.
    #[command(after_help = reference::CATCH)]
    Catch {
        /// The port it listens on.
        #[arg(long, default_value_t = 2525)]
        port: u16,
        /// Concurrent SMTP sessions.
        #[arg(long, default_value_t = 32)]
        threads: u32,
        /// Writes every message as an .eml file into DIR.
        #[arg(long)]
        store: Option<PathBuf>,
        /// Prints only a count every second instead of a line per message.
        #[arg(long)]
        quiet: bool,
        /// `quick` (eseikyu's loop, ACKs at once) or `embedded` (mailin-embedded's server).
        #[arg(long, value_enum, default_value_t = EngineArg::Quick)]
        engine: EngineArg,
    },
    /// Prints a JSON Schema: of the scenario format (`scenario`, the default) or of the
    /// JSON report (`report`).
    #[command(after_help = reference::SCHEMA)]
    Schema {
        /// Which schema.
        #[arg(value_parser = ["scenario", "report"], default_value = "scenario")]
        of: String,
    },
    /// Runs scenarios under two release profiles and reports, step by step, which runs
    /// change outcome or show other screens, mails or letters.
    #[command(after_help = reference::DIFF)]
    Diff(DiffArgs),
    /// Serves the simulated system over HTTP: the site, Mailpit-compatible mail, the
    /// control API, and the mutual-TLS service (docs/serving.md).
    #[command(after_help = reference::SERVE)]
    Serve(ServeArgs),
    /// Walks seeded random journeys through the screens (in process, or a `--target`),
    /// checking rules after every move; each rule broken is shrunk to the fewest moves
    /// and can be written as a scenario (docs/explore.md).
    #[command(after_help = reference::EXPLORE)]
    Explore(explore::ExploreArgs),
    /// Writes a kept world's history (`serve --data DIR`) as a scenario in the corpus's
    /// format, which `eseikyu run` replays (docs/sandbox.md); a served world's is at
    /// `GET /_eseikyu/worlds/{world}/scenario`.
    #[command(after_help = reference::EXPORT)]
    Export {
        /// The data directory of `eseikyu serve --data`.
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        /// The world (the first: `default`).
        #[arg(default_value = "default")]
        world: String,
    },
    /// Prints the rule catalogue: every rule, a family (`MAIL`) or rules by ID, each with
    /// its title and the seed document and section it comes from.
    #[command(after_help = reference::RULES)]
    Rules {
        /// Rule IDs (`MAIL-3`) or families (`MAIL`); none: all.
        ids: Vec<String>,
        /// Prints the whole catalogue as Markdown (`docs/rules.md`).
        #[arg(long)]
        markdown: bool,
    },
    /// Prints every screen (or those titled TITLE) with its fields (kind, options),
    /// buttons, links, tables and texts, as the scenarios show them.
    #[command(after_help = reference::SCREENS)]
    Screens {
        /// Screen titles (`ログイン`); none: all.
        titles: Vec<String>,
        /// The scenarios to run to gather the screens.
        #[arg(long, default_value = "scenarios")]
        from: Vec<PathBuf>,
        /// Prints Markdown (`docs/screens.md`).
        #[arg(long)]
        markdown: bool,
        /// Prints each screen's field and button names, a line each (`harness/screens.tsv`,
        /// which `validate` checks a step's names against when it knows the screen).
        #[arg(long, conflicts_with = "markdown")]
        names: bool,
    },
    /// Says which certificate an office needs (CERT-10, CERT-11, CERT-12, CPL-2).
    #[command(after_help = reference::ADVISE)]
    Advise {
        /// How it claims.
        #[arg(long, value_enum)]
        claim: ClaimArg,
        /// A 介護保険証明書 was issued to it before.
        #[arg(long)]
        history: bool,
        /// It uses the 介護保険資格確認等WEBサービス.
        #[arg(long)]
        web_service: bool,
        /// It uses the ケアプランデータ連携システム.
        #[arg(long)]
        care_plan: bool,
    },
    /// Checks each scenario file's snapshot of screens, mails and letters as `cargo test`
    /// does, shows what changed, and writes it pending (`.snap.new`) or, with --accept, in
    /// its place.
    #[command(after_help = reference::SNAPSHOT)]
    Snapshot {
        /// Scenario files, or directories searched for *.yaml.
        #[arg(default_value = "scenarios")]
        paths: Vec<PathBuf>,
        /// Where the snapshots are kept.
        #[arg(long, default_value = "snapshots")]
        dir: PathBuf,
        /// Writes new and changed snapshots in place (after reading what changed).
        #[arg(long)]
        accept: bool,
    },
    /// Prints this command line's reference as Markdown (`docs/cli-reference.md`).
    #[command(hide = true)]
    Reference,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Pkcs12Arg {
    Modern,
    Legacy,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ClaimArg {
    Internet,
    Proxy,
    Paper,
}

/// Runs the command line; returns the process exit code.
pub fn main() -> Result<i32> {
    let cli = Cli::parse();
    match cli.command {
        Command::Run(args) => run(&args),
        Command::Validate { paths } => {
            let (scenarios, n_files) = load(&paths)?;
            if let Some(s) = scenarios {
                outln!("{} files valid ({} scenarios)", n_files, s.len());
                Ok(0)
            } else {
                Ok(2)
            }
        }
        Command::List { paths } => {
            let (scenarios, _) = load(&paths)?;
            let Some(scenarios) = scenarios else {
                return Ok(2);
            };
            for s in &scenarios {
                outln!("{}\t{}\t[{}]", s.id, s.title, s.covers.join(", "));
            }
            Ok(0)
        }
        Command::Rules { ids, markdown } => {
            if markdown {
                out!("{}", crate::rules::markdown());
                return Ok(0);
            }
            match crate::rules::lookup(&ids) {
                Ok(text) => {
                    out!("{text}");
                    Ok(0)
                }
                Err(why) => {
                    eprintln!("error: {why}");
                    Ok(2)
                }
            }
        }
        Command::Screens {
            titles,
            from,
            markdown,
            names,
        } => screens::screens(&titles, &from, markdown, names),
        Command::Catch {
            port,
            threads,
            store,
            quiet,
            engine,
        } => {
            let engine = match engine {
                EngineArg::Quick => mail::catcher::Engine::Quick,
                EngineArg::Embedded => mail::catcher::Engine::Embedded,
            };
            catch(port, threads, engine, store.as_deref(), quiet)
        }
        Command::Advise {
            claim,
            history,
            web_service,
            care_plan,
        } => {
            use crate::domain::ClaimMethod;
            use crate::domain::advice::{Situation, advise};
            let claim = match claim {
                ClaimArg::Internet => ClaimMethod::Internet,
                ClaimArg::Proxy => ClaimMethod::Proxy,
                ClaimArg::Paper => ClaimMethod::Paper,
            };
            let situation = Situation {
                claim,
                insurance_history: history,
                uses_web_service: web_service,
                uses_care_plan: care_plan,
            };
            for a in advise(situation) {
                outln!("{}", a.text());
            }
            Ok(0)
        }
        Command::Schema { of } => {
            if of == "report" {
                out!("{}", crate::report::json::schema());
            } else {
                out!("{}", scenario::schema());
            }
            Ok(0)
        }
        Command::Serve(args) => serve(&args),
        Command::Explore(args) => explore::explore(&args),
        Command::Export { data, world } => {
            let yaml = crate::serve::worlds::export::kept(&data, &world)?;
            out!("{yaml}");
            Ok(0)
        }
        Command::Diff(args) => diff(&args),
        Command::Snapshot { paths, dir, accept } => snapshot::snapshot(&paths, &dir, accept),
        Command::Reference => {
            use clap::CommandFactory;
            out!("{}", reference::markdown(&Cli::command()));
            Ok(0)
        }
    }
}

/// Writes to standard output; a reader that has gone (a broken pipe) ends the process
/// with success, as a filter's output cut short is not an error.
pub(crate) fn emit(args: std::fmt::Arguments<'_>) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_fmt(args).and_then(|()| stdout.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("eseikyu: cannot write to standard output: {e}");
        std::process::exit(2);
    }
}
