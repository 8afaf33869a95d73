use super::*;

#[test]
fn both_builtins_parse_with_their_habits() {
    let coupa = Profile::builtin("coupa").unwrap();
    assert_eq!(coupa.user_agent, "Coupa Procurement 1.0");
    assert_eq!(coupa.setup_request_version().as_str(), "1.2.014");
    assert_eq!(coupa.credentials.sender, SenderHabit::From);
    assert_eq!(coupa.reply_envelope, ReplyEnvelope::Lenient);
    assert_eq!(coupa.order_reply_timeout(), (Duration::from_secs(60), true));
    assert_eq!(coupa.setup_reply_timeout(), (Duration::from_secs(60), true));
    assert!(coupa.credentials.domains_any_case);
    let others: Vec<_> = coupa
        .setup_request_other_versions()
        .iter()
        .map(|v| v.as_str().to_owned())
        .collect();
    assert_eq!(others, ["1.1.010", "1.2.008"]);
    assert_eq!(coupa.order.types, [OrderType::New, OrderType::Update]);
    assert_eq!(coupa.accepts_invoice_version("1.2.020"), Some(true));
    assert_eq!(coupa.accepts_invoice_version("1.1.010"), Some(false));
    let names: Vec<_> = coupa.setup.extrinsics.iter().map(|e| &e.name).collect();
    assert_eq!(
        names,
        [
            "FirstName",
            "LastName",
            "UniqueName",
            "UserEmail",
            "User",
            "BusinessUnit"
        ]
    );

    let ariba = Profile::builtin("ariba").unwrap();
    assert_eq!(ariba.credentials.sender, SenderHabit::Network);
    let hub = ariba.sender_for(&crate::Identity::new("NetworkID", "AN01"));
    assert_eq!(hub, crate::Identity::new("NetworkID", "AribaNetwork"));
    assert_eq!(ariba.reply_envelope, ReplyEnvelope::Strict);
    assert_eq!(ariba.order_reply_timeout(), (DEFAULT_REPLY_TIMEOUT, false));
    assert_eq!(ariba.setup_reply_timeout(), (Duration::from_secs(60), true));
    assert!(ariba.credentials.domains_any_case);
    assert_eq!(ariba.setup_request_other_versions().len(), 3);
    assert_eq!(ariba.accepts_invoice_version("1.2.020"), None);
    assert_eq!(
        ariba.setup_request_version(),
        cxml::write::DtdVersion::current()
    );
    assert!(ariba.order.types.contains(&OrderType::Delete));
    assert_eq!(Profile::builtin_names().count(), 2);
    assert!(matches!(
        Profile::builtin("jaggaer"),
        Err(ProfileError::UnknownBuiltin(_))
    ));
}

#[test]
fn extrinsics_carry_the_users_fields_in_order() {
    let user = crate::User::new(
        "jane@acme.test",
        "Jane",
        "Doe",
        crate::Role::Requester,
        "Engineering",
    );
    let sent = Profile::ariba().setup.extrinsics_for(&user);
    let pairs: Vec<_> = sent
        .iter()
        .map(|e| (e.name.as_str(), e.value.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("UniqueName", "jane@acme.test"),
            ("UserEmail", "jane@acme.test"),
            ("CostCenter", "Engineering"),
            ("User", "Jane Doe"),
        ]
    );
}

#[test]
fn a_bad_file_reports_line_and_column() {
    let text = include_str!("../../profiles/coupa.toml").replace(
        "reply_envelope = \"lenient\"",
        "reply_envelope = \"sometimes\"",
    );
    let line = text
        .lines()
        .position(|l| l.starts_with("reply_envelope"))
        .unwrap()
        + 1;
    let err = Profile::from_toml_str(&text, "mine.toml").unwrap_err();
    let shown = err.to_string();
    assert!(matches!(err, ProfileError::Syntax { .. }), "{shown}");
    assert!(
        shown.starts_with(&format!("mine.toml: line {line}, column 18:")),
        "{shown}"
    );
}

