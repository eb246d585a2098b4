//! Abuse as an attacker would try it: guessing codes by asking for new ones, mail-bombing
//! a victim, and learning which user IDs exist from the lockout. Each property holds for
//! any sequence of the attacker's moves (proptest), on the pure domain.

use eseikyu::domain::{
    ClaimMethod, CodeError, LoginOutcome, Office, OfficeNumber, Setup, System, UserId,
};
use eseikyu::profile::Profile;
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

fn world(seed: u64) -> (System, ChaCha20Rng, Timestamp) {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let mut sys = System::new(Profile::r2025_12());
    let start: Timestamp = "2026-03-02T09:00:00+09:00".parse().expect("instant");
    sys.register(
        office("1311111111"),
        &[13],
        Setup::Active {
            password: "Passw0rd!".into(),
            security: vec!["victim@example.jp".into()],
            mail: None,
            security_code: None,
        },
        start,
        &mut rng,
    );
    eseikyu::domain::effects::mails(sys.drain_effects());
    (sys, rng, start)
}

/// What an attacker does next.
#[derive(Clone, Debug)]
enum Move {
    /// Asks for a new code.
    Request,
    /// Enters a guess.
    Guess(u32),
    /// Waits this many minutes.
    Wait(i64),
}

fn moves() -> impl Strategy<Value = Vec<Move>> {
    proptest::collection::vec(
        prop_oneof![
            3 => Just(Move::Request),
            6 => (0u32..1_000_000).prop_map(Move::Guess),
            1 => (0i64..40).prop_map(Move::Wait),
        ],
        1..400,
    )
}

/// The most events within any window of `window` in a sorted list of instants.
fn most_in_window(events: &[Timestamp], window: SignedDuration) -> usize {
    let mut most = 0;
    let mut first = 0;
    for (i, t) in events.iter().enumerate() {
        while t.duration_since(events[first]) >= window {
            first += 1;
        }
        most = most.max(i + 1 - first);
    }
    most
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// The reset's one-time password (RESET-3, CODE-2): whatever the attacker does, the
    /// victim receives at most `issued` mails and at most `wrong` guesses are checked in
    /// any hour, so the chance of a 6-digit guess per hour is at most 5 in 1,000,000
    /// (and of a 4-digit one at most 5 in 10,000).
    #[test]
    fn guessing_the_reset_otp_is_bounded_per_hour(seed in any::<u64>(), plan in moves()) {
        let (mut sys, mut rng, mut now) = world(seed);
        let limits = sys.profile.code_limits;
        let (mut mails, mut checked) = (Vec::new(), Vec::new());
        for m in plan {
            match m {
                Move::Request => {
                    let _ = sys.request_reset("1311111111", None, "victim@example.jp", now, &mut rng);
                    mails.extend(eseikyu::domain::effects::mails(sys.drain_effects()).iter().map(|_| now));
                }
                Move::Guess(g) => {
                    let r = sys.verify_reset("1311111111", None, "victim@example.jp", &format!("{g:06}"), now);
                    if matches!(r, Ok(_) | Err(CodeError::Wrong)) {
                        checked.push(now);
                    }
                }
                Move::Wait(min) => now += SignedDuration::from_mins(min),
            }
        }
        prop_assert!(most_in_window(&mails, limits.window) <= limits.issued as usize);
        prop_assert!(most_in_window(&checked, limits.window) <= limits.wrong as usize);
        prop_assert!(limits.wrong as f64 / 1e4 <= 5.0 / 10_000.0, "the 4-digit bound");
    }

    /// The same bound for the 4-digit 確認コード of a new security address (MAIL-7,
    /// CODE-1), counted per account.
    #[test]
    fn guessing_a_confirm_code_is_bounded_per_hour(seed in any::<u64>(), plan in moves()) {
        let (mut sys, mut rng, mut now) = world(seed);
        let user = UserId::parse("KJ131311111111").expect("user");
        let limits = sys.profile.code_limits;
        let (mut mails, mut checked) = (Vec::new(), Vec::new());
        for m in plan {
            match m {
                Move::Request => {
                    // Straight to the 確認コード: the attacker passed the one-time password.
                    sys.abandon_security_address(&user);
                    if sys.begin_security_address(&user, "new@example.jp", "new@example.jp", None, now, &mut rng).is_ok() {
                        let otp = eseikyu::domain::effects::mails(sys.drain_effects()).pop().expect("otp mail");
                        mails.push(now);
                        let digits = otp.body.lines().nth(4).unwrap_or_default().to_string();
                        if sys.verify_otp(&user, &digits, now, &mut rng).is_ok() {
                            mails.extend(eseikyu::domain::effects::mails(sys.drain_effects()).iter().map(|_| now));
                        }
                    }
                }
                Move::Guess(g) => {
                    let r = sys.confirm_security_address(&user, &format!("{:04}", g % 10_000), now);
                    if matches!(r, Ok(_) | Err(CodeError::Wrong)) {
                        checked.push(now);
                    }
                    if r.is_ok() {
                        break;
                    }
                }
                Move::Wait(min) => now += SignedDuration::from_mins(min),
            }
        }
        // One OTP and one 確認コード per request: each purpose has its own allowance.
        prop_assert!(most_in_window(&mails, limits.window) <= 2 * limits.issued as usize);
        prop_assert!(most_in_window(&checked, limits.window) <= limits.wrong as usize);
    }

    /// LGN-6 without enumeration: for any sequence of passwords, an unknown (well-formed)
    /// user ID gets exactly the answers a real one gets when every password is wrong.
    #[test]
    fn unknown_ids_lock_exactly_as_real_ones(seed in any::<u64>(), tries in proptest::collection::vec("[A-Za-z0-9!]{1,12}", 1..12)) {
        let (mut sys, _, now) = world(seed);
        for pw in &tries {
            let pw = if pw == "Passw0rd!" { "Passw0rd?" } else { pw.as_str() };
            let real = sys.login("KJ131311111111", pw, now);
            let unknown = sys.login("KJ131399999999", pw, now);
            prop_assert_eq!(format!("{real:?}"), format!("{unknown:?}"));
        }
        // Once locked, even the right password is refused: the same answer for both.
        if tries.len() >= sys.profile.lockout_after as usize {
            let real = sys.login("KJ131311111111", "Passw0rd!", now);
            prop_assert!(matches!(real, LoginOutcome::Locked));
            let unknown = sys.login("KJ131399999999", "Passw0rd!", now);
            prop_assert!(matches!(unknown, LoginOutcome::Locked));
        }
    }
}

