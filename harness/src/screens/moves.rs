//! The browser's own moves, as the served site answers them (ASSUMPTION, docs/scenarios.md):
//! Back asks again for the address shown before (the site keeps no page in the browser's
//! cache; a redirect's address takes that entry's place), Reload for the current one, a typed address for that one; asking for an entry
//! page opens it, asking for any other page of the site shows the session's current page.
//! A form sent again is taken only on the page it came from and in the session it was
//! made in; otherwise the current page answers that it was left (`E_STALE_PAGE`).

use super::action::ActError;
use super::browser::{Browser, Ctx, Post};
use super::html;
use super::resolve::{self, Pressed};

/// The mark of the address the site redirects to after a form it refused (its query):
/// the GET that follows shows the page with its messages (a new visit of the address
/// does not).
pub const REFUSED_MARK: &str = "refused";

/// A link's address as the history keeps it (a GET of `/KShinsei/act` over HTTP): what
/// it presses, in which row, in which session (its anti-forgery token's).
pub(super) fn link_address(name: &str, row: Option<&str>, session: u32) -> String {
    let row = row.unwrap_or_default();
    format!("{}?{session}\u{1f}{row}\u{1f}{name}", html::LINK_ADDRESS)
}

/// What a link's address presses: its name, row and session.
fn link_of(address: &str) -> Option<(String, Option<String>, u32)> {
    let query = address
        .strip_prefix(html::LINK_ADDRESS)?
        .strip_prefix('?')?;
    let mut parts = query.splitn(3, '\u{1f}');
    let session = parts.next()?.parse().ok()?;
    let row = parts.next().filter(|r| !r.is_empty()).map(str::to_string);
    Some((parts.next()?.to_string(), row, session))
}

/// The addresses a session has shown, oldest first, as a browser keeps them: a page shown
/// again in a row once; after Back, the address the site answered with takes the place
/// of the entry gone back to (a redirect's). The browser in process and the HTTP driver
/// keep theirs with it.
#[derive(Clone, Debug, Default)]
pub struct History(Vec<String>);

impl History {
    /// A history that starts at `first`.
    pub fn at(first: &str) -> History {
        History(vec![first.to_string()])
    }

    /// Notes the address shown after a move (`replace`: it takes the place of the last
    /// entry, [`Action::replaces_entry`](super::Action::replaces_entry)).
    pub fn note(&mut self, here: &str, replace: bool) {
        // The same page, marked or not (the site marks the GET after a refused form,
        // `?refused`), is one entry: the address last shown.
        let page = |a: &str| a.split('?').next().unwrap_or_default().to_string();
        match self.0.last_mut() {
            Some(last) if replace || page(last) == page(here) => here.clone_into(last),
            _ => self.0.push(here.to_string()),
        }
    }

    /// The address shown now (with its mark, if the site marked it).
    pub fn current(&self) -> Option<&str> {
        self.0.last().map(String::as_str)
    }

    /// Back: the address before the current one, to ask for again; `None` at the first.
    pub fn back(&mut self) -> Option<String> {
        if self.0.len() < 2 {
            return None;
        }
        self.0.pop();
        self.0.last().cloned()
    }
}

impl Browser {
    /// What happens after a move: the page shown is noted in the history (after Back or a
    /// repost, in place of the current entry), and the form as the site now holds it is
    /// what a page asked for again shows.
    /// `sent`: the move sent a form or a link, which the site answers with a redirect to
    /// the page, marked (`?refused`) when the page shows what it refused.
    pub(super) fn note_page(&mut self, replace: bool, sent: bool) {
        let here = match (self.stale.clone(), self.arrived.take()) {
            // What came from a page left is answered at its own address (the form's page,
            // or the link).
            (Some(at), _) => at,
            // An address asked for and shown as it is keeps its mark.
            (None, Some(asked)) => asked,
            (None, None) if sent && !self.errors.is_empty() => {
                format!("{}?{REFUSED_MARK}", self.address())
            }
            (None, None) => self.address().to_string(),
        };
        self.history.note(&here, replace);
        self.posted = self.form.clone();
    }

    /// Back: the address before the current one, asked for again (`refused`: the page
    /// shows a refusal).
    pub(super) fn back(&mut self, ctx: &mut Ctx<'_>, refused: bool) -> Result<(), ActError> {
        match self.history.back() {
            Some(before) => self.ask_for(ctx, &before, refused),
            None => Ok(()),
        }
    }

