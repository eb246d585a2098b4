//! The `eseikyu` command line: run, validate and list scenarios, and run the SMTP catcher
//! on its own. With `mail`, the only place that touches files and sockets.

use crate::federation::Federation;
use crate::mail::{self, Catcher};
use crate::report::{self as report_files, Reporter, Tally};
use crate::scenario::baseline::{Baseline, Verdict};
use crate::scenario::select::Selection;
use crate::scenario::{self, Diagnostic, RunResult, Scenario, report};
use crate::world::World;

/// How long a call to an external federation may take before it is retried later.
const FEDERATION_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);
use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::time::Instant;

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
    Run(Box<RunArgs>),
    /// Checks scenario files without running them.
    Validate { paths: Vec<PathBuf> },
    /// Lists scenarios and the rules they cover.
    List { paths: Vec<PathBuf> },
    /// Runs the SMTP catcher on its own on 127.0.0.1:PORT.
    Catch {
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
    Schema {
        #[arg(value_parser = ["scenario", "report"], default_value = "scenario")]
        of: String,
    },
    /// Runs scenarios under two release profiles and reports, step by step, which runs
    /// change outcome or show other screens, mails or letters.
    Diff(DiffArgs),
    /// Serves the simulated system over HTTP: the site, Mailpit-compatible mail, the
    /// control API, and the mutual-TLS service (README, "Serving the simulator").
    Serve(ServeArgs),
    /// Prints the rule catalogue: every rule, a family (`MAIL`) or rules by ID, each with
    /// its title and the seed document and section it comes from.
    Rules {
        /// Rule IDs (`MAIL-3`) or families (`MAIL`); none: all.
        ids: Vec<String>,
        /// Prints the whole catalogue as Markdown (`docs/rules.md`).
        #[arg(long)]
        markdown: bool,
    },
    /// Says which certificate an office needs (CERT-10, CERT-11, CERT-12, CPL-2).
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
}

/// The arguments of `eseikyu run`.
#[derive(clap::Args)]
struct RunArgs {
    /// Scenario files, or directories searched for *.yaml.
    paths: Vec<PathBuf>,
    /// The run's seed: every code, password and key derives from it.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Scenarios run in parallel.
    #[arg(long, short, default_value_t = 1)]
    jobs: usize,
    /// Writes what each scenario produced under DIR/<scenario id>/.
    #[arg(long)]
    artifacts: Option<PathBuf>,
    /// Prints how many passing runs cover each rule of SPEC.md.
    #[arg(long)]
    coverage: bool,
    /// Uses an external federation at URL (JSON over HTTP; see the README) instead
    /// of the in-process one; `federation:` steps then fail.
    #[arg(long, conflicts_with = "target")]
    federation: Option<String>,
    /// Runs against the system at URL over HTTP (its site, control API and Mailpit API,
    /// as `eseikyu serve` serves them) instead of in process: a world of its own per run.
    #[arg(long)]
    target: Option<String>,
    /// Writes a JUnit XML report to FILE (one test case per run).
    #[arg(long)]
    junit: Option<PathBuf>,
    /// Writes a JSON report (runs, failures, rule coverage) to FILE.
    #[arg(long)]
    json: Option<PathBuf>,
    /// PKCS#12 form of downloaded certificates: `modern` (AES) or `legacy` (3DES with
    /// a SHA-1 MAC, for older Windows and macOS Keychain).
    #[arg(long, value_enum, conflicts_with = "target")]
    pkcs12: Option<Pkcs12Arg>,
    /// Only scenarios covering this rule (MAIL-3) or family (MAIL); repeatable.
    #[arg(long = "rule", value_name = "RULE")]
    rules: Vec<String>,
    /// Only scenarios whose id matches this glob (`codes/*`); repeatable.
    #[arg(long = "id", value_name = "GLOB")]
    ids: Vec<String>,
    /// Only shard i of n (`2/4`): a stable split by scenario id, for CI machines.
    #[arg(long, value_name = "I/N")]
    shard: Option<String>,
    /// Only the runs that failed in this JSON report (`--json`) of an earlier run.
    #[arg(long, value_name = "REPORT")]
    failed_from: Option<PathBuf>,
    /// Runs expected to fail, with reasons (README, "Conformance"): exit 0 means no
    /// surprise — no unexpected failure and no unexpected pass.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Writes today's failures to FILE as a baseline (each reason to be filled in).
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Writes a self-contained HTML report to FILE.
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
    /// Writes a certification package to DIR: the reports, every artifact, the target's
    /// identity and a manifest with the SHA-256 of every file.
    #[arg(long, value_name = "DIR")]
    certify: Option<PathBuf>,
}

