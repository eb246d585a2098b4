//! A press: the visitor presses what the page holds; the site answers from what it
//! shows now (a button, row or choice no longer offered is a page left), takes the
//! fields a form's button sends (a link sends none) and renews the session at a login or
//! logout.

use super::{Browser, Ctx};
use crate::action::{ActError, Action};
use crate::model::FieldKind;
use crate::names;
use crate::resolve::{self, Pressed, Setter};

impl Browser {
    /// A press; a login or logout (of the reception or of the linkage client) renews the
    /// session, as the site renews its id.
    pub(crate) fn press_renewing(
        &mut self,
        ctx: &mut Ctx<'_>,
        name: &str,
        row: Option<&str>,
    ) -> Result<(), ActError> {
        let signed_in = (self.user.clone(), self.linkage_user.clone());
        let pressed = self.press(ctx, name, row);
        if (self.user.clone(), self.linkage_user.clone()) != signed_in {
            self.session += 1;
        }
        pressed
    }

    fn press(&mut self, ctx: &mut Ctx<'_>, name: &str, row: Option<&str>) -> Result<(), ActError> {
        // The visitor presses what the page holds; the site answers from what it shows
        // now: a button or row no longer there is a page left (a row by its number, as the
        // page sends it).
        let page = self.page(ctx.sys, ctx.now);
        let on_page = resolve::press(&page, name, row)?;
        // A press the simulator refuses (what it does not simulate) leaves the page as
        // it was, what was typed into it too.
        let kept = (
            self.form.clone(),
            self.errors.clone(),
            self.last_post.clone(),
            self.typed_passwords.clone(),
            self.attached.clone(),
        );
        self.keep_post(&page, &on_page);
        let number = match &on_page {
            Pressed::Row(_, i) => Some(i.to_string()),
            _ => None,
        };
        // A form's button sends every field the page holds; a link none.
        let sent = resolve::is_button(&page, &on_page).then(|| resolve::form_values(&page));
        let done = self.answer(ctx, name, number.as_deref(), sent);
        if done.is_err() {
            (
                self.form,
                self.errors,
                self.last_post,
                self.typed_passwords,
                self.attached,
            ) = kept;
        }
        done
    }

    /// The site's answer to a press of `name` (in row `number`) with the fields `sent` (a
    /// form's; `None` for a link), from what it shows now: a button or row it no longer
    /// shows, or a choice it does not offer, is a page left.
    pub(crate) fn answer(
        &mut self,
        ctx: &mut Ctx<'_>,
        name: &str,
        number: Option<&str>,
        sent: Option<Vec<(String, String)>>,
    ) -> Result<(), ActError> {
        let screen = self.screen(ctx.sys, ctx.now);
        let Ok(pressed) = resolve::press(&screen, name, number) else {
            // A link's answer stands at the link's own address (a GET): Back and Reload
            // ask for the link again. A form's at its page's.
            let at = match sent {
                None => crate::moves::link_address(name, number, self.session),
                Some(_) => self.address().to_string(),
            };
            self.left_at(at);
            return Ok(());
        };
        // A link sends no field: what was typed and not sent is gone with the page. The
        // site takes the form's fields it shows now (a choice it does not offer is a page
        // left).
        match sent {
            None => self.reload(),
            Some(values) => {
                for fill in resolve::form_fills(&screen, &values) {
                    let (field, value, setter) = match fill {
                        Action::Fill { field, value } => (field, value, Setter::Fill),
                        Action::Check { field, on } => {
                            let v = if on { "on" } else { "" };
                            (field, v.to_string(), Setter::Check)
                        }
                        Action::Choose { field, option } => (field, option, Setter::Choose),
                        _ => continue,
                    };
                    if self.set_on(&screen, &field, value, setter).is_err() {
                        self.left_at(self.address().to_string());
                        return Ok(());
                    }
                }
            }
        }
        let screen = self.screen(ctx.sys, ctx.now);
        self.errors.clear();
        match pressed {
            Pressed::Page(n) => self.on_press(ctx, &n, None),
            Pressed::Row(n, i) => self.on_press(ctx, &n, Some(i - 1)),
            Pressed::Menu(n) => self.on_menu(ctx, &n),
        }?;
        // The answer is a new page: a password typed into the last one is not in it
        // (a page never carries a password back).
        for key in std::mem::take(&mut self.typed_passwords) {
            self.form.remove(&key);
        }
        for f in screen.fields().filter(|f| f.kind == FieldKind::File) {
            self.form.remove(&names::normalize(&f.name));
        }
        self.attached = None;
        Ok(())
    }

    /// The site's answer to what came from a page it no longer shows: the current page,
    /// with 「この画面からは操作できません。…」 first, at the address `at` (the form's
    /// page's, or the link's).
    pub(crate) fn left_at(&mut self, at: String) {
        self.reload();
        self.stale = Some(at);
    }
}
