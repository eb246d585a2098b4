//! Generated offices: ledger entries made from the run's seed, with Japanese names and
//! phone numbers from `fake` (ja_JP) and valid 事業所番号 of our own (ACC-1).

use eseikyu_core::domain::letters::prefecture_name;
use eseikyu_core::domain::{ClaimMethod, Office, OfficeNumber};
use fake::Fake;
use fake::faker::name::raw::LastName;
use fake::faker::phone_number::raw::PhoneNumber;
use fake::locales::JA_JP;
use rand::RngExt;

const KINDS: &[&str] = &[
    "介護サービス",
    "訪問介護ステーション",
    "デイサービスセンター",
    "居宅介護支援事業所",
    "ケアセンター",
    "福祉サービス",
];

/// A valid 事業所番号: a prefecture code 01–47 and eight more digits (ACC-1).
pub fn office_number(rng: &mut impl rand::Rng) -> OfficeNumber {
    let pref: u8 = rng.random_range(1..=47);
    let rest: u32 = rng.random_range(0..100_000_000);
    let text = format!("{pref:02}{rest:08}");
    OfficeNumber::parse(&text).unwrap_or_else(unreachable_number)
}

fn unreachable_number() -> OfficeNumber {
    // `office_number` always formats a valid number; this keeps the function total.
    OfficeNumber::parse("1311111111").expect("literal is a valid office number")
}

/// A ledger entry for `number`, drawn from the RNG.
pub fn office(number: OfficeNumber, rng: &mut impl rand::Rng) -> Office {
    let family: String = LastName(JA_JP).fake_with_rng(rng);
    let town: String = LastName(JA_JP).fake_with_rng(rng);
    let kind = KINDS[rng.random_range(0..KINDS.len())];
    let pref = prefecture_name(number.prefecture());
    let claim = match rng.random_range(0..10u8) {
        0..=5 => ClaimMethod::Internet,
        6..=8 => ClaimMethod::Proxy,
        _ => ClaimMethod::Paper,
    };
    Office {
        name: format!("{family}{kind}"),
        postal_code: format!(
            "{:03}-{:04}",
            rng.random_range(100..1000u16),
            rng.random_range(0..10000u16)
        ),
        address: format!(
            "{pref}{town}市{}町{}-{}-{}",
            LastName(JA_JP).fake_with_rng::<String, _>(rng),
            rng.random_range(1..10u8),
            rng.random_range(1..30u8),
            rng.random_range(1..30u8)
        ),
        phone: PhoneNumber(JA_JP).fake_with_rng(rng),
        fax: PhoneNumber(JA_JP).fake_with_rng(rng),
        claim,
        agent: false,
        disability: false,
        number,
    }
}