/// The arguments of `eseikyu diff`.
#[derive(clap::Args)]
struct DiffArgs {
    /// Scenario files, or directories searched for *.yaml.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The two release profiles to compare (first the old, then the new).
    #[arg(long = "profile", num_args = 1, required = true)]
    profiles: Vec<String>,
    #[arg(long, default_value_t = 0)]
    seed: u64,
    #[arg(long, short, default_value_t = 1)]
    jobs: usize,
    /// Also lists the runs that did not change.
    #[arg(long)]
    all: bool,
}

/// `eseikyu diff`: every run under both profiles, compared step by step.
fn diff(args: &DiffArgs) -> Result<i32> {
    use crate::scenario::diff::{Side, compare, render};
    let [a, b] = args.profiles.as_slice() else {
        bail!("give exactly two profiles: --profile pre-2025-12 --profile r2025-12");
    };
    let profile = |name: &str| {
        crate::profile::Profile::named(name).with_context(|| {
            format!(
                "unknown profile {name:?} (profiles: {})",
                crate::profile::PROFILE_NAMES.join(", ")
            )
        })
    };
    let (pa, pb) = (profile(a)?, profile(b)?);
    let (scenarios, _) = load(&args.paths)?;
    let Some(scenarios) = scenarios else {
        return Ok(2);
    };
    let under = |p: &crate::profile::Profile| -> Vec<Scenario> {
        scenarios
            .iter()
            .cloned()
            .map(|mut s| {
                s.profile = p.clone();
                s
            })
            .collect()
    };
    let (sa, sb) = (under(&pa), under(&pb));
    let work = Selection::default().runs(&sa);
    let catcher = mail::catcher::shared().context("starting the SMTP catcher")?;
    let system = System::InProcess {
        catcher,
        federation: None,
    };
    let mut first: Vec<(String, Side)> = Vec::with_capacity(work.len());
    run_stream(&sa, &work, args.seed, args.jobs.max(1), system, |r| {
        first.push((r.name(), Side::of(&r)));
    });
    let (mut changed_outcome, mut changed_screens, mut same) = (0, 0, 0);
    let mut k = 0;
    run_stream(&sb, &work, args.seed, args.jobs.max(1), system, |r| {
        let (name, old) = &first[k];
        k += 1;
        let new = Side::of(&r);
        let d = compare(old, &new);
        if d.same() {
            same += 1;
            if args.all {
                println!("same    {name}");
            }
            return;
        }
        if d.outcome_changed {
            changed_outcome += 1;
        } else {
            changed_screens += 1;
        }
        print!("{}", render(name, (a, old), (b, &new), &d));
    });
    println!(
        "eseikyu diff {a} → {b}: {} runs: {changed_outcome} change outcome, {changed_screens} change only what they show, {same} the same",
        work.len()
    );
    Ok(0)
}

