//! Property tests of lost login information: 管理番号 format and order (REISSUE-5), no
//! account enumeration (RESET-3), at most one decision (REISSUE-6), a reset always
//! clears the security code (RESET-5).

use eseikyu::domain::{ClaimMethod, Decision, Office, OfficeNumber, Setup, System, UserId};
use eseikyu::mail::catcher;
use eseikyu::profile::Profile;
use eseikyu::screens::{Action, render};
use eseikyu::world::{Driver, OfficeSpec, World};
use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;

fn office(number: &str) -> Office {
    Office {
        number: OfficeNumber::parse(number).expect("number"),
        name: "請求事業所A".into(),
        postal_code: "111-1111".into(),
        address: "東京都国保市国保町1-1-1".into(),
        phone: "00-0000-0001".into(),
        fax: "00-0000-0002".into(),
        claim: ClaimMethod::Internet,
        agent: false,
        disability: false,
    }
}

fn active(security: Vec<String>, code: Option<&str>) -> Setup {
    Setup::Active {
        password: "Passw0rd!".into(),
        security,
        mail: None,
        security_code: code.map(String::from),
    }
}

/// Files one reissue application through the domain (notified at its own address, so
/// the per-address code limit never holds it back); returns its 管理番号.
fn file(sys: &mut System, office: &str, at: Timestamp, rng: &mut ChaCha20Rng) -> String {
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let address = format!("n{n}@example.jp");
    let draft = sys
        .begin_reissue(office, &address, &address)
        .expect("draft");
    sys.send_draft_code(draft, at, rng).expect("sent");
    let mail = eseikyu::domain::effects::mails(sys.drain_effects())
        .pop()
        .expect("a code mail");
    let code = mail.body.lines().nth(4).expect("code line").to_string();
    sys.confirm_draft(draft, &code, at).expect("confirmed");
    let number = sys.submit_reissue(draft, at).expect("filed");
    eseikyu::domain::effects::mails(sys.drain_effects());
    number
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// REISSUE-5: `U` + YYYYMM (JST) + a 6-digit serial counting from 1 in each month.
    #[test]
    fn management_numbers_count_per_month(seed in any::<u64>(), gaps in proptest::collection::vec(0i64..20 * 86_400, 1..25)) {
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        let mut sys = System::new(Profile::r2025_12());
        let start: Timestamp = "2026-01-01T00:00:00+09:00".parse().expect("instant");
        sys.register(office("1311111111"), &[13], active(vec![], None), start, &mut rng);
        let mut at = start;
        let mut expected: std::collections::BTreeMap<String, u32> = Default::default();
        for gap in gaps {
            at += SignedDuration::from_secs(gap);
            let month = at.to_zoned(eseikyu::clock::jst()).strftime("%Y%m").to_string();
            let serial = expected.entry(month.clone()).or_insert(0);
            *serial += 1;
            let number = file(&mut sys, "1311111111", at, &mut rng);
            prop_assert_eq!(number, format!("U{month}{:06}", serial));
        }
    }

    /// REISSUE-6: whatever the federation sends, an application is decided once.
    #[test]
    fn an_application_is_decided_at_most_once(seed in any::<u64>(), decisions in proptest::collection::vec(any::<bool>(), 1..6)) {
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        let mut sys = System::new(Profile::r2025_12());
        let at: Timestamp = "2026-01-09T15:00:00+09:00".parse().expect("instant");
        sys.register(office("1311111111"), &[13], active(vec![], None), at, &mut rng);
        let number = file(&mut sys, "1311111111", at, &mut rng);
        let mut outcomes = Vec::new();
        for approve in &decisions {
            let d = if *approve { Decision::Approved } else { Decision::Rejected { reason: String::new() } };
            outcomes.push(sys.decide(&number, d, at, &mut rng).is_ok());
        }
        prop_assert_eq!(outcomes.iter().filter(|ok| **ok).count(), 1);
        prop_assert!(outcomes[0]);
        let results = eseikyu::domain::effects::mails(sys.drain_effects()).into_iter().filter(|m| m.subject == "ログイン情報再発行申請結果通知").count();
        prop_assert_eq!(results, 1);
        let letters = sys.letters().iter().filter(|l| l.title == "電子請求ログイン情報再発行通知書").count();
        prop_assert_eq!(letters, usize::from(decisions[0]));
        prop_assert_eq!(sys.applications()[0].decision.is_some(), true);
    }

    /// RESET-5: a completed reset never leaves a security code behind.
    #[test]
    fn a_reset_always_clears_the_security_code(seed in any::<u64>(), code in proptest::option::of("[0-9]{4,8}")) {
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        let mut sys = System::new(Profile::r2025_12());
        let at: Timestamp = "2026-03-10T10:00:00+09:00".parse().expect("instant");
        sys.register(office("1311111111"), &[13], active(vec!["s@example.jp".into()], code.as_deref()), at, &mut rng);
        let user = UserId::parse("KJ131311111111").expect("id");
        prop_assert_eq!(sys.has_security_code(&user), code.is_some());
        sys.request_reset("1311111111", None, "s@example.jp", at, &mut rng).expect("sent");
        let otp = eseikyu::domain::effects::mails(sys.drain_effects()).pop().expect("otp mail").body.lines().nth(4).expect("otp").to_string();
        sys.verify_reset("1311111111", None, "s@example.jp", &otp, at).expect("verified");
        let cleared = sys.complete_reset(&user, "Renewed12!", "Renewed12!", &mut rng).expect("reset");
        prop_assert_eq!(cleared, code.is_some());
        prop_assert!(!sys.has_security_code(&user));
    }
}

