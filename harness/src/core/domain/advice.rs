//! Which certificate an office needs (CERT-10, CERT-11, CERT-12, CPL-2): a pure function
//! from its situation to what it must do.

use super::office::ClaimMethod;
use serde::Serialize;

/// What the office is like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Situation {
    pub claim: ClaimMethod,
    /// A 介護保険証明書 was issued to it before (its 発行履歴).
    pub insurance_history: bool,
    /// It uses the 介護保険資格確認等WEBサービス (or another system needing TLS client auth).
    pub uses_web_service: bool,
    /// It uses the ケアプランデータ連携システム.
    pub uses_care_plan: bool,
}

/// One thing to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Advice {
    /// CERT-12: install the 介護保険証明書 it already has (no fee).
    InstallInsurance,
    /// Claiming over the internet needs a 介護保険証明書 (START-1).
    ApplyInsurance,
    /// CERT-10, CERT-12: apply for the free 介護DX証明書.
    ApplyDx,
    /// CERT-11, CPL-2: apply for the free 請求委任事業所用ケアプラン証明書.
    ApplyCarePlan,
    /// No certificate is needed.
    Nothing,
}

impl Advice {
    /// The advice in the manuals' words.
    pub fn text(self) -> &'static str {
        match self {
            Advice::InstallInsurance => {
                "発行済みの介護保険証明書をインストールしてください（インストールに際する証明書発行手数料は不要です）。"
            }
            Advice::ApplyInsurance => "介護保険証明書の発行申請を行ってください。",
            Advice::ApplyDx => "介護DX証明書の発行申請を行ってください。",
            Advice::ApplyCarePlan => "請求委任事業所用ケアプラン証明書の発行申請を行ってください。",
            Advice::Nothing => "証明書の発行申請は不要です。",
        }
    }
}

/// What an office must do, in order.
pub fn advise(s: Situation) -> Vec<Advice> {
    if s.claim == ClaimMethod::Internet {
        // CERT-10's table: the claims certificate serves the web service and, per CPL-2,
        // care plan linkage too.
        return vec![if s.insurance_history {
            Advice::InstallInsurance
        } else {
            Advice::ApplyInsurance
        }];
    }
    let mut out = Vec::new();
    if s.uses_web_service {
        out.push(if s.insurance_history {
            Advice::InstallInsurance
        } else {
            Advice::ApplyDx
        });
    }
    if s.uses_care_plan {
        let next = if s.insurance_history {
            Advice::InstallInsurance
        } else {
            Advice::ApplyCarePlan
        };
        if !out.contains(&next) {
            out.push(next);
        }
    }
    if out.is_empty() {
        out.push(Advice::Nothing);
    }
    out
}

impl super::System {
    /// The situation of an office as the system knows it (its claim method and history).
    pub fn situation(
        &self,
        office: &super::OfficeNumber,
        web: bool,
        care_plan: bool,
    ) -> Option<Situation> {
        let entry = self.office(office)?;
        let history = self.certificates().iter().any(|r| {
            r.user.office() == *office && r.kind == super::CertKind::Insurance && r.issued()
        });
        Some(Situation {
            claim: entry.claim,
            insurance_history: history,
            uses_web_service: web,
            uses_care_plan: care_plan,
        })
    }
}
