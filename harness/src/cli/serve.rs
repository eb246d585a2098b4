//! `eseikyu serve`: its arguments, the surfaces started, the offices file read.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The arguments of `eseikyu serve`.
#[derive(clap::Args)]
pub(super) struct ServeArgs {
    /// The address the site, the APIs and the TLS service listen on (the SMTP catcher
    /// stays on 127.0.0.1). Beyond loopback the control and mail APIs need a token
    /// (`--token`, or one made and printed).
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
    /// 総合窓口 (the seeds give no session timeout).
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=10_080), help_heading = "Limits")]
    session_idle: u64,
    /// The most sessions one world keeps, however made (a first visit makes one); beyond
    /// it the least recently seen are forgotten.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(10..=1_000_000), help_heading = "Limits")]
    max_sessions: u64,
    /// The most worlds the server keeps; one more is refused (409) until one is deleted.
    #[arg(long, default_value_t = 1_000, value_parser = clap::value_parser!(u64).range(1..=100_000), help_heading = "Limits")]
    max_worlds: u64,
    /// The most offices one world holds, named and generated; more are refused (409).
    #[arg(long, default_value_t = 200_000, value_parser = clap::value_parser!(u64).range(1..=10_000_000), help_heading = "Limits")]
    max_offices: u64,
    /// The most connections served at once on the site's port and on the TLS service's;
    /// more wait to be accepted.
    #[arg(long, default_value_t = 1_024, value_parser = clap::value_parser!(u64).range(1..=65_536), help_heading = "Limits")]
    max_connections: u64,
    /// Seconds a request's headers may take to arrive; then the connection is closed
    /// (a client that sends them a byte at a time gives its place back).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600), help_heading = "Limits")]
    header_read_time: u64,
    /// Seconds a TLS handshake may take on the service's port; then the socket is closed.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..=600), help_heading = "Limits")]
    handshake_time: u64,
    /// Days a world (not the first) is kept with no request; then it is deleted, from
    /// memory and from `--data` (export it before: `GET …/scenario`).
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=36_500), help_heading = "Limits")]
    world_idle: u64,
    /// A token every call of the control and mail APIs must carry
    /// (`Authorization: Bearer TOKEN`). Bound beyond loopback without one, a token is
    /// made and printed.
    #[arg(long)]
    token: Option<String>,
    /// Keep the worlds in this directory: every change is written to its world's journal
    /// before it is answered, and a restart restores every world as it was (sessions,
    /// mail and its IDs, letters, certificates). Back it up by copying it. Without it,
    /// everything is kept in memory only.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
}

/// The server's bounds, from its arguments.
fn limits(args: &ServeArgs) -> crate::serve::Limits {
    use std::time::Duration;
    let count = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
    crate::serve::Limits {
        session_idle: Duration::from_secs(args.session_idle * 60),
        sessions: count(args.max_sessions),
        worlds: count(args.max_worlds),
        offices: count(args.max_offices),
        connections: count(args.max_connections),
        header_read: Duration::from_secs(args.header_read_time),
        handshake: Duration::from_secs(args.handshake_time),
        world_idle: Duration::from_secs(args.world_idle * 24 * 3600),
    }
}

/// `eseikyu serve`: starts every surface, says where, and runs until Ctrl-C.
pub(super) fn serve(args: &ServeArgs) -> Result<i32> {
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
    // Beyond loopback the APIs (secrets, passwords, deleting worlds) need a token.
    let token = args
        .token
        .clone()
        .or_else(|| (!args.bind.is_loopback()).then(|| format!("{:032x}", rand::random::<u128>())));
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
        limits: limits(args),
        token: token.clone(),
        data: args.data.clone(),
    };
    let data = args.data.clone();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the runtime")?;
    runtime.block_on(async {
        let running = crate::serve::start(opts).await?;
        for note in &running.notes {
            eprintln!("eseikyu serve: {note}");
        }
        let site = running.site;
        outln!("eseikyu serve: the 介護電子請求受付システム, simulated");
        outln!("  site            http://{site}/  (総合窓口; /KShinsei/main お知らせ一覧)");
        outln!(
            "  mail (Mailpit)  http://{site}/api/v1/messages  viewer http://{site}/_eseikyu/mail"
        );
        outln!("  SMTP            {}", running.smtp);
        outln!("  control API     http://{site}/_eseikyu/worlds  (OpenAPI /_eseikyu/openapi.json)");
        outln!("  letters         http://{site}/_eseikyu/letters.html");
        outln!(
            "  TLS service     https://{}/  (client certificate required; its CA http://{site}/_eseikyu/service-ca.pem)",
            running.service
        );
        if let Some(dir) = &data {
            outln!(
                "  data            {}  (every change journaled before it is answered; restored on start)",
                dir.display()
            );
        }
        if let Some(t) = &token {
            outln!("  token           {t}  (every API call: Authorization: Bearer …)");
        }
        if !running.site.ip().is_loopback() {
            eprintln!(
                "eseikyu serve: bound to {}: the site is open to the network; the control \
                 and mail APIs answer only calls that carry the token",
                running.site.ip()
            );
        }
        outln!("Ctrl-C stops it.");
        stopped().await?;
        running.stop().await;
        outln!("eseikyu serve: stopped");
        Ok::<i32, anyhow::Error>(0)
    })
}

/// Waits for Ctrl-C, or SIGTERM (a service manager's stop).
async fn stopped() -> Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).context("waiting for SIGTERM")?;
        tokio::select! {
            c = tokio::signal::ctrl_c() => c.context("waiting for Ctrl-C"),
            _ = term.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    tokio::signal::ctrl_c().await.context("waiting for Ctrl-C")
}

/// Offices in the scenario format: a YAML list, or a mapping with an `offices:` list.
pub(super) fn offices_file(path: &Path) -> Result<Vec<crate::door::OfficeSpec>> {
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
        .map(|o| o.checked().map_err(|e| anyhow::anyhow!("{name}: {e}")))
        .collect()
}
