//! What a server asks of a world's visitors (browser sessions): whether one is there,
//! who it is logged in as, renaming it when its session id is renewed, forgetting it.

use super::World;

impl World {
    /// Ends a visitor's session (a server forgets an idle visitor).
    pub fn leave(&mut self, visitor: &str) {
        self.browsers.remove(visitor);
    }

    /// Whether `visitor` has a session (a browser that has acted here).
    pub fn has_visitor(&self, visitor: &str) -> bool {
        self.browsers.contains_key(visitor)
    }

    /// Moves a visitor's session to a new name (a server renews the session id at login
    /// and logout, so an id known before is worth nothing after).
    pub fn rename_visitor(&mut self, from: &str, to: &str) {
        if let Some(b) = self.browsers.remove(from) {
            self.browsers.insert(to.to_string(), b);
        }
    }

    /// Who a visitor is logged in as, in the reception system and in the linkage client.
    pub fn login_of(&self, visitor: &str) -> (Option<String>, Option<String>) {
        let b = self.browser_of(visitor);
        (
            b.user().map(|u| u.to_string()),
            b.linkage_user().map(|u| u.to_string()),
        )
    }

    /// The names of the visitors with a session.
    pub fn visitor_names(&self) -> Vec<String> {
        self.browsers.keys().cloned().collect()
    }

    /// How many visitors have a session.
    pub fn visitors(&self) -> usize {
        self.browsers.len()
    }
}
