//! The door over HTTP: a system reached only through what it serves — its site, read as
//! a browser without JavaScript reads it (fields by their labels, buttons, links, tables,
//! messages, downloads; cookies per visitor), its control API for the back office, and a
//! Mailpit-compatible API for its mail (so the target may use a real Mailpit). Each run
//! gets a world of its own on the target. `eseikyu run --target URL` drives it.
//!
//! Actions are resolved against the screen as read, exactly as in process
//! ([`eseikyu_screens::resolve`]), so a scenario's mistakes read the same against any
//! system; a press posts the page's form (or follows the link) and reads the page it led to.

mod cork;
mod door;
mod mailbox;
mod reaper;
mod wire;

pub use reaper::settle;

use mailbox::Mailbox;
use wire::{Records, agent, call, file_name, rfc3339};

use eseikyu_core::profile::Profile;
use eseikyu_door::{Download, DownloadKind, DriverError, FIRST_VISITOR, OfficeFacts, OfficeSpec};
use eseikyu_screens::read::{self, HtmlPage, Press};
use eseikyu_screens::resolve::{self, Pressed, Setter};
use eseikyu_screens::{Action, History, Screen, names};
use jiff::Timestamp;
use serde_json::{Value, json};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::time::Duration;

/// How long one request to the target may take.
const TIMEOUT: Duration = Duration::from_secs(30);
/// The most bytes one answer may have (a page, a mail, a certificate).
const MAX_ANSWER: u64 = 16 * 1024 * 1024;

/// A world on a target reached over HTTP.
pub struct Remote {
    base: String,
    world: String,
    api: ureq::Agent,
    visitors: BTreeMap<String, Visitor>,
    visitor: String,
    mailbox: Mailbox,
    downloads: Vec<Download>,
    /// The world's records as last looked at, until the target is asked to do anything.
    records: RefCell<Option<Records>>,
    /// Whether the target's world outlives this driver (by default it is deleted).
    keep: bool,
    /// The offices the world was made with and their facts, until registering each asks
    /// for them ([`Remote::open_with`]).
    made_with: Vec<(OfficeSpec, OfficeFacts)>,
}

/// A form as it was sent: its address, its fields, its files (field, file name, bytes).
type SentForm = (
    String,
    Vec<(String, String)>,
    Vec<(String, String, bytes::Bytes)>,
);

/// One browser session: its cookies, the page it is on, what it typed there.
struct Visitor {
    agent: ureq::Agent,
    /// The page read at `at`; none yet after entering the world, until something looks at
    /// it (a first step that opens a page of its own never needs the one entered at).
    page: RefCell<Option<HtmlPage>>,
    /// The page's address.
    at: String,
    /// Values set since the page was read, by normalized field name.
    typed: BTreeMap<String, String>,
    /// Files chosen since the page was read: (field, file name, bytes).
    files: Vec<(String, String, bytes::Bytes)>,
    /// The addresses shown: what Back goes back through.
    history: History,
    /// The last form sent: its address, fields and files, for `Repost`.
    last_post: Option<SentForm>,
}

impl Remote {
    /// A new world on the target at `base` (e.g. `http://127.0.0.1:8080`), as a scenario
    /// run needs it: `profile`, starting `at`, drawing from `seed`.
    pub fn open(
        base: &str,
        profile: &Profile,
        at: Timestamp,
        seed: u64,
    ) -> Result<Remote, DriverError> {
        Remote::open_with(base, profile, at, seed, &[])
    }

