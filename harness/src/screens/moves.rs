//! The browser's own moves, as the served site answers them (ASSUMPTION, docs/scenarios.md):
//! Back asks again for the address shown before (the site keeps no page in the browser's
//! cache; a redirect's address takes that entry's place), Reload for the current one, a typed address for that one; asking for an entry
//! page opens it, asking for any other page of the site shows the session's current page.
//! A form sent again is taken only on the page it came from and in the session it was
//! made in; otherwise the current page answers that it was left (`E_STALE_PAGE`).

use super::action::{ActError, Action};
use super::browser::{Browser, Ctx, Post};
use super::resolve::{self, Pressed};

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

    /// Notes the address shown after a move (`back`: the move was Back).
    pub fn note(&mut self, here: &str, back: bool) {
        // The same page, marked or not (the site marks the GET after a refused form,
        // `?refused`), is one entry: the address last shown.
        let page = |a: &str| a.split('?').next().unwrap_or_default().to_string();
        match self.0.last_mut() {
            Some(last) if back || page(last) == page(here) => here.clone_into(last),
            _ => self.0.push(here.to_string()),
        }
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
    /// What happens after a move: the page shown is noted in the history (after Back, in
    /// place of the entry gone back to, as a browser keeps the address a redirect led
    /// to), and the form as the site now holds it is what a page asked for again shows.
    pub(super) fn note_page(&mut self, back: bool) {
        self.history.note(self.address(), back);
        self.posted = self.form.clone();
    }

    /// Back: the address before the current one, asked for again.
    pub(super) fn back(&mut self) -> Result<(), ActError> {
        match self.history.back() {
            Some(before) => self.ask_for(&before),
            None => Ok(()),
        }
    }

    /// An address typed (or an entry page named).
    pub(super) fn go(&mut self, target: &str) -> Result<(), ActError> {
        let address = resolve::go_address(target)?;
        self.ask_for(&address)
    }

    /// The site's answer to asking for `address`: an entry page opens (unless the session
    /// is on it); any other page shows the current one, as it was last sent.
    fn ask_for(&mut self, address: &str) -> Result<(), ActError> {
        if address != self.address()
            && let Some(entry) = Browser::entry_at(address)
        {
            return self.open(entry);
        }
        self.reload();
        Ok(())
    }

    /// Reload: the current page as the site holds it; what was typed and not sent is gone.
    pub(super) fn reload(&mut self) {
        self.form = self.posted.clone();
        self.attached = None;
    }

    /// The last form sent again.
    pub(super) fn repost(&mut self, ctx: &mut Ctx<'_>) -> Result<(), ActError> {
        let post = self.last_post.clone().ok_or(ActError::NothingPosted)?;
        if post.at != self.address() || post.user != self.user {
            self.reload();
            self.stale = true;
            return Ok(());
        }
        let screen = self.screen(ctx.sys, ctx.now);
        for fill in resolve::form_fills(&screen, &post.values) {
            self.act(ctx, &fill)?;
        }
        let row = post.row.map(|r| r.to_string());
        self.act(
            ctx,
            &Action::Press {
                name: post.name,
                row,
            },
        )
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
            user: self.user.clone(),
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