// ---- RESET-3 / REISSUE-9: no enumeration, over the real screens.

fn reset_world(seed: u64) -> World {
    let c = catcher::shared().expect("catcher starts");
    let at = "2026-03-10T10:00:00+09:00".parse().expect("instant");
    let mut w = World::new(Profile::r2025_12(), at, seed, c);
    w.register(&OfficeSpec {
        prefectures: vec![13],
        ..OfficeSpec::active("1311111111", "Passw0rd!", &["real@example.jp"])
    })
    .expect("registers");
    w
}

/// The screen after 【ログイン情報再設定認証】's 次へ, with the echoed address blanked,
/// and the number of mails sent.
fn after_auth(seed: u64, office: &str, address: &str) -> (String, usize) {
    let mut w = reset_world(seed);
    for a in [
        Action::Open("ログイン".into()),
        Action::Press {
            name: "パスワード等を紛失した方はこちら".into(),
            row: None,
        },
        Action::Press {
            name: "次へ".into(),
            row: None,
        },
        Action::Fill {
            field: "事業所番号".into(),
            value: office.into(),
        },
        Action::Fill {
            field: "セキュリティ用メールアドレス".into(),
            value: address.into(),
        },
        Action::Press {
            name: "次へ".into(),
            row: None,
        },
    ] {
        w.act(&a).expect("the reset screens accept these actions");
    }
    (
        render(&w.screen().expect("screen")).replace(address, "<address>"),
        w.mails().len(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn the_reset_never_tells_whether_number_and_address_match(
        seed in any::<u64>(),
        number in prop_oneof![Just("1311111111".to_string()), "(0[1-9]|[1-3][0-9]|4[0-7])[0-9]{8}"],
        address in prop_oneof![Just("real@example.jp".to_string()), "[a-z]{1,8}@[a-z]{1,8}\\.jp"],
    ) {
        let (reference, _) = after_auth(seed, "1311111111", "real@example.jp");
        let (shown, mails) = after_auth(seed, &number, &address);
        prop_assert_eq!(&shown, &reference, "the same screen whatever the input");
        let matches = number == "1311111111" && address == "real@example.jp";
        prop_assert_eq!(mails, usize::from(matches), "a mail only to a registered address");
    }
}