    /// [`Remote::open`], the world made with `offices` already registered, in one call
    /// (`offices` of `POST …/worlds`): registering each of them then answers the facts
    /// the target gave for it, without asking again. A run's offices cost no request of
    /// their own.
    pub fn open_with(
        base: &str,
        profile: &Profile,
        at: Timestamp,
        seed: u64,
        offices: &[OfficeSpec],
    ) -> Result<Remote, DriverError> {
        let as_named = Profile::named(&profile.name).map(|p| serde_json::to_value(&p).ok());
        if as_named != Some(serde_json::to_value(profile).ok()) {
            return Err(DriverError::Target(format!(
                "this run changes settings of the profile {} (e.g. --pkcs12), which the control \
                 API cannot carry: run it in process",
                profile.name
            )));
        }
        let base = base.trim_end_matches('/').to_string();
        let api = wire::api_agent();
        let made = call(
            &api,
            "POST",
            &format!("{base}/_eseikyu/worlds"),
            Some(json!({
                "at": rfc3339(at), "clock": "virtual", "profile": profile.name, "seed": seed,
                "offices": offices,
            })),
        )?;
        let world = made["id"]
            .as_str()
            .ok_or_else(|| DriverError::Target(format!("a new world has no id: {made}")))?
            .to_string();
        let mut remote = Remote {
            base,
            world,
            api,
            visitors: BTreeMap::new(),
            visitor: FIRST_VISITOR.into(),
            mailbox: Mailbox::default(),
            downloads: Vec::new(),
            records: RefCell::new(None),
            keep: false,
            made_with: Vec::new(),
        };
        remote.made_with = remote.facts_made_with(offices, &made)?;
        remote.visit(FIRST_VISITOR)?;
        Ok(remote)
    }

    /// The facts of the offices a world was made with: as its answer gives them, or, from
    /// a target whose answer does not, as `GET …/offices/{number}` gives each. An office
    /// the target does not know (it made the world without its offices) is left out: its
    /// registration then asks the target, one call, as it always did.
    fn facts_made_with(
        &self,
        offices: &[OfficeSpec],
        made: &Value,
    ) -> Result<Vec<(OfficeSpec, OfficeFacts)>, DriverError> {
        let given = made["offices"].as_array();
        let mut known = Vec::new();
        for (i, office) in offices.iter().enumerate() {
            let facts = match given.and_then(|g| g.get(i)) {
                Some(f) => f.clone(),
                None => {
                    let path = format!("/offices/{}", office.number);
                    match call(&self.api, "GET", &self.control(&path), None) {
                        Ok(f) => f,
                        Err(_) => continue,
                    }
                }
            };
            let facts = serde_json::from_value(facts).map_err(|e| {
                DriverError::Target(format!(
                    "the facts of office {} the world was made with: {e}",
                    office.number
                ))
            })?;
            known.push((office.clone(), facts));
        }
        Ok(known)
    }

    /// The facts of `office` if the world was made with it (once: registering it again
    /// asks the target, which answers as it answers a second registration).
    fn made_with(&mut self, office: &OfficeSpec) -> Option<OfficeFacts> {
        let i = self.made_with.iter().position(|(o, _)| o == office)?;
        Some(self.made_with.remove(i).1)
    }

    /// The name of the target's world this driver made.
    pub fn world(&self) -> &str {
        &self.world
    }

    /// Leaves the target's world in place when this driver ends, to be looked at.
    pub fn keep_world(mut self) -> Remote {
        self.keep = true;
        self
    }

    /// The target's identity: what `/_eseikyu/worlds` and the Mailpit `info` report.
    pub fn identity(base: &str) -> Result<Value, DriverError> {
        let base = base.trim_end_matches('/');
        let info = call(
            &wire::api_agent(),
            "GET",
            &format!("{base}/api/v1/info"),
            None,
        )?;
        Ok(json!({ "url": base, "version": info["Version"] }))
    }

    /// The target was asked to do something: what was read of its mail and records may
    /// be out of date.
    fn changed(&self) {
        self.mailbox.stale();
        self.records.take();
    }

    fn control(&self, path: &str) -> String {
        format!("{}/_eseikyu/worlds/{}{path}", self.base, self.world)
    }

    fn me(&self) -> Result<&Visitor, DriverError> {
        self.visitors
            .get(&self.visitor)
            .ok_or_else(|| DriverError::Target(format!("no visitor {}", self.visitor)))
    }

    fn me_mut(&mut self) -> Result<&mut Visitor, DriverError> {
        let v = self.visitor.clone();
        self.visitors
            .get_mut(&v)
            .ok_or_else(|| DriverError::Target(format!("no visitor {v}")))
    }