#[test]
fn an_unknown_key_is_refused() {
    let text = format!(
        "{}\nuser_agnet = \"typo\"\n",
        include_str!("../../profiles/ariba.toml")
    );
    let shown = Profile::from_toml_str(&text, "typo.toml")
        .unwrap_err()
        .to_string();
    assert!(shown.contains("user_agnet"), "{shown}");
    assert!(shown.contains("line "), "{shown}");
}

#[test]
fn inconsistent_profiles_are_refused() {
    let text = include_str!("../../profiles/coupa.toml")
        .replace("setup_request = \"1.2.014\"", "setup_request = \"2.0\"");
    let err = Profile::from_toml_str(&text, "v.toml").unwrap_err();
    assert!(matches!(err, ProfileError::Invalid { .. }), "{err}");
    let text = include_str!("../../profiles/ariba.toml").replace(
        "network = { domain = \"NetworkID\", identity = \"AribaNetwork\" }",
        "",
    );
    let err = Profile::from_toml_str(&text, "n.toml").unwrap_err();
    assert!(err.to_string().contains("credentials.network"), "{err}");
}

#[test]
fn other_setup_versions_must_be_versions_and_timeouts_positive() {
    let text = include_str!("../../profiles/coupa.toml").replace(
        "setup_request_others = [\"1.1.010\", \"1.2.008\"]",
        "setup_request_others = [\"1.1.010\", \"1.2\"]",
    );
    let err = Profile::from_toml_str(&text, "o.toml").expect_err("1.2 is no version");
    assert!(matches!(err, ProfileError::Invalid { .. }), "{err}");
    assert!(err.to_string().contains("\"1.2\""), "{err}");
    let text = include_str!("../../profiles/ariba.toml").replace(
        "# none is known for orders either); procsim waits its default 60 s.\nreply_timeout_secs = 60",
        "# none is known for orders either); procsim waits its default 60 s.\nreply_timeout_secs = 0",
    );
    let err = Profile::from_toml_str(&text, "t.toml").expect_err("a zero limit");
    assert!(
        err.to_string().contains("setup.reply_timeout_secs"),
        "{err}"
    );
}

#[test]
fn a_profile_without_the_tolerance_facts_reads_them_as_unknown() {
    // A profile copied before these keys existed still loads: no other
    // versions, domains as agreed, procsim's default setup limit.
    let text: String = include_str!("../../profiles/coupa.toml")
        .lines()
        .filter(|line| {
            !line.starts_with("setup_request_others")
                && !line.starts_with("domains_any_case")
                && !line.starts_with("reply_timeout_secs = 60")
        })
        .map(|line| format!("{line}\n"))
        .collect();
    let old = Profile::from_toml_str(&text, "old.toml").expect("an older copy loads");
    assert!(old.setup_request_other_versions().is_empty());
    assert!(!old.credentials.domains_any_case);
    assert_eq!(old.setup_reply_timeout(), (DEFAULT_REPLY_TIMEOUT, false));
    assert_eq!(old.order_reply_timeout(), (DEFAULT_REPLY_TIMEOUT, false));
}

#[test]
fn a_profile_file_is_read_from_disk() {
    let dir = std::env::temp_dir().join(format!("procsim-profile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("mine.toml");
    std::fs::write(&path, include_str!("../../profiles/coupa.toml")).unwrap();
    assert_eq!(Profile::from_toml_file(&path).unwrap(), Profile::coupa());
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(matches!(
        Profile::from_toml_file(&path),
        Err(ProfileError::Io { .. })
    ));
}

#[test]
fn deployment_mode_follows_the_habit() {
    use cxml::envelope::DeploymentMode;
    assert_eq!(ModeHabit::Absent.mode_for("x"), None);
    assert_eq!(
        ModeHabit::ByIdentity.mode_for("AN01-T"),
        Some(DeploymentMode::Test)
    );
    assert_eq!(
        ModeHabit::ByIdentity.mode_for("AN01"),
        Some(DeploymentMode::Production)
    );
}