/// The arguments of `eseikyu serve`.
#[derive(clap::Args)]
struct ServeArgs {
    /// The address every surface listens on.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// The site, the Mailpit-compatible API and the control API.
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// The SMTP catcher.
    #[arg(long, default_value_t = 2525)]
    smtp_port: u16,
    /// The mutual-TLS 介護保険資格確認等WEBサービス.
    #[arg(long, default_value_t = 8443)]
    service_port: u16,
    /// Start the first world's virtual clock at this instant (it then moves only through
    /// the control API); without it the clock follows the wall clock.
    #[arg(long, conflicts_with = "clock")]
    at: Option<String>,
    /// `wall`: the clock follows the wall clock (the default without --at).
    #[arg(long, value_parser = ["wall"])]
    clock: Option<String>,
    /// The release profile: r2025-12 or pre-2025-12.
    #[arg(long, default_value = "r2025-12")]
    profile: String,
    /// The seed of every code, password and key.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Offices of the first world, in the scenario format: a YAML list, or a file with
    /// an `offices:` list.
    #[arg(long)]
    offices: Option<PathBuf>,
    /// Minutes a visitor's session is kept unused; then the visitor starts again at
    /// 総合窓口 (the seeds give no session timeout). At most 10,000 sessions per world.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=10_080))]
    session_idle: u64,
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
                println!("{} files valid ({} scenarios)", n_files, s.len());
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
                println!("{}\t{}\t[{}]", s.id, s.title, s.covers.join(", "));
            }
            Ok(0)
        }
        Command::Rules { ids, markdown } => {
            if markdown {
                print!("{}", crate::rules::markdown());
                return Ok(0);
            }
            match crate::rules::lookup(&ids) {
                Ok(text) => {
                    print!("{text}");
                    Ok(0)
                }
                Err(why) => {
                    eprintln!("error: {why}");
                    Ok(2)
                }
            }
        }
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
                println!("{}", a.text());
            }
            Ok(0)
        }
        Command::Schema { of } => {
            if of == "report" {
                print!("{}", crate::report::json::schema());
            } else {
                print!("{}", scenario::schema());
            }
            Ok(0)
        }
        Command::Serve(args) => serve(&args),
        Command::Diff(args) => diff(&args),
    }
}

/// Finds scenario files under the given paths, sorted. No path, or paths that hold no
/// scenario file, is a mistake: a CI job pointed at the wrong folder must not pass.
pub fn scenario_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    if paths.is_empty() {
        bail!("no scenario files given: name files or folders, e.g. `eseikyu run scenarios/`");
    }
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out)?;
        } else if p.exists() {
            out.push(p.clone());
        } else {
            bail!("{}: no such file or directory", p.display());
        }
    }
    out.sort();
    if out.is_empty() {
        bail!(
            "no scenario files (*.yaml, *.yml) under {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            out.push(path);
        }
    }
    Ok(())
}

/// Parses every file; prints every diagnostic. `None` when any file has a mistake.
fn load(paths: &[PathBuf]) -> Result<(Option<Vec<Scenario>>, usize)> {
    let files = scenario_files(paths)?;
    let mut scenarios = Vec::new();
    let mut bad = 0;
    let mut ids: std::collections::BTreeMap<String, String> = Default::default();
    for f in &files {
        let name = f.display().to_string();
        let bytes = std::fs::read(f).with_context(|| format!("reading {name}"))?;
        let source = match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                // Not UTF-8: say where, and go on with the other files.
                let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let text = String::from_utf8_lossy(good);
                let line = text.matches('\n').count() + 1;
                let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                let d = Diagnostic::new(
                    &name,
                    line as u64,
                    column as u64,
                    format!(
                        "not UTF-8: byte 0x{:02X} at offset {}; save the file as UTF-8",
                        e.as_bytes()[good.len()],
                        good.len()
                    ),
                );
                eprint!("{}", d.render(""));
                bad += 1;
                continue;
            }
        };
        match scenario::parse(&name, &source) {
            Ok(s) => {
                if let Some(first) = ids.insert(s.id.clone(), name.clone()) {
                    let d = Diagnostic::new(
                        &name,
                        1,
                        1,
                        format!("scenario id `{}` is also used by {first}", s.id),
                    );
                    eprint!("{}", d.render(&source));
                    bad += 1;
                }
                scenarios.push(s);
            }
            Err(diags) => {
                bad += 1;
                for d in diags {
                    eprint!("{}", d.render(&source));
                }
            }
        }
    }
    Ok(((bad == 0).then_some(scenarios), files.len()))
}