    /// An address typed (or an entry page named).
    pub(super) fn go(
        &mut self,
        ctx: &mut Ctx<'_>,
        target: &str,
        refused: bool,
    ) -> Result<(), ActError> {
        let address = resolve::go_address(target)?;
        self.ask_for(ctx, &address, refused)
    }

    /// The site's answer to asking for `address`: any other page than an entry page
    /// answers with the current page's address (a redirect), so what is asked for is an
    /// entry page or the current page. An entry page opens, unless the session is on it
    /// and it shows no refusal (`refused`): a page asked for anew never carries the last
    /// form's messages (only the GET the site marks after a refused form does, which
    /// Reload asks for). Any other page shows as it was last sent. A link's address
    /// presses the link again, as the site takes it now (in the session it was made in).
    pub(super) fn ask_for(
        &mut self,
        ctx: &mut Ctx<'_>,
        address: &str,
        refused: bool,
    ) -> Result<(), ActError> {
        if let Some((name, row, session)) = link_of(address) {
            if session != self.session {
                self.left_at(address.to_string());
                return Ok(());
            }
            return self.answer(ctx, &name, row.as_deref(), None);
        }
        let (path, marked) = match address.split_once('?') {
            Some((path, mark)) => (path, mark == REFUSED_MARK),
            None => (address, false),
        };
        // Any other page than an entry page is the current page; asked for at another
        // address, the site redirects to the current page's own (unmarked).
        let (asked, marked) = match Browser::entry_at(path) {
            Some(_) => (path, marked),
            None if path == self.address() => (path, marked),
            None => (self.address(), false),
        };
        let done = match Browser::entry_at(asked) {
            Some(entry) if asked != self.address() || (refused && !marked) => self.open(entry),
            _ => {
                self.reload();
                Ok(())
            }
        };
        // The page answers at the address asked for, mark and all, unless the site
        // redirected elsewhere.
        if self.address() == path {
            self.arrived = Some(address.to_string());
        }
        done
    }

    /// Reload: the current page as the site holds it; what was typed and not sent is gone.
    pub(super) fn reload(&mut self) {
        self.form = self.posted.clone();
        self.attached = None;
    }

    /// The last form sent again.
    pub(super) fn repost(&mut self, ctx: &mut Ctx<'_>) -> Result<(), ActError> {
        let post = self.last_post.clone().ok_or(ActError::NothingPosted)?;
        if post.at != self.address() || post.session != self.session {
            self.left_at(post.at.to_string());
            return Ok(());
        }
        let screen = self.screen(ctx.sys, ctx.now);
        for fill in resolve::form_fills(&screen, &post.values) {
            self.act(ctx, &fill)?;
        }
        // One move: the answer takes the place of the current entry of the history.
        let row = post.row.map(|r| r.to_string());
        self.press_renewing(ctx, &post.name, row.as_deref())
    }

    /// Keeps what a press sends, if it is a form's button: where from, its fields, what
    /// it presses, and who was signed in.
    pub(super) fn keep_post(&mut self, screen: &super::model::Screen, pressed: &Pressed) {
        if !resolve::is_button(screen, pressed) {
            return;
        }
        let (name, row) = match pressed {
            Pressed::Page(n) | Pressed::Menu(n) => (n.clone(), None),
            Pressed::Row(n, i) => (n.clone(), Some(*i)),
        };
        self.last_post = Some(Post {
            at: self.address(),
            values: resolve::form_values(screen),
            name,
            row,
            session: self.session,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::History;

    #[test]
    fn back_walks_backwards_through_redirects() {
        let mut h = History::at("/");
        for page in [
            "/KShinsei/login",
            "/KShinsei/notices",
            "/KShinsei/notices",
            "/KShinsei/main",
        ] {
            h.note(page, false);
        }
        // Back asks for the notices; the site redirects to the top menu, which takes the
        // notices' place, so the next Back reaches the login page, not the notices again.
        assert_eq!(h.back().as_deref(), Some("/KShinsei/notices"));
        h.note("/KShinsei/main", true);
        assert_eq!(h.back().as_deref(), Some("/KShinsei/login"));
        h.note("/KShinsei/login", true);
        assert_eq!(h.back().as_deref(), Some("/"));
        h.note("/", true);
        assert_eq!(h.back(), None, "nothing before the first page");
    }
}
