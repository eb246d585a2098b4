//! The rule IDs of SPEC.md, so scenarios' `covers:` lists are checked and the report can
//! show rule coverage.

/// Every rule ID of `shared/SPEC.md`, in its order.
pub const RULES: &[&str] = &[
    "ACC-1",
    "ACC-2",
    "ACC-3",
    "ACC-4",
    "ACC-5",
    "ACC-6",
    "ACC-7",
    "ACC-8",
    "UI-1",
    "UI-2",
    "UI-3",
    "UI-4",
    "UI-5",
    "LGN-1",
    "LGN-2",
    "LGN-3",
    "LGN-4",
    "LGN-5",
    "LGN-6",
    "LGN-7",
    "LGN-8",
    "LGN-9",
    "MAIL-1",
    "MAIL-2",
    "MAIL-3",
    "MAIL-4",
    "MAIL-5",
    "MAIL-6",
    "MAIL-7",
    "MAIL-8",
    "MAIL-9",
    "CODE-1",
    "CODE-2",
    "CODE-3",
    "CODE-4",
    "LOST-1",
    "RESET-1",
    "RESET-2",
    "RESET-3",
    "RESET-4",
    "RESET-5",
    "REISSUE-1",
    "REISSUE-2",
    "REISSUE-3",
    "REISSUE-4",
    "REISSUE-5",
    "REISSUE-6",
    "REISSUE-7",
    "REISSUE-8",
    "REISSUE-9",
    "CERT-1",
    "CERT-2",
    "CERT-3",
    "CERT-4",
    "CERT-5",
    "CERT-6",
    "CERT-7",
    "CERT-8",
    "CERT-9",
    "CERT-10",
    "CERT-11",
    "CERT-12",
    "CERT-13",
    "CERT-14",
    "CERT-15",
    "CERT-16",
    "NOTICE-1",
    "NOTICE-2",
    "NOTICE-3",
    "NOTICE-4",
    "MSG-1",
    "MSG-2",
    "MSG-3",
    "MSG-4",
    "MSG-5",
    "MSG-6",
    "MSG-7",
    "CPL-1",
    "CPL-2",
    "CPL-3",
    "CPL-4",
    "CPL-5",
    "START-1",
    "REL-1",
    "REL-2",
];

pub fn is_rule(id: &str) -> bool {
    RULES.contains(&id)
}