fn run(args: &RunArgs) -> Result<i32> {
    let RunArgs {
        paths,
        seed,
        jobs,
        artifacts,
        coverage,
        federation,
        target,
        junit,
        json,
        pkcs12,
        rules,
        ids,
        shard,
        failed_from,
        baseline,
        write_baseline,
        html,
        certify,
    } = args;
    let baseline_path = baseline.as_deref();
    let (seed, jobs, coverage) = (*seed, *jobs, *coverage);
    let pkcs12 = pkcs12.map(|p| match p {
        Pkcs12Arg::Modern => crate::pki::Pkcs12Form::Modern,
        Pkcs12Arg::Legacy => crate::pki::Pkcs12Form::Legacy,
    });
    if let Some(url) = federation.as_deref() {
        crate::federation::check_url(url).map_err(|e| anyhow::anyhow!("--federation: {e}"))?;
    }
    let (scenarios, _) = load(paths)?;
    let Some(mut scenarios) = scenarios else {
        return Ok(2);
    };
    let mut selection = Selection::default().rules(rules)?.ids(ids)?;
    if let Some(s) = shard {
        selection = selection.shard(s)?;
    }
    if let Some(path) = failed_from {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {name}"))?;
        selection = selection.failed_from(&name, &text)?;
    }
    let baseline = match baseline {
        Some(path) => {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(path).with_context(|| format!("reading {name}"))?;
            match Baseline::parse(&name, &text) {
                Ok(b) => Some(b),
                Err(d) => {
                    eprint!("{}", d.render(&text));
                    return Ok(2);
                }
            }
        }
        None => None,
    };
    let work = selection.runs(&scenarios);
    if work.is_empty() {
        eprintln!("eseikyu: no run matches the selection (--rule, --id, --shard, --failed-from)");
        // An empty shard of a small corpus is no mistake; an empty pick is.
        let only_shard = rules.is_empty() && ids.is_empty() && failed_from.is_none();
        return Ok(if shard.is_some() && only_shard { 0 } else { 2 });
    }
    if let Some(form) = pkcs12 {
        for s in &mut scenarios {
            s.profile.pkcs12 = form;
        }
    }
    let catcher = mail::catcher::shared().context("starting the SMTP catcher")?;
    let started = Instant::now();
    let system = match (target.as_deref(), federation.as_deref()) {
        (Some(url), _) => {
            crate::remote::Remote::identity(url)
                .map_err(|e| anyhow::anyhow!("--target {url}: {e}"))?;
            System::Target(url)
        }
        (None, Some(url)) => System::InProcess {
            catcher,
            federation: Some(url),
        },
        (None, None) => System::InProcess {
            catcher,
            federation: None,
        },
    };
    let system_name = target.clone().unwrap_or_else(|| "in process".into());
    let mut reporters: Vec<Box<dyn Reporter>> = Vec::new();
    if let Some(dir) = artifacts.as_deref() {
        reporters.push(Box::new(report_files::artifacts::Artifacts::new(dir)));
    }
    if let Some(path) = junit {
        reporters.push(Box::new(report_files::junit::Junit::new(Some(
            path.clone(),
        ))));
    }
    if let Some(path) = json {
        reporters.push(Box::new(report_files::json::Json::new(Some(path.clone()))));
    }
    if let Some(path) = html {
        reporters.push(Box::new(report_files::html::Html::new(
            path,
            baseline.is_some(),
        )?));
    }
    if let Some(dir) = certify.as_deref() {
        use report_files::certify::{ARTIFACTS, HTML, JSON, JUNIT};
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        reporters.push(Box::new(report_files::artifacts::Artifacts::new(
            &dir.join(ARTIFACTS),
        )));
        reporters.push(Box::new(report_files::html::Html::new(
            &dir.join(HTML),
            baseline.is_some(),
        )?));
        reporters.push(Box::new(report_files::json::Json::new(Some(
            dir.join(JSON),
        ))));
        reporters.push(Box::new(report_files::junit::Junit::new(Some(
            dir.join(JUNIT),
        ))));
    }
    let mut tally = Tally::new(seed, &system_name);
    let mut ran_names: Vec<String> = Vec::new();
    let mut recorded = Baseline {
        target: target.clone(),
        expected: Vec::new(),
    };
    let mut trouble: Option<report_files::ReportError> = None;
    run_stream(&scenarios, &work, seed, jobs.max(1), system, |r| {
        let verdict = match &baseline {
            Some(b) => b.verdict(&r),
            None => report_files::plain_verdict(&r),
        };
        match &verdict {
            Verdict::ExpectedFailure(why) => eprintln!("expected failure {}: {why}", r.name()),
            Verdict::UnexpectedPass(why) => eprintln!(
                "UNEXPECTED PASS {} (the baseline expects it to fail: {why}); update the baseline",
                r.name()
            ),
            _ if !r.passed() => eprint!("{}", report::failure(&r)),
            _ => {
                for p in r.unexpected_problems() {
                    eprintln!("warning: {}: {p}", r.name());
                }
            }
        }
        for rep in &mut reporters {
            if let Err(e) = rep.run(&r, &verdict) {
                trouble.get_or_insert(e);
            }
        }
        tally.add(&r, &verdict, &r.profile);
        recorded.expected.extend(Baseline::expect_failure(&r));
        ran_names.push(r.name());
    });
    let totals = tally.totals(started.elapsed());
    if let Some(e) = trouble {
        return Err(e.into());
    }
    for rep in &mut reporters {
        rep.finish(&totals)?;
    }
    if let Some(b) = &baseline {
        for e in b.unmatched(&ran_names) {
            eprintln!("warning: the baseline names `{}`, which did not run", e.run);
        }
    }
    if let Some(path) = write_baseline.as_deref() {
        std::fs::write(path, recorded.to_yaml())
            .with_context(|| format!("writing {}", path.display()))?;
    }
    if let Some(dir) = certify.as_deref() {
        let system_version = match target.as_deref() {
            Some(url) => crate::remote::Remote::identity(url)
                .ok()
                .and_then(|v| v["version"].as_str().map(str::to_string)),
            None => Some(format!("eseikyu {}", env!("CARGO_PKG_VERSION"))),
        };
        let baseline_bytes = match baseline_path {
            Some(p) => Some(std::fs::read(p).with_context(|| format!("reading {}", p.display()))?),
            None => None,
        };
        let identity = report_files::certify::Identity {
            system: system_name.clone(),
            system_version,
            profiles: totals.profiles.clone(),
            seed,
            eseikyu: env!("CARGO_PKG_VERSION").into(),
            baseline: baseline_path.map(|p| p.display().to_string()),
            baseline_sha256: baseline_bytes.as_deref().map(report_files::certify::sha256),
            runs: totals.runs,
            passed: totals.passed,
            expected_failures: totals.expected_failures,
            unexpected_failures: totals.unexpected_failures,
            unexpected_passes: totals.unexpected_passes,
        };
        report_files::certify::seal(dir, &identity, baseline_bytes.as_deref())?;
    }
    if coverage {
        for r in crate::rules::catalogue() {
            let n = totals.coverage.get(r.id).copied().unwrap_or(0);
            println!("{:<10} {n:>4}  {}", r.id, r.title);
        }
    }
    println!(
        "eseikyu: {} scenarios, {} runs: {} passed, {} failed in {:.2}s (seed {seed})",
        totals.scenarios,
        totals.runs,
        totals.passed,
        totals.failed(),
        totals.elapsed.as_secs_f64()
    );
    if baseline.is_some() {
        println!(
            "baseline: {} expected failures, {} unexpected failures, {} unexpected passes",
            totals.expected_failures, totals.unexpected_failures, totals.unexpected_passes
        );
    }
    Ok(if totals.ok() { 0 } else { 1 })
}

