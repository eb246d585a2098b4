//! `eseikyu run`: the scenarios chosen, run against a system, every reporter fed.

use crate::mail;
use crate::report::{self as report_files, Reporter, Tally};
use crate::scenario::baseline::Baseline;
use crate::scenario::select::Selection;

use super::files::{Corpus, Husk, load_for_run};
use super::stream::{Source, run_source};
use super::{Pkcs12Arg, System};
use crate::profile::{PROFILE_NAMES, Profile};
use crate::scenario::Scenario;
use anyhow::{Context, Result};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// The arguments of `eseikyu run`.
#[derive(clap::Args)]
pub(super) struct RunArgs {
    /// Scenario files, or directories searched for *.yaml.
    paths: Vec<PathBuf>,
    /// The run's seed: every code, password and key derives from it.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Runs at once [default: the number of cores].
    #[arg(long, short)]
    jobs: Option<usize>,
    /// Prints only failures and the summary (no line per run, no slowest list).
    #[arg(long, short)]
    quiet: bool,
    /// When to colour the lines: on a terminal (`auto`, unless NO_COLOR is set),
    /// `always` or `never`.
    #[arg(long, value_enum, default_value_t = super::console::Color::Auto)]
    color: super::console::Color,
    /// Writes what each scenario produced under DIR/<scenario id>/.
    #[arg(long, value_name = "DIR")]
    artifacts: Option<PathBuf>,
    /// Prints how many passing runs cover each rule of SPEC.md.
    #[arg(long)]
    coverage: bool,
    /// Uses an external federation at URL (JSON over HTTP; see docs/system.md) instead
    /// of the in-process one; `federation:` steps then fail.
    #[arg(long, value_name = "URL", conflicts_with = "target")]
    federation: Option<String>,
    /// Runs against the system at URL over HTTP (its site, control API and Mailpit API,
    /// as `eseikyu serve` serves them) instead of in process: a world of its own per run.
    #[arg(long, value_name = "URL")]
    target: Option<String>,
    /// Writes a JUnit XML report to FILE (one test case per run).
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
    /// Writes a JSON report (runs, failures, rule coverage) to FILE.
    #[arg(long, value_name = "FILE")]
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
    /// Runs expected to fail, with reasons (docs/conformance.md): exit 0 means no
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

pub(super) fn run(args: &RunArgs) -> Result<i32> {
    let RunArgs {
        paths,
        seed,
        jobs,
        quiet,
        color,
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
    let (seed, coverage) = (*seed, *coverage);
    let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let detail = if *quiet {
        super::console::Detail::Quiet
    } else {
        super::console::Detail::Lines
    };
    let mut console = super::console::Console::new(detail, *color);
    let pkcs12 = pkcs12.map(|p| match p {
        Pkcs12Arg::Modern => crate::pki::Pkcs12Form::Modern,
        Pkcs12Arg::Legacy => crate::pki::Pkcs12Form::Legacy,
    });
    if let Some(url) = federation.as_deref() {
        crate::federation::check_url(url).map_err(|e| anyhow::anyhow!("--federation: {e}"))?;
    }
    let mut selection = Selection::default().rules(rules)?.ids(ids)?;
    if let Some(s) = shard {
        selection = selection.shard(s)?;
    }
    if let Some(path) = failed_from {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {name}"))?;
        selection = selection.failed_from(&name, &text)?;
    }
    let (corpus, _) = load_for_run(paths, &selection)?;
    let Some(mut corpus) = corpus else {
        return Ok(2);
    };
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
    let work = match &mut corpus {
        Corpus::Whole(scenarios) => selection.runs(scenarios),
        Corpus::Light { work, .. } => std::mem::take(work),
    };
    if work.is_empty() {
        eprintln!("eseikyu: no run matches the selection (--rule, --id, --shard, --failed-from)");
        // An empty shard of a small corpus is no mistake; an empty pick is.
        let only_shard = rules.is_empty() && ids.is_empty() && failed_from.is_none();
        return Ok(if shard.is_some() && only_shard { 0 } else { 2 });
    }
    // `--pkcs12`: one adjusted value of each built-in profile, shared as the profiles are.
    let adjusted: Vec<Arc<Profile>> = PROFILE_NAMES
        .iter()
        .filter_map(|n| Profile::named(n))
        .filter_map(|mut p| {
            p.pkcs12 = pkcs12?;
            Some(Arc::new(p))
        })
        .collect();
    let adjust = move |s: &mut Scenario| {
        let swap = |p: &mut Arc<Profile>| {
            if let Some(a) = adjusted.iter().find(|a| a.name == p.name) {
                *p = a.clone();
            }
        };
        swap(&mut s.profile);
        s.variants
            .iter_mut()
            .filter_map(|v| v.profile.as_mut())
            .for_each(swap);
    };
    if let Corpus::Whole(scenarios) = &mut corpus {
        scenarios.iter_mut().for_each(&adjust);
    }
    // A large corpus runs light: only the runs in progress hold a whole scenario.
    let reload = move |h: &Husk| super::files::reload(h, &adjust);
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
        // The package seals every file in it: one left from an earlier run would be
        // sealed as this run's. It starts empty.
        let mut entries =
            std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
        if entries.next().is_some() {
            anyhow::bail!(
                "--certify {}: the folder is not empty; a certification package is written into \
                 an empty or new folder (remove it or choose another)",
                dir.display()
            );
        }
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
    let source = match &corpus {
        Corpus::Whole(scenarios) => Source::Whole(scenarios),
        Corpus::Light { husks, .. } => Source::Light(husks, &reload),
    };
    let judge = |r: &crate::scenario::RunResult| match &baseline {
        Some(b) => b.verdict(r),
        None => report_files::plain_verdict(r),
    };
    let bar = detail == super::console::Detail::Quiet;
    // The surprising failures that were not a check's: the scenario's, the system's.
    let (mut scenario_errors, mut system_errors) = (0usize, 0usize);
    run_source(source, &work, seed, jobs.max(1), system, bar, |r| {
        let mut r = r;
        let mut verdict = judge(&r);
        // A report that cannot be written for this run (a full disk under --artifacts)
        // fails this run; the others and every report's end are still written.
        for rep in &mut reporters {
            if let Err(e) = rep.run(&r, &verdict) {
                eprintln!("eseikyu: {}: {e}", r.name());
                if r.failure.is_none() {
                    r.failure = Some(crate::scenario::run::Failure::before_steps(
                        "reports",
                        crate::scenario::run::FailureKind::System,
                        format!("its reports could not be written: {e}"),
                    ));
                    verdict = judge(&r);
                }
            }
        }
        console.run(&r, &verdict);
        if verdict.surprising() {
            match r.failure.as_ref().map(|f| f.kind) {
                Some(crate::scenario::run::FailureKind::Scenario) => scenario_errors += 1,
                Some(crate::scenario::run::FailureKind::System) => system_errors += 1,
                _ => {}
            }
        }
        tally.add(&r, &verdict, &r.profile);
        // Only what is asked for is kept: memory stays flat in the number of runs.
        if write_baseline.is_some() {
            recorded.expected.extend(Baseline::expect_failure(&r));
        }
        if let Some(b) = &baseline {
            let name = r.name();
            if b.expected.iter().any(|e| e.run == name) {
                ran_names.push(name);
            }
        }
    });
    let totals = tally.totals(started.elapsed());
    console.finish(totals.runs);
    // A report that could not be finished is a fault of eseikyu's surroundings: exit 2
    // after the summary (a run whose report failed has failed already).
    let mut unfinished = false;
    for rep in &mut reporters {
        if let Err(e) = rep.finish(&totals) {
            eprintln!("eseikyu: {e}");
            unfinished = true;
        }
    }
    drop(reporters);
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
            outln!("{:<10} {n:>4}  {}", r.id, r.title);
        }
    }
    outln!(
        "eseikyu: {} scenarios, {} runs: {} passed, {} failed in {:.2}s (seed {seed})",
        totals.scenarios,
        totals.runs,
        totals.passed,
        totals.failed(),
        totals.elapsed.as_secs_f64()
    );
    if baseline.is_some() {
        outln!(
            "baseline: {} expected failures, {} unexpected failures, {} unexpected passes",
            totals.expected_failures,
            totals.unexpected_failures,
            totals.unexpected_passes
        );
    }
    // The most telling exit code: the suite's own trouble (a report, a scenario that
    // cannot be carried out), then a broken system or target, then a non-conformance.
    Ok(if unfinished || scenario_errors > 0 {
        2
    } else if system_errors > 0 {
        3
    } else if totals.ok() {
        0
    } else {
        1
    })
}
