//! The door in process: each command and query answered by the world's own calls.

use super::World;
use eseikyu_door::{Answer, CaCert, Command, Driver, DriverError, Query};
use eseikyu_screens::{Action, Screen};

impl Driver for World {
    fn screen(&self) -> Result<Screen, DriverError> {
        Ok(self.page_of(&self.visitor))
    }

    fn act(&mut self, action: &Action) -> Result<(), DriverError> {
        let visitor = self.visitor.clone();
        self.act_as(&visitor, action)
    }

    fn command(&mut self, command: &Command) -> Result<Answer, DriverError> {
        match command {
            Command::Visit { visitor } => self.visit(visitor),
            Command::SetClock { at } => self.set_clock(*at),
            Command::Advance { by } => self.advance(*by),
            Command::Sync {} => self.sync(),
            Command::Register { office } => return self.register(office).map(Answer::Office),
            Command::Generate { count } => self.generate(*count),
            Command::Decide {
                number,
                decision,
                reason,
            } => self.decide(number, Command::decision(*decision, reason)),
            Command::PaperRequest { office, envelope } => self.paper_request(office, *envelope),
            Command::Payment { office, amount } => self.payment(office, *amount),
            Command::Fault { fault } => self.fault(fault),
        }
        .map(|()| Answer::Done)
    }

    fn observe(&self, query: &Query) -> Result<Answer, DriverError> {
        Ok(match query {
            Query::Now => Answer::Now(self.now()),
            Query::Mails { from } => {
                Answer::Mails(self.mails().get(*from..).unwrap_or_default().to_vec())
            }
            Query::Letters => Answer::Letters(self.letters()),
            Query::Downloads { from } => {
                Answer::Downloads(self.downloads().get(*from..).unwrap_or_default().to_vec())
            }
            Query::Ca { make } => Answer::Ca(if *make || self.ca_made() {
                self.ca().map(|ca| CaCert {
                    pem: ca.cert_pem(),
                    thumbprint: ca.thumbprint(),
                })
            } else {
                None
            }),
            Query::Secrets => Answer::Secrets(self.secrets()?),
            Query::Problems => Answer::Problems(self.problems()),
            Query::Advice {
                office,
                web_service,
                care_plan,
            } => Answer::Advice(self.advise(office, *web_service, *care_plan)?),
            Query::Service {
                certificate,
                password,
            } => Answer::Service(self.connect_service(certificate, password)?),
        })
    }
}