/// The attacker's right guess after the allowance is spent is refused too.
#[test]
fn a_right_guess_after_the_allowance_is_refused() {
    let (mut sys, mut rng, now) = world(1);
    sys.request_reset("1311111111", None, "victim@example.jp", now, &mut rng)
        .expect("sent");
    let mail = eseikyu::domain::effects::mails(sys.drain_effects())
        .pop()
        .expect("otp");
    let otp = mail.body.lines().nth(4).expect("otp line").to_string();
    for _ in 0..sys.profile.code_limits.wrong {
        let wrong = if otp == "000000" { "000001" } else { "000000" };
        assert_eq!(
            sys.verify_reset("1311111111", None, "victim@example.jp", wrong, now)
                .err(),
            Some(CodeError::Wrong)
        );
    }
    let r = sys.verify_reset("1311111111", None, "victim@example.jp", &otp, now);
    assert!(
        matches!(r, Err(CodeError::Throttled | CodeError::Void)),
        "{r:?}"
    );
    // A new code within the hour does not buy new guesses.
    sys.request_reset("1311111111", None, "victim@example.jp", now, &mut rng)
        .expect("sent");
    let otp = eseikyu::domain::effects::mails(sys.drain_effects())
        .pop()
        .expect("otp")
        .body
        .lines()
        .nth(4)
        .expect("line")
        .to_string();
    assert_eq!(
        sys.verify_reset("1311111111", None, "victim@example.jp", &otp, now)
            .err(),
        Some(CodeError::Throttled)
    );
    // An hour later the office can reset again.
    let later = now + SignedDuration::from_hours(1);
    sys.request_reset("1311111111", None, "victim@example.jp", later, &mut rng)
        .expect("sent");
    let otp = eseikyu::domain::effects::mails(sys.drain_effects())
        .pop()
        .expect("otp")
        .body
        .lines()
        .nth(4)
        .expect("line")
        .to_string();
    assert!(
        sys.verify_reset("1311111111", None, "victim@example.jp", &otp, later)
            .is_ok()
    );
}

/// Unknown numbers are held back exactly as known ones (no enumeration by the limit).
#[test]
fn the_request_limit_is_the_same_for_unknown_numbers() {
    let (mut sys, mut rng, now) = world(2);
    let limits = sys.profile.code_limits;
    for office in ["1311111111", "1399999999"] {
        let answers: Vec<bool> = (0..limits.issued + 2)
            .map(|_| {
                sys.request_reset(office, None, "victim@example.jp", now, &mut rng)
                    .is_ok()
            })
            .collect();
        let expected: Vec<bool> = (0..limits.issued + 2).map(|i| i < limits.issued).collect();
        assert_eq!(answers, expected, "{office}");
    }
}

/// A world with the office 1311111111 (password Passw0rd!), for screen-level checks.
fn served_world(seed: u64) -> eseikyu::world::World {
    use eseikyu::world::OfficeSpec;
    let catcher = eseikyu::mail::catcher::shared().expect("catcher");
    let at: Timestamp = "2026-03-02T09:00:00+09:00".parse().expect("instant");
    let mut w = eseikyu::world::World::new(Profile::r2025_12(), at, seed, catcher);
    w.register(&OfficeSpec {
        prefectures: vec![13],
        ..OfficeSpec::active("1311111111", "Passw0rd!", &["victim@example.jp"])
    })
    .expect("registers");
    w
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// LGN-6 on the screens: a visitor typing wrong passwords sees, screen for screen,
    /// the same 【ログイン】 for a real user ID and for an unknown one.
    #[test]
    fn the_login_screens_do_not_tell_real_ids_from_unknown_ones(seed in any::<u64>(), tries in proptest::collection::vec("[A-Za-z0-9]{1,10}", 1..9)) {
        use eseikyu::screens::{Action, render};
        use eseikyu::world::Driver;
        let mut screens = Vec::new();
        for id in ["KJ131311111111", "KJ131399999999"] {
            let mut w = served_world(seed);
            w.act(&Action::Open("ログイン".into())).expect("opens");
            let mut seen = Vec::new();
            for pw in &tries {
                w.act(&Action::Fill { field: "ユーザID".into(), value: id.into() }).expect("fill");
                w.act(&Action::Fill { field: "パスワード".into(), value: pw.clone() }).expect("fill");
                w.act(&Action::Press { name: "ログイン".into(), row: None }).expect("press");
                seen.push(render(&w.screen().expect("screen")).replace(id, "<ID>"));
            }
            screens.push(seen);
        }
        prop_assert_eq!(&screens[0], &screens[1]);
    }
}
