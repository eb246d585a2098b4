//! The browser's own moves, as the served site answers them (ASSUMPTION, docs/scenarios.md):
//! Back asks again for the address shown before (the site keeps no page in the browser's
//! cache; a redirect's address takes that entry's place), Reload for the current one, a typed address for that one; asking for an entry
//! page opens it, asking for any other page of the site shows the session's current page.
//! A form sent again is taken only on the page it came from and in the session it was
//! made in; otherwise the current page answers that it was left (`E_STALE_PAGE`).

use super::action::{ActError, Action};
use super::browser::{Browser, Ctx, Post};
use super::resolve::{self, Pressed};

impl Browser {
    /// What happens after a move: the page shown is noted in the history (after Back, in
    /// place of the entry gone back to, as a browser keeps the address a redirect led
    /// to), and the form as the site now holds it is what a page asked for again shows.
    pub(super) fn note_page(&mut self, back: bool) {
        let here = self.address();
        match self.history.last_mut() {
            Some(last) if back => *last = here,
            Some(last) if *last == here => {}
            _ => self.history.push(here),
        }
        self.posted = self.form.clone();
    }

    /// Back: the address before the current one, asked for again.
    pub(super) fn back(&mut self) -> Result<(), ActError> {
        if self.history.len() < 2 {
            return Ok(());
        }
        self.history.pop();
        let before = self.history.last().copied().unwrap_or("/");
        self.ask_for(before)
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