/// What scenarios run against.
#[derive(Clone, Copy)]
pub enum System<'a> {
    /// Worlds in this process, delivering to `catcher`; with `federation`, they use that
    /// external federation.
    InProcess {
        catcher: &'a Catcher,
        federation: Option<&'a str>,
    },
    /// A system at this URL over HTTP.
    Target(&'a str),
}

/// Runs every variant of every scenario on `jobs` threads; results in input order.
pub fn run_all(
    scenarios: &[Scenario],
    seed: u64,
    jobs: usize,
    system: System<'_>,
) -> Vec<RunResult> {
    let work = Selection::default().runs(scenarios);
    run_runs(scenarios, &work, seed, jobs, system)
}

/// Runs the chosen runs (scenario, variant) on `jobs` threads; results in that order.
pub fn run_runs(
    scenarios: &[Scenario],
    work: &[(usize, usize)],
    seed: u64,
    jobs: usize,
    system: System<'_>,
) -> Vec<RunResult> {
    let mut out = Vec::with_capacity(work.len());
    run_stream(scenarios, work, seed, jobs, system, |r| out.push(r));
    out
}

/// Runs the chosen runs on `jobs` threads and hands each result to `sink` as soon as it
/// and every run before it are done, in `work`'s order. Workers run at most a few runs
/// ahead of the oldest unfinished one, so however many runs there are, only a handful of
/// results are held at once: reporters keep what they need, nothing else is kept.
pub fn run_stream(
    scenarios: &[Scenario],
    work: &[(usize, usize)],
    seed: u64,
    jobs: usize,
    system: System<'_>,
    mut sink: impl FnMut(RunResult),
) {
    let workers = jobs.max(1).min(work.len().max(1));
    let window = workers * 4;
    // (the next run to start, how many have been handed on)
    let gate = (Mutex::new((0usize, 0usize)), Condvar::new());
    let (tx, rx) = std::sync::mpsc::channel::<(usize, RunResult)>();
    let bar = (std::io::stdout().is_terminal() && work.len() > 20)
        .then(|| indicatif::ProgressBar::new(work.len() as u64));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (tx, gate) = (tx.clone(), &gate);
            scope.spawn(move || {
                loop {
                    let k = {
                        let mut g = gate.0.lock().unwrap_or_else(|p| p.into_inner());
                        loop {
                            if g.0 >= work.len() {
                                return;
                            }
                            if g.0 < g.1 + window {
                                g.0 += 1;
                                break g.0 - 1;
                            }
                            g = gate.1.wait(g).unwrap_or_else(|p| p.into_inner());
                        }
                    };
                    let (i, v) = work[k];
                    if tx
                        .send((k, run_one(&scenarios[i], v, seed, system)))
                        .is_err()
                    {
                        return;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting = std::collections::BTreeMap::new();
        let mut handed = 0;
        for (k, r) in rx {
            waiting.insert(k, r);
            while let Some(r) = waiting.remove(&handed) {
                sink(r);
                handed += 1;
                if let Some(b) = &bar {
                    b.inc(1);
                }
                gate.0.lock().unwrap_or_else(|p| p.into_inner()).1 = handed;
                gate.1.notify_all();
            }
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
}

/// One run of one variant against the system.
fn run_one(scenario: &Scenario, variant: usize, seed: u64, system: System<'_>) -> RunResult {
    match system {
        System::InProcess {
            catcher,
            federation,
        } => scenario::run(scenario, variant, seed, |p, at, s| {
            let w = World::new(p, at, s, catcher);
            match federation {
                Some(url) => w.with_federation(Federation::http(url, FEDERATION_TIMEOUT)),
                None => w,
            }
        }),
        System::Target(url) => scenario::try_run(scenario, variant, seed, |p, at, s| {
            crate::remote::Remote::open(url, &p, at, s)
        }),
    }
}

/// Writes a caught message into `dir` under the next free `NNNNNN.eml` name: a stored
/// mail is never overwritten, not even one of an earlier run.
fn store_mail(dir: &Path, next: &mut u64, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    loop {
        *next += 1;
        let path = dir.join(format!("{next:06}.eml"));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                f.write_all(bytes)
                    .with_context(|| format!("writing {}", path.display()))?;
                return Ok(());
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e).with_context(|| format!("writing {}", path.display())),
        }
    }
}

fn catch(
    port: u16,
    threads: u32,
    engine: mail::catcher::Engine,
    store: Option<&Path>,
    quiet: bool,
) -> Result<i32> {
    let catcher = Catcher::start_with(port, threads, engine, true)?;
    eprintln!("eseikyu: catching mail on {}", catcher.addr());
    if let Some(d) = store {
        std::fs::create_dir_all(d)?;
    }
    let (mut seen, mut stored) = (0u64, 0u64);
    loop {
        // The catcher fills its mailboxes from its own threads; this loop only reports.
        std::thread::park_timeout(std::time::Duration::from_millis(if quiet {
            1000
        } else {
            50
        }));
        for raw in catcher.take_unrouted() {
            if let Some(d) = store {
                store_mail(d, &mut stored, &raw.bytes)?;
            }
            if quiet {
                continue;
            }
            match mail::decode(raw.bytes, raw.envelope_from, raw.envelope_to) {
                Ok(m) => println!(
                    "{}\t{}\t{}\t{}",
                    seen + 1,
                    m.from,
                    m.to.join(","),
                    m.subject
                ),
                Err(e) => println!("{}\t(undecodable: {e})", seen + 1),
            }
            seen += 1;
        }
        if quiet {
            let total = catcher.received();
            if total != seen {
                println!("{total} messages");
                seen = total;
            }
        }
    }
}

/// `eseikyu serve`: starts every surface, says where, and runs until Ctrl-C.
fn serve(args: &ServeArgs) -> Result<i32> {
    use crate::serve::worlds::{ClockMode, Recipe};
    let profile = crate::profile::Profile::named(&args.profile)
        .with_context(|| format!("unknown profile {:?}", args.profile))?;
    let (at, clock) = match &args.at {
        Some(t) => (
            crate::clock::parse_instant(t).map_err(anyhow::Error::msg)?,
            ClockMode::Virtual,
        ),
        None => (jiff::Timestamp::now(), ClockMode::Wall),
    };
    let offices = match &args.offices {
        Some(f) => offices_file(f)?,
        None => vec![],
    };
    let opts = crate::serve::Options {
        bind: args.bind,
        port: args.port,
        smtp_port: args.smtp_port,
        service_port: args.service_port,
        first: Recipe {
            at,
            profile,
            seed: args.seed,
            clock,
            offices,
        },
        sessions: crate::serve::sessions::Limits {
            idle: std::time::Duration::from_secs(args.session_idle * 60),
            ..Default::default()
        },
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the runtime")?;
    runtime.block_on(async {
        let running = crate::serve::start(opts).await?;
        let site = running.site;
        println!("eseikyu serve: the 介護電子請求受付システム, simulated");
        println!("  site            http://{site}/  (総合窓口; /KShinsei/main お知らせ一覧)");
        println!(
            "  mail (Mailpit)  http://{site}/api/v1/messages  viewer http://{site}/_eseikyu/mail"
        );
        println!("  SMTP            {}", running.smtp);
        println!(
            "  control API     http://{site}/_eseikyu/worlds  (OpenAPI /_eseikyu/openapi.json)"
        );
        println!("  letters         http://{site}/_eseikyu/letters.html");
        println!(
            "  TLS service     https://{}/  (client certificate required)",
            running.service
        );
        println!("Ctrl-C stops it.");
        tokio::signal::ctrl_c()
            .await
            .context("waiting for Ctrl-C")?;
        running.stop().await;
        println!("eseikyu serve: stopped");
        Ok::<i32, anyhow::Error>(0)
    })
}

/// Offices in the scenario format: a YAML list, or a mapping with an `offices:` list.
fn offices_file(path: &Path) -> Result<Vec<crate::scenario::plan::PlannedOffice>> {
    use crate::scenario::model::RawOffice;
    #[derive(serde::Deserialize)]
    struct File {
        offices: Vec<RawOffice>,
    }
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {name}"))?;
    let raw: Vec<RawOffice> = match serde_saphyr::from_str::<Vec<RawOffice>>(&text) {
        Ok(list) => list,
        Err(_) => serde_saphyr::from_str::<File>(&text)
            .map(|f| f.offices)
            .map_err(|e| {
                let d = crate::scenario::parse::syntax_diagnostic(&name, &e);
                anyhow::anyhow!("{}", d.render(&text).trim_end())
            })?,
    };
    raw.iter()
        .map(|o| crate::scenario::parse::office_plan(o).map_err(|e| anyhow::anyhow!("{name}: {e}")))
        .collect()
}