    /// Fetches `url` as the acting visitor (GET, or POST of a form) and takes the page it
    /// led to — or, for a file, keeps the file and reads the page again.
    fn browse(
        &mut self,
        url: &str,
        form: Option<Vec<(String, String)>>,
    ) -> Result<(), DriverError> {
        let full = format!("{}{url}", self.base);
        let agent = self.me()?.agent.clone();
        // Whatever the site did may have sent mail or changed records: the next look asks.
        self.changed();
        let files = std::mem::take(&mut self.me_mut()?.files);
        if let Some(pairs) = &form {
            self.me_mut()?.last_post = Some((url.to_string(), pairs.clone(), files.clone()));
        }
        let response = match &form {
            // A form with a file field posts as a browser does: multipart/form-data.
            Some(pairs) if !files.is_empty() => {
                let mut multipart = ureq::unversioned::multipart::Form::new();
                for (k, v) in pairs {
                    multipart = multipart.text(k, v);
                }
                for (field, name, bytes) in &files {
                    let part = ureq::unversioned::multipart::Part::bytes(bytes)
                        .file_name(name)
                        .mime_str("text/csv")
                        .map_err(|e| DriverError::Target(format!("{url}: {e}")))?;
                    multipart = multipart.part(field, part);
                }
                agent.post(&full).send(multipart)
            }
            Some(pairs) => agent.post(&full).send_form(
                pairs
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect::<Vec<_>>(),
            ),
            None => agent.get(&full).call(),
        };
        let mut r = response.map_err(|e| DriverError::Target(format!("{url}: {e}")))?;
        let status = r.status().as_u16();
        // The address as the browser shows it, its query too (a Reload asks for it again).
        let uri = ureq::ResponseExt::get_uri(&r);
        let path = uri
            .path_and_query()
            .map_or_else(|| uri.path().to_string(), |p| p.as_str().to_string());
        let header = |n: &str| {
            r.headers()
                .get(n)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let (disposition, kind) = (header("content-disposition"), header("content-type"));
        let body = body_of(&mut r, url)?;
        // The page the site answers a form from a page left with (409) is a page too.
        let page = kind.as_deref().is_some_and(|k| k.starts_with("text/html"));
        if status != 200 && !(status == 409 && page) {
            return Err(DriverError::Target(format!(
                "{url} answered {status}: {}",
                String::from_utf8_lossy(&body)
                    .chars()
                    .take(300)
                    .collect::<String>()
            )));
        }
        if let Some(d) = disposition.filter(|d| d.starts_with("attachment")) {
            self.keep_download(&d, kind.as_deref(), body)?;
            let at = self.me()?.at.clone();
            return self.browse(&at, None);
        }
        let page = page_of(body, &path)?;
        let me = self.me_mut()?;
        me.page = RefCell::new(Some(page));
        me.at = path;
        me.typed.clear();
        me.files.clear();
        Ok(())
    }

    /// A file the site handed out, with what opens it (from the control API).
    fn keep_download(
        &mut self,
        disposition: &str,
        kind: Option<&str>,
        bytes: Vec<u8>,
    ) -> Result<(), DriverError> {
        let name = file_name(disposition);
        let kind = match kind {
            Some(k) if k.starts_with("application/zip") => DownloadKind::Attachment,
            Some(k) if k.starts_with("text/csv") => DownloadKind::Data,
            _ => DownloadKind::Certificate,
        };
        let listed = call(&self.api, "GET", &self.control("/downloads"), None)?;
        let password = listed["downloads"]
            .as_array()
            .and_then(|l| l.last())
            .and_then(|d| d["password"].as_str())
            .map(str::to_string);
        self.downloads.push(Download {
            name,
            bytes,
            kind,
            password,
        });
        Ok(())
    }

    /// The form a browser posts from the current page: every field as shown, with what
    /// was typed, and the pressed button.
    fn form(&self, press: &str) -> Result<Vec<(String, String)>, DriverError> {
        let mut pairs = resolve::form_values(&self.screen()?);
        pairs.extend(self.page()?.hidden.iter().cloned());
        pairs.push((eseikyu_screens::html::PRESS.into(), press.into()));
        Ok(pairs)
    }

    fn press(&mut self, name: &str, row: Option<&str>) -> Result<(), DriverError> {
        let screen = self.screen()?;
        let pressed = resolve::press(&screen, name, row)?;
        let (name, row, menu) = match &pressed {
            Pressed::Page(n) => (n.clone(), None, false),
            Pressed::Row(n, i) => (n.clone(), Some(*i), false),
            Pressed::Menu(n) => (n.clone(), None, true),
        };
        let target = self
            .page()?
            .targets
            .iter()
            .find(|t| t.name == name && t.row == row && t.menu == menu)
            .ok_or_else(|| {
                DriverError::Target(format!(
                    "「{name}」 is shown but the page has no way to press it"
                ))
            })?
            .press
            .clone();
        let pressed = match target {
            Press::Post(to) => {
                let form = self.form(&name)?;
                self.browse(&to, Some(form))
            }
            Press::Get(href) => self.browse(&href, None),
        };
        match pressed {
            // What the site does not simulate (501) reads as it does in process.
            Err(DriverError::Target(m)) if m.contains(" answered 501") => {
                Err(eseikyu_screens::ActError::Unsupported(name).into())
            }
            other => other,
        }
    }
}

impl Remote {
    /// The acting visitor's page as a screen, with what was typed on it.
    fn screen(&self) -> Result<Screen, DriverError> {
        let mut screen = self.page()?.screen.clone();
        let me = self.me()?;
        for b in &mut screen.blocks {
            if let eseikyu_screens::Block::Field(f) = b
                && let Some(v) = me.typed.get(&names::normalize(&f.name))
            {
                f.value = v.clone();
            }
        }
        Ok(screen)
    }

