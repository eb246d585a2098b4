//! What a planned step is in words: whether it only reads, and how a report names it.

use super::*;

impl StepKind {
    /// Whether the step only reads (the screen, mail, letters, files): the screen is
    /// the same after it as before.
    pub fn reads_only(&self) -> bool {
        matches!(
            self,
            StepKind::Screen(_)
                | StepKind::See(_)
                | StepKind::Absent(_)
                | StepKind::Mail(_)
                | StepKind::NoMail { .. }
                | StepKind::Letter(_)
                | StepKind::NoLetter { .. }
                | StepKind::Snapshot(_)
                | StepKind::Remember(_)
                | StepKind::SameAs { .. }
                | StepKind::Problem(_)
                | StepKind::File(_)
                | StepKind::Download(_)
                | StepKind::Unzip(_)
                | StepKind::Connect { .. }
                | StepKind::Advise { .. }
                | StepKind::Count(_)
        )
    }

    /// The step as the scenario wrote it, for reports.
    pub fn describe(&self) -> String {
        match self {
            StepKind::Open(s) => format!("open: {s}"),
            StepKind::Back => "browser: back".into(),
            StepKind::Reload => "browser: reload".into(),
            StepKind::Go(s) => format!("go: {s}"),
            StepKind::Repost => "browser: repost".into(),
            StepKind::Fill(p) => format!("fill: {}", fields(p)),
            StepKind::Check(s, on) => format!("{}: {s}", if *on { "check" } else { "uncheck" }),
            StepKind::Choose(p) => format!("choose: {}", fields(p)),
            StepKind::Press { name, row: None } => format!("press: {name}"),
            StepKind::Press { name, row: Some(r) } => format!("press: {name} (row {r})"),
            StepKind::Screen(s) => format!("screen: {s}"),
            StepKind::See(s) => format!("see: {}", s.join(" / ")),
            StepKind::Absent(s) => format!("absent: {}", s.join(" / ")),
            StepKind::Mail(m) => {
                format!(
                    "mail: to {}{}",
                    m.to,
                    m.subject
                        .as_ref()
                        .map(|s| format!(", {s}"))
                        .unwrap_or_default()
                )
            }
            StepKind::NoMail { to } => format!("no_mail: {}", to.as_deref().unwrap_or("(any)")),
            StepKind::Letter(l) => {
                format!(
                    "letter: to {}{}",
                    l.to,
                    l.title
                        .as_ref()
                        .map(|s| format!(", {s}"))
                        .unwrap_or_default()
                )
            }
            StepKind::NoLetter { to } => {
                format!("no_letter: {}", to.as_deref().unwrap_or("(any)"))
            }
            StepKind::Wait(d) => format!("wait: {}s", d.as_secs()),
            StepKind::Count(c) => {
                let (what, to, with) = match &c.what {
                    Counted::Rows { with } => ("rows", None, with.as_deref()),
                    Counted::Mails { to, .. } => ("mails", to.as_deref(), None),
                    Counted::Letters { to, .. } => ("letters", to.as_deref(), None),
                };
                let mut s = format!("count: {} {what}", c.n);
                if let Some(t) = to {
                    s.push_str(&format!(" to {t}"));
                }
                if let Some(w) = with {
                    s.push_str(&format!(" with {w}"));
                }
                s
            }
            StepKind::As(v) => format!("as: {v}"),
            StepKind::At(t) => format!(
                "at: {}",
                t.to_zoned(eseikyu_core::clock::jst())
                    .strftime("%Y-%m-%dT%H:%M:%S%:z")
            ),
            StepKind::Snapshot(k) => format!("snapshot: {k:?}").to_lowercase(),
            StepKind::Payment { office, amount } => format!("payment: {office} {amount}"),
            StepKind::Advise { office, .. } => format!("advise: {office}"),
            StepKind::Fault(f) => {
                let what = match f.kind {
                    eseikyu_door::FaultKind::Smtp(s) => format!("smtp {s:?}"),
                    eseikyu_door::FaultKind::Federation(s) => format!("federation {s:?}"),
                };
                format!(
                    "fault: {} ×{} ({:.0}%)",
                    what.to_lowercase(),
                    f.times,
                    f.chance * 100.0
                )
            }
            StepKind::Problem(t) => format!("problem: {t}"),
            StepKind::Unzip(u) => format!("unzip{}", if u.refused { ": refused" } else { "" }),
            StepKind::Remember(name) => format!("remember: {name}"),
            StepKind::Attach { file, .. } => {
                format!("attach: {}", file.name.as_deref().unwrap_or("(no name)"))
            }
            StepKind::File(f) => format!("file: {}", f.name.as_deref().unwrap_or("(any)")),
            StepKind::SameAs { screen, .. } => format!("same_as: {screen}"),
            StepKind::Connect { accepted, .. } => format!(
                "connect: expect {}",
                if *accepted { "accepted" } else { "refused" }
            ),
            StepKind::Download(d) => format!(
                "download: {}{}",
                d.subject.as_deref().unwrap_or("(any)"),
                if d.refused { ", refused" } else { "" }
            ),
            StepKind::PaperRequest { office, envelope } => format!(
                "federation: paper request {office}{}",
                if *envelope { "" } else { " (no envelope)" }
            ),
            StepKind::Decide {
                number, approve, ..
            } => {
                format!(
                    "federation: {} {number}",
                    if *approve { "approve" } else { "reject" }
                )
            }
        }
    }
}

fn fields(p: &[(String, String)]) -> String {
    p.iter()
        .map(|(k, _)| k.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