/// Each rule's gist (from SPEC.md; ASSUMPTION marks a rule the seeds leave open), for
/// reports.
pub const TITLES: &[(&str, &str)] = &[
    (
        "ACC-1",
        "ASSUMPTION: 事業所番号 is 10 digits whose first two digits are a prefecture code 01–47 (the seeds only give examples: 1311111111…",
    ),
    (
        "ACC-2",
        "ユーザID is 14 characters starting with KJ (「KJから始まる14桁」), e.g. KJ131311111111",
    ),
    (
        "ACC-3",
        "On registration the federation posts 「電子請求登録結果に関するお知らせ」 with: 「{事業所名} 殿」, 発行日, federation name, the sentence…",
    ),
    (
        "ACC-4",
        "A paper/media-claim office with no ID obtains one through the reissue application (REISSUE) or the paper 発行願 form…",
    ),
    (
        "ACC-5",
        "Proxies (代理人) claim for up to 100 offices with one certificate; a proxy needs a 代理人申請 after the 届出",
    ),
    (
        "ACC-6",
        "The registration notice's 備考: 「・ID、仮パスワード及び証明書発行用パスワードは、他に漏洩しないよう十分な管理を行ってください」…",
    ),
    (
        "ACC-7",
        "発行願 (paper, e.g. Kyoto): needs a return envelope (「返信用封筒が同封されていない場合は、ID・パスワードを送付することができません」); it cannot reissue the…",
    ),
    (
        "ACC-8",
        "Certificate fees are charged per 事業所番号 (「電子証明書の発行手数料は、事業所番号ごとにかかります。」)",
    ),
    (
        "UI-1",
        "After login every screen has the header 「介護保険」 and the menu お知らせ / 照会一覧 / FAQ / マニュアル / ダウンロード / 証明書 / 介護DX証明書 /…",
    ),
    (
        "UI-2",
        "Entry: 【電子請求受付システム 総合窓口】 → 「介護保険の請求はこちら」 → 《トップメニュー》 (the pre-login お知らせ一覧, with 「はじめての方」, [FAQ], [ログイン])",
    ),
    (
        "UI-3",
        "Mobile window (【モバイル窓口】, shown when the same URL is opened from a phone or tablet): 「介護事業所の方はこちら」 → login (heading…",
    ),
    (
        "UI-4",
        "Supported environments (newest list): PC Windows 11 Home/Pro/Enterprise with Edge or Chrome, macOS 15/26 with Safari…",
    ),
    (
        "UI-5",
        "ASSUMPTION: No seed gives validation or error messages (mismatched confirmation, wrong current password, password rule broken…",
    ),
    (
        "LGN-1",
        "【ログイン】: heading 「電子請求受付システム」, 「ユーザIDとパスワードを入力して、【ログイン】ボタンを押してください。」, fields ユーザID / パスワード, buttons 戻る / ログイン, and…",
    ),
    (
        "LGN-2",
        "【ログイン(セキュリティコード)】: 「セキュリティコードを入力して、【ログイン】ボタンを押してください。」, field セキュリティコード, the same lost link",
    ),
    (
        "LGN-3",
        "First login with the temporary password, in this order: 【利用規約】 → 【警告】 (「パスワード変更」) → 【パスワード変更】 (現在のパスワード = temporary…",
    ),
    (
        "LGN-4",
        "Password rule: 8–16 characters; only letters A-Za-z, digits 0-9 and the symbols !#$%&()*+,-./:;<=>?@[]^_{|}~; at…",
    ),
    (
        "LGN-5",
        "New password and its confirmation must match; the current password must be right",
    ),
    (
        "LGN-6",
        "ASSUMPTION: Repeated wrong passwords lock the account (default: 5 in a row; unlocked by a successful reset or by the federation)",
    ),
    (
        "LGN-7",
        "【利用規約】: heading 「電子請求受付システム 利用規約」…",
    ),
    (
        "LGN-8",
        "【警告】: 「ユーザIDのパスワードと本システムが異なるため、ユーザIDとパスワードが一致しない場合があります。パスワードを変更する場合は【パスワード変更】ボタンをクリックしてください。」 (as extracted…",
    ),
    (
        "LGN-9",
        "【ユーザ情報変更】 offers at least セキュリティ用メールアドレス設定 (with [?], MAIL-7) and 「セキュリティコード設定」",
    ),
    (
        "MAIL-1",
        "Since the December 2025 release (令和7年12月リリース) a security e-mail address is mandatory",
    ),
    (
        "MAIL-2",
        "An existing office with no security address, logging in after the release, is sent straight to 【セキュリティ用メールアドレス設定】…",
    ),
    (
        "MAIL-3",
        "From the release to 2026-01-31 (inclusive, JST) that screen also has the checkbox 「セキュリティ用メールアドレスを登録せずにログインする」 with…",
    ),
    (
        "MAIL-4",
        "Entering an address sends a 4-digit 確認コード to that address (MSG-1)",
    ),
    ("MAIL-5", "At most 5 security addresses"),
    (
        "MAIL-6",
        "With exactly one address the 削除 button is hidden; with two or more it is shown",
    ),
    (
        "MAIL-7",
        "Adding an address after login: ユーザ情報変更 → 一覧 → 設定 → ワンタイムパスワード入力 → 確認コード入力 → 終了 (steps 1 ユーザ情報変更 / 2 セキュリティ用メールアドレス一覧…",
    ),
    (
        "MAIL-8",
        "After registering an ordinary address the office receives 「メールアドレス登録通知」; after a security address, 「セキュリティ用メールアドレス登録通知」",
    ),
    (
        "MAIL-9",
        "ASSUMPTION: Changing an address (変更), deleting one, and choosing the 通知先 are not described: changing and adding verify the new…",
    ),
    (
        "CODE-1",
        "確認コード: 4 digits, valid 30 minutes, proves an address is reachable",
    ),
    (
        "CODE-2",
        "ワンタイムパスワード: 6 digits, valid 30 minutes, proves identity",
    ),
    (
        "CODE-3",
        "ASSUMPTION: A code is single-use; issuing a new code for the same purpose voids the old one; a code entered at or after issue +…",
    ),
    (
        "CODE-4",
        "Codes come from a CSPRNG in a real run and from a seeded RNG in a scenario, so a scenario run is reproducible",
    ),
    (
        "LOST-1",
        "【パスワード等を紛失した方】 (step 1 パスワード等を紛失した方): 「介護事業所が、ユーザIDやパスワード等のログイン情報を紛失した場合、こちらの画面からログイン情報の再設定を行うことができます。」…",
    ),
    (
        "RESET-1",
        "【ログイン情報再設定認証】: 「ログイン情報を再設定するため、事業所の認証を行います。」 「事業所番号と登録済みのセキュリティ用メールアドレスを入力し、【次へ】ボタンを押してください。」; fields 事業所番号…",
    ),
    (
        "RESET-2",
        "【請求先都道府県選択】 appears only when that 事業所番号 has user IDs in more than one prefecture; otherwise it is skipped",
    ),
    (
        "RESET-3",
        "A 6-digit OTP (MSG-2) goes to the entered address only if it is a registered security address of that account",
    ),
    (
        "RESET-4",
        "【ログイン情報再設定】: 「新しいパスワードを入力し、【変更】ボタンを押してください。」, shows the ユーザID, 新しいパスワード ×2 (LGN-4 with its hint), and 「セキュリティコード…",
    ),
    (
        "RESET-5",
        "On success the password is replaced, any security code is cleared, and 【処理終了】 says 「ログイン情報の再設定が完了しました。」 and, when a…",
    ),
    (
        "REISSUE-1",
        "【ログイン情報再発行申請】: 「ログイン情報の再発行申請を行います。」 「事業所番号と、申請状況等を通知するための任意のメールアドレスを入力し、【次へ】ボタンを押してください。」; fields 事業所番号, 通知先メールアドレス…",
    ),
    (
        "REISSUE-2",
        "【請求先都道府県選択】 as in RESET-2, with the text 「ログイン情報の再発行申請を行います。」 「請求先都道府県を選択し、【次へ】ボタンを押してください。」",
    ),
    (
        "REISSUE-3",
        "A 4-digit 確認コード (MSG-1) goes to the notification address",
    ),
    (
        "REISSUE-4",
        "【送信確認】: 「ログイン情報の再発行申請を行います。」「内容を確認し、【送信】ボタンを押してください。」; 事業所番号 (「※事業所番号にお間違えがないよう、十分ご注意ください。」), 事業所名, 通知先メールアドレス…",
    ),
    (
        "REISSUE-5",
        "Sending creates an application with a 管理番号 (ASSUMPTION from the one example U202601000001: U + YYYYMM + 6-digit…",
    ),
    ("REISSUE-6", "The federation reviews: approve or reject"),
    (
        "REISSUE-7",
        "On approval the federation posts 「電子請求ログイン情報再発行通知書」 (the posted document's title; screens and mails call it…",
    ),
    (
        "REISSUE-8",
        "Until the office first logs in with the reissued temporary password, the current password still works…",
    ),
    ("REISSUE-9", "Only offices can apply (ACC-5)"),
    (
        "CERT-1",
        "介護保険 and 共通 certificates are valid 3 years (「有効期間 3 年間」); the care plan example runs 2023/04/01–2026/04/01…",
    ),
    (
        "CERT-2",
        "Applying: 【証明書発行用パスワード入力】 (step 1) 「{kind}の発行申請処理を行います。」 「証明書発行用パスワードを入力し、【次へ】ボタンを押してください。」, field 「証明書発行用パスワード…",
    ),
    (
        "CERT-3",
        "History table: 発行申請日 / 有効開始年月日 / 有効終了年月日 / 状況 (発行申請中 → 発行済み) / 発行手数料残高 (「0円」 for free kinds); empty: 「証明書発行の履歴はありません。」",
    ),
    (
        "CERT-4",
        ", only on the 介護保険証明書 screens, from 2026-01-01 to 2026-03-31 (inclusive)",
    ),
    (
        "CERT-5",
        "In that window, 「利用規約に同意して送信」 first shows a dialog with the two sentences and 「変更前の手数料（13,200円）で発行申請します。よろしいですか？」…",
    ),
    (
        "CERT-6",
        "The fee is fixed by the application instant: before 2026-04-01 13,200円, from 2026-04-01 7,800円",
    ),
    (
        "CERT-7",
        "With a balance outstanding the 発行申請 choice is not offered and 【証明書】 says 「現在、証明書発行手数料の残高があるため、発行申請ができません。」…",
    ),
    (
        "CERT-8",
        "From 90 days before a 介護保険証明書's 有効終了年月日 the system notifies renewal (「介護保険証明書の有効終了年月日の 90…",
    ),
    (
        "CERT-9",
        "【証明書】 (step 1 証明書): 「処理を選択し、【次へ】ボタンを押してください。」; choices 「見積書を作成する（必要な場合のみ）」 (「証明書発行手数料の見積書を作成することができます。」; the quote's…",
    ),
    (
        "CERT-10",
        "【介護DX証明書】: 「処理を選択し、【次へ】ボタンを押してください。」; choice 「介護DX証明書の発行申請をする」 —…",
    ),
    (
        "CERT-11",
        "【請求委任事業所用ケアプラン証明書】 (texts in 003): the choice 「請求委任事業所用ケアプラン証明書の発行申請をする」 —…",
    ),
    (
        "CERT-12",
        "Check the 介護保険証明書 history: history exists → install that certificate (「インストールに際する証明書発行手数料は不要です」); no history → apply…",
    ),
    (
        "CERT-13",
        "「証明書発行用パスワードとは」 page (full text in 004, including 「※注意 万が一、証明書発行用パスワードを紛失しますと、証明書のインストールができず、有償の新しい証明書が必要になります。」) →…",
    ),
    ("CERT-14", "Mobile certificate download: UI-3"),
    (
        "CERT-15",
        "【証明書ダウンロード】: columns 発行申請日 / 有効開始年月日 / 有効終了年月日 / 状況, a 「ダウンロード」 button on each 発行済み row, the link 「証明書発行用パスワードとは？」",
    ),
    (
        "CERT-16",
        "Windows install checks the CA thumbprint: compare 【セキュリティ警告】's 《拇印》 with the FAQ 「認証局証明書の拇印(フィンガープリント)を確認したい」 (the…",
    ),
    (
        "NOTICE-1",
        "お知らせ一覧: radios 「提示期間内のお知らせ」 (default) / 「新着のお知らせ」 / 「未読のお知らせ」 / 「全てのお知らせ」, 提示開始日 range (年 月 日 ~ 年 月 日), キーワード…",
    ),
    (
        "NOTICE-2",
        "The system posts お知らせ for: reissue receipt and result (MSG-4, MSG-5), 証明書発行完了通知, 証明書発行用パスワード再発行通知, renewal (CERT-8)",
    ),
    (
        "NOTICE-3",
        "Typical standing notices (titles from the screenshots): 「●月請求受付期間について」 (スケジュール), 「電子証明書の有効期限切れに伴う更新申請について」 (参考資料)…",
    ),
    (
        "NOTICE-4",
        "【お知らせ表示】: title, カテゴリ, 提示期間 / 提示(更新)日時, body, 添付ファイル / サイズ table (e.g. 「証明書発行用パスワード通知書.zip」 「9,999Byte」), 戻る",
    ),
    (
        "MSG-1",
        "Subject 「確認コード発行通知(介護保険)」:  介護電子請求受付システムからのお知らせです。 電子請求受付システムの確認コードが発行されました。",
    ),
    (
        "MSG-2",
        "Subject 「ワンタイムパスワード発行通知(介護保険)」: as MSG-1 with 「電子請求受付システムのワンタイムパスワードが発行されました。」, [ワンタイムパスワード] {6 digits}…",
    ),
    (
        "MSG-3",
        "Mail 「ログイン情報再発行申請受領通知」:  介護電子請求受付システムからのお知らせです。 以下のログイン情報再発行申請を受け付けました。",
    ),
    (
        "MSG-4",
        "お知らせ 「ログイン情報再発行申請受領通知」: the first two lines, [管理番号], [事業所番号], [通知先メールアドレス], then 「本お知らせはシステムが自動的に送信しております。」…",
    ),
    ("MSG-5", "「ログイン情報再発行申請結果通知」 (approved)"),
    (
        "MSG-6",
        "「証明書発行完了通知」 (お知らせ; mail ASSUMPTION), 「メールアドレス登録通知」, 「セキュリティ用メールアドレス登録通知」: titles given, bodies ASSUMPTION in the…",
    ),
    (
        "MSG-7",
        "Implementation requirement (not from the seeds): Japanese mail is valid MIME — RFC 2047 encoded subject, declared…",
    ),
    (
        "CPL-1",
        "ケアプランデータ連携システム (live since 2023-04-20) logs in with the reception system's 14-character ユーザID and password",
    ),
    (
        "CPL-2",
        "It needs a certificate: the 介護保険証明書 for offices claiming over the internet themselves, the care plan certificate…",
    ),
    (
        "CPL-3",
        "License 21,000円 per 事業所番号 per year; yearly contract (3 years: 63,000円); paid by deduction from the claim payment or…",
    ),
    (
        "CPL-4",
        "Plans (予定) flow from the care-plan office (居宅介護支援事業所) to the service office as a CSV upload → send → receive →…",
    ),
    (
        "CPL-5",
        "Help desk 0120-584-708, https://www.careplan-renkei-support.jp",
    ),
    (
        "START-1",
        "Steps: check the PC (UI-4) → 届出 to the federation per 事業所番号 (「介護給付費等請求及び受領に関する届出」 or 「請求方法変更の届出」; the method differs…",
    ),
    (
        "REL-1",
        "The rules above describe the December 2025 release",
    ),
    (
        "REL-2",
        "ASSUMPTION: Before the release: the first-login security screen offered 「セキュリティ用メールアドレスを登録しない」 (LIFE-oriented wording); a single…",
    ),
];

/// The families of rules, by ID prefix, in SPEC.md's order (its section titles).
pub const FAMILIES: &[(&str, &str)] = &[
    ("ACC", "Accounts"),
    ("UI", "Screens in general"),
    ("LGN", "Login"),
    ("MAIL", "Security e-mail addresses"),
    ("CODE", "Codes"),
    ("LOST", "Lost login information"),
    ("RESET", "Reset with a security address"),
    ("REISSUE", "Reissue application"),
    ("CERT", "Certificates"),
    ("NOTICE", "Notices"),
    ("MSG", "E-mail and notice texts"),
    ("CPL", "Care plan data linkage"),
    ("START", "Starting internet claims"),
    ("REL", "Releases"),
];

/// A rule's gist, if the ID is one of SPEC.md's.
pub fn title(id: &str) -> Option<&'static str> {
    TITLES.iter().find(|(r, _)| *r == id).map(|(_, t)| *t)
}

/// The family of a rule ID (`MAIL-3` → `MAIL`) and its title.
pub fn family(id: &str) -> Option<(&'static str, &'static str)> {
    let prefix = id.split('-').next()?;
    FAMILIES.iter().find(|(p, _)| *p == prefix).copied()
}