    /// The page shown after a move, in the history as a browser keeps it (after Back or a
    /// repost, in place of the current entry).
    fn note_page(&mut self, replace: bool) -> Result<(), DriverError> {
        let me = self.me_mut()?;
        me.history.note(&me.at, replace);
        Ok(())
    }

    fn act(&mut self, action: &Action) -> Result<(), DriverError> {
        let moves = action.moves();
        let done = self.act_on_page(action);
        if moves && done.is_ok() {
            self.note_page(action.replaces_entry())?;
        }
        done
    }

    fn act_on_page(&mut self, action: &Action) -> Result<(), DriverError> {
        let set = |field: &str, value: String, setter: Setter, this: &mut Remote| {
            let screen = this.screen()?;
            let (field, value) = resolve::field(&screen, field, value, setter)?;
            this.me_mut()?.typed.insert(names::normalize(&field), value);
            Ok::<(), DriverError>(())
        };
        match action {
            Action::Open(target) => {
                let address = resolve::entry_address(target)?;
                self.browse(address, None)
            }
            Action::Fill { field, value } => set(field, value.clone(), Setter::Fill, self),
            Action::Check { field, on } => {
                let v = if *on { "on" } else { "" };
                set(field, v.to_string(), Setter::Check, self)
            }
            Action::Choose { field, option } => set(field, option.clone(), Setter::Choose, self),
            Action::Press { name, row } => self.press(name, row.as_deref()),
            Action::Back => {
                let Some(before) = self.me_mut()?.history.back() else {
                    return Ok(());
                };
                self.browse(&before, None)
            }
            Action::Reload => {
                let at = self.me()?.at.clone();
                self.browse(&at, None)
            }
            Action::Go(target) => {
                let address = resolve::go_address(target)?;
                self.browse(&address, None)
            }
            Action::Repost => {
                let (url, pairs, files) = self
                    .me()?
                    .last_post
                    .clone()
                    .ok_or(eseikyu_screens::ActError::NothingPosted)?;
                self.me_mut()?.files = files;
                self.browse(&url, Some(pairs))
            }
            Action::Attach { field, name, bytes } => {
                let screen = self.screen()?;
                let (shown, _) = resolve::field(&screen, field, name.clone(), Setter::Attach)?;
                let me = self.me_mut()?;
                me.typed.insert(names::normalize(&shown), name.clone());
                me.files.retain(|(f, _, _)| *f != shown);
                me.files.push((shown, name.clone(), bytes.clone()));
                Ok(())
            }
        }
    }

