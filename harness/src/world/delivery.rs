//! A world's mail on its way out: sent at once or deferred for a server to send without
//! holding the world, what the SMTP server did not take kept and sent again once the
//! clock moves, and what the catcher received filed.

use super::World;
use eseikyu_door::DriverError;
use eseikyu_parts::mail::outbound::SendError;
use eseikyu_parts::mail::{self, Outbound};

impl World {
    /// From now on the mail the world sends waits in [`World::take_unsent`] instead of
    /// leaving at once: a server sends it without holding the world, then files what the
    /// catcher received with [`World::collect_mail`].
    pub fn defer_mail(&mut self) {
        self.unsent.get_or_insert_with(Vec::new);
    }

    /// The mail built since the last call, with a client to send it (deferred sending).
    pub fn take_unsent(&mut self) -> Unsent {
        Unsent {
            outbound: self.outbound.clone(),
            messages: self.unsent.as_mut().map(std::mem::take).unwrap_or_default(),
        }
    }

    /// Takes back what a server's sending of [`Unsent`] came to: failed messages are
    /// noted and kept for sending again as [`World::deliver`] does, then the caught mail
    /// is filed.
    pub fn settle(&mut self, sent: Sent) -> Result<(), DriverError> {
        for (msg, to, outcome) in sent.0 {
            self.note(msg, &to, outcome);
        }
        self.collect_mail()
    }

    /// Files the mail the catcher has received for this world.
    pub fn collect_mail(&mut self) -> Result<(), DriverError> {
        for raw in self.catcher.take(&self.key) {
            let caught = mail::decode(raw.bytes, raw.envelope_from, raw.envelope_to)
                .map_err(|e| DriverError::Mail(e.to_string()))?;
            self.mails.push(caught);
        }
        Ok(())
    }

    /// Sends one message. A message the server may take later (a `4xx`, a lost
    /// connection) is kept and sent again when the clock moves, as a mail system queues
    /// it; one refused for good (`5xx`) is lost. Either is noted as a problem.
    fn deliver(&mut self, msg: lettre::Message, to: &str) {
        let outcome = self.outbound.send(&msg);
        self.note(msg, to, outcome);
    }

    /// Sends a message now, or keeps it for the server's [`World::take_unsent`].
    pub(super) fn post(&mut self, msg: lettre::Message, to: &str) {
        match &mut self.unsent {
            Some(unsent) => unsent.push((msg, to.to_string())),
            None => self.deliver(msg, to),
        }
    }

    /// What a sending came to: nothing to do, a problem and a retry, or a problem.
    fn note(&mut self, msg: lettre::Message, to: &str, outcome: Result<(), SendError>) {
        match outcome {
            Ok(()) => {}
            Err(e) if e.is_permanent() => self
                .problems
                .push(format!("the mail to {to} was refused and is lost: {e}")),
            Err(e) => {
                self.problems.push(format!(
                    "the mail to {to} was not delivered and will be sent again: {e}"
                ));
                self.retry.push((msg, to.to_string(), self.clock.now()));
            }
        }
    }

    /// Sends again the mail the server did not take.
    pub(super) fn resend(&mut self) -> Result<(), DriverError> {
        let now = self.clock.now();
        if !self.retry.iter().any(|(_, _, failed)| *failed < now) {
            return Ok(());
        }
        let (due, later): (Vec<_>, Vec<_>) = std::mem::take(&mut self.retry)
            .into_iter()
            .partition(|(_, _, failed)| *failed < now);
        self.retry = later;
        for (msg, to, _) in due {
            self.post(msg, &to);
        }
        if self.unsent.is_none() {
            self.collect_mail()?;
        }
        Ok(())
    }
}

/// Mail a world built but has not sent (see [`World::defer_mail`]).
pub struct Unsent {
    outbound: Outbound,
    messages: Vec<(lettre::Message, String)>,
}

/// What sending [`Unsent`] came to, message by message, for [`World::settle`].
pub struct Sent(Vec<(lettre::Message, String, Result<(), SendError>)>);

impl Unsent {
    /// Whether there is nothing to send.
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    /// Sends every message over SMTP, in order, each its own transaction; a message the
    /// server does not take does not stop the others.
    pub fn send(self) -> Sent {
        Sent(
            self.messages
                .into_iter()
                .map(|(m, to)| {
                    let outcome = self.outbound.send(&m);
                    (m, to, outcome)
                })
                .collect(),
        )
    }
}
