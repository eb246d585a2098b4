//! The target's mail as the driver has read it: asked for only when a step looks at mail
//! (not after every request), oldest first, each message fetched once.

use super::MAX_ANSWER;
use super::wire::{MailList, call};
use eseikyu_door::{CaughtMail, DriverError};
use std::cell::RefCell;

/// What the driver has read of the target's mail, and whether the target may have sent
/// more since.
#[derive(Default)]
pub(super) struct Mailbox {
    read: RefCell<Read>,
}

#[derive(Default)]
struct Read {
    mails: Vec<CaughtMail>,
    /// The Mailpit IDs of `mails`, in the same order.
    ids: Vec<String>,
    /// Nothing was sent to the target since the last look: it has sent nothing new.
    current: bool,
}

impl Mailbox {
    /// The target was asked to do something (a page, a form, a command): it may have
    /// sent mail, which the next look reads.
    pub(super) fn stale(&self) {
        self.read.borrow_mut().current = false;
    }

    /// The target says its world holds `total` messages (in the look that read its
    /// records): when the driver has read as many, there is nothing new to ask for until
    /// the target is asked to do something.
    pub(super) fn counted(&self, total: usize) {
        let mut read = self.read.borrow_mut();
        if total <= read.mails.len() {
            read.current = true;
        }
    }

    /// The mails from the `from`-th on, reading what arrived since the last look first.
    /// `api` is the world's Mailpit API (`…/api/v1`).
    pub(super) fn from(
        &self,
        agent: &ureq::Agent,
        api: &str,
        from: usize,
    ) -> Result<Vec<CaughtMail>, DriverError> {
        let mut read = self.read.borrow_mut();
        if !read.current {
            read.catch_up(agent, api)?;
            read.current = true;
        }
        Ok(read.mails.get(from..).unwrap_or_default().to_vec())
    }
}

impl Read {
    /// Takes the mail that arrived since the last look, oldest first (Mailpit lists the
    /// newest first). The newest is listed with the count, so one new message costs no
    /// second listing.
    fn catch_up(&mut self, agent: &ureq::Agent, api: &str) -> Result<(), DriverError> {
        let list = |limit: usize| -> Result<(usize, MailList), DriverError> {
            let answer = call(agent, "GET", &format!("{api}/messages?limit={limit}"), None)?;
            let total = answer["total"].as_u64().unwrap_or(0) as usize;
            let list = serde_json::from_value(answer)
                .map_err(|e| DriverError::Target(format!("Mailpit messages: {e}")))?;
            Ok((total, list))
        };
        let (total, head) = list(1)?;
        if total <= self.mails.len() {
            return Ok(());
        }
        let fresh = total - self.mails.len();
        let listed = if fresh == 1 { head } else { list(fresh)?.1 };
        for m in listed.messages.into_iter().rev() {
            if self.ids.contains(&m.id) {
                continue;
            }
            let url = format!("{api}/message/{}/raw", m.id);
            let raw = agent
                .get(&url)
                .call()
                .map_err(|e| DriverError::Target(format!("Mailpit raw {}: {e}", m.id)))?
                .body_mut()
                .with_config()
                .limit(MAX_ANSWER)
                .read_to_vec()
                .map_err(|e| DriverError::Target(format!("Mailpit raw {}: {e}", m.id)))?;
            let to = m.to.iter().map(|a| a.address.clone()).collect();
            let mail = eseikyu_parts::mail::decode(raw, m.return_path.unwrap_or_default(), to)
                .map_err(|e| DriverError::Mail(format!("{}: {e}", m.id)))?;
            self.mails.push(mail);
            self.ids.push(m.id);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Mailbox;

    /// Port 9 (discard) on loopback answers nobody: any request the mailbox made would fail.
    const NOWHERE: &str = "http://127.0.0.1:9/api/v1";

    #[test]
    fn a_count_no_higher_than_what_was_read_asks_nothing_and_a_higher_one_asks() {
        let agent = super::super::wire::api_agent();
        let mailbox = Mailbox::default();
        mailbox.counted(0);
        let none = mailbox.from(&agent, NOWHERE, 0).expect("nothing asked");
        assert!(none.is_empty());
        mailbox.stale();
        mailbox.counted(1);
        assert!(
            mailbox.from(&agent, NOWHERE, 0).is_err(),
            "a mail not read yet is asked for"
        );
    }
}