    fn visit(&mut self, visitor: &str) -> Result<(), DriverError> {
        self.visitor = visitor.to_string();
        if self.visitors.contains_key(visitor) {
            return Ok(());
        }
        self.visitors.insert(
            visitor.to_string(),
            Visitor {
                agent: agent(10),
                page: RefCell::new(None),
                at: "/".into(),
                typed: BTreeMap::new(),
                files: Vec::new(),
                history: History::default(),
                last_post: None,
            },
        );
        // The world's cookie; its site's root is read when something looks at it.
        let enter = format!("{}/_eseikyu/worlds/{}/enter", self.base, self.world);
        let agent = self.me()?.agent.clone();
        let entered = agent
            .get(&enter)
            .config()
            .max_redirects(0)
            .build()
            .call()
            .map_err(|e| DriverError::Target(format!("{enter}: {e}")))?;
        let status = entered.status().as_u16();
        let to = entered
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .filter(|_| (300..400).contains(&status))
            .ok_or_else(|| {
                DriverError::Target(format!("{enter} answered {status}, not a redirect"))
            })?;
        // The address as the browser shows it: the path (and query) of where it leads.
        let to = match to.find("://") {
            Some(i) => to[i + 3..].find('/').map_or("/", |j| &to[i + 3 + j..]),
            None => to,
        };
        self.me_mut()?.at = to.to_string();
        self.note_page(false)
    }

    /// The acting visitor's page, read first if it has not been yet (the page entered at).
    fn page(&self) -> Result<std::cell::Ref<'_, HtmlPage>, DriverError> {
        let me = self.me()?;
        if me.page.borrow().is_none() {
            let url = format!("{}{}", self.base, me.at);
            let read = self.read_page(&me.agent, &url)?;
            me.page.replace(Some(read));
        }
        std::cell::Ref::filter_map(me.page.borrow(), Option::as_ref)
            .map_err(|_| DriverError::Target(format!("{}: no page", me.at)))
    }

    /// A page asked for with a GET, read as a browser reads it.
    fn read_page(&self, agent: &ureq::Agent, url: &str) -> Result<HtmlPage, DriverError> {
        // What the site did may have sent mail or changed records: the next look asks.
        self.changed();
        let mut r = agent
            .get(url)
            .call()
            .map_err(|e| DriverError::Target(format!("{url}: {e}")))?;
        let status = r.status().as_u16();
        let body = body_of(&mut r, url)?;
        if status != 200 {
            return Err(DriverError::Target(format!("{url} answered {status}")));
        }
        page_of(body, url)
    }
}

/// An answer's body, up to the most the driver reads.
fn body_of(r: &mut ureq::http::Response<ureq::Body>, url: &str) -> Result<Vec<u8>, DriverError> {
    r.body_mut()
        .with_config()
        .limit(MAX_ANSWER)
        .read_to_vec()
        .map_err(|e| DriverError::Target(format!("{url}: {e}")))
}

/// A page's HTML read as a browser reads it (`at` names it in what goes wrong).
fn page_of(body: Vec<u8>, at: &str) -> Result<HtmlPage, DriverError> {
    let html = String::from_utf8(body)
        .map_err(|_| DriverError::Target(format!("{at}: the page is not UTF-8")))?;
    read::read(&html).map_err(|e| DriverError::Target(format!("{at}: {e}")))
}

impl Drop for Remote {
    fn drop(&mut self) {
        if self.keep {
            return;
        }
        // Deleted off this thread: the next run need not wait for the answer
        // ([`settle`] waits for every one).
        reaper::delete_soon(format!("{}/_eseikyu/worlds/{}", self.base, self.world));
    }
}
