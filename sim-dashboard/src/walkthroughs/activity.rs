//! What a walkthrough run sees of the marketplace's accounts since it
//! started, for steps no flow shows. Purchase-order management (F14) sends
//! no cXML at all: an admin changes the account's settings, a user types a
//! PO number when subscribing in the storefront, and the marketplace bills
//! it on its own invoice. Turning the redirect on (F12), the Private
//! Marketplace (F13) or a user refused the settings (F15) send none
//! either, nor does the storefront's Subscribe sending a person on to
//! Coupa. So a run of such a walkthrough takes marks when the person
//! presses Start (the newest settings change, agreement and storefront
//! handoff of the connections' accounts) and counts only what came after
//! them, read over HTTP; the rules that turn that into observations are
//! pure and tested here.

use jiff::Timestamp;

use super::Observation;
use crate::{
    AppState,
    peers::{
        AgreementRow, HandoffRow, InvoiceRow, SettingsChangeRow, accounts, agreements_of,
        handoffs_of, invoices_of, settings_changes_of,
    },
};

/// Where the marketplace's records stood when a run started: what is at
/// or before these ids was not the person's doing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Marks {
    /// The newest settings change's id (ids only grow, over all accounts).
    pub settings_change: i64,
    /// The newest agreement's id.
    pub agreement: i64,
    /// The newest storefront handoff's id.
    pub handoff: i64,
}

/// What the accounts did after the marks.
#[derive(Debug, Default)]
pub(crate) struct Activity {
    pub changes: Vec<SettingsChangeRow>,
    /// The accounts whose Private Marketplace was on at the marks: a
    /// change after them that keeps it on (a product approved) does not
    /// turn it on.
    pub private_on_at_marks: Vec<String>,
    /// Agreements subscribed at the marketplace with a PO number typed.
    pub po_subscriptions: Vec<AgreementRow>,
    /// The invoices of those agreements.
    pub invoices: Vec<InvoiceRow>,
    /// Purchases the storefront sent on to a procurement system.
    pub handoffs: Vec<HandoffRow>,
}

/// The marks now: read when a run starts.
pub(crate) async fn marks(state: &AppState) -> Marks {
    let mut marks = Marks::default();
    for account in accounts(state) {
        let changes = settings_changes_of(state, account, 0).await;
        let agreements = agreements_of(state, account).await;
        let handoffs = handoffs_of(state, account, 0).await;
        let newest_change = changes.iter().map(|c| c.id).max().unwrap_or(0);
        let newest_agreement = agreements.iter().map(|a| a.id).max().unwrap_or(0);
        let newest_handoff = handoffs.iter().map(|h| h.id).max().unwrap_or(0);
        marks.settings_change = marks.settings_change.max(newest_change);
        marks.agreement = marks.agreement.max(newest_agreement);
        marks.handoff = marks.handoff.max(newest_handoff);
    }
    marks
}

/// What happened after `marks`.
pub(crate) async fn since(state: &AppState, marks: Marks) -> Activity {
    let mut activity = Activity::default();
    for account in accounts(state) {
        let (earlier, later): (Vec<_>, Vec<_>) = settings_changes_of(state, account, 0)
            .await
            .into_iter()
            .partition(|c| c.id <= marks.settings_change);
        if private_marketplace_on(&earlier) {
            activity.private_on_at_marks.push(account.to_owned());
        }
        activity.changes.extend(later);
        activity
            .handoffs
            .extend(handoffs_of(state, account, marks.handoff).await);
        activity.po_subscriptions.extend(
            agreements_of(state, account)
                .await
                .into_iter()
                .filter(|a| a.id > marks.agreement && typed_po_number(a)),
        );
    }
    if !activity.po_subscriptions.is_empty() {
        activity.invoices = invoices_of(state, &activity.po_subscriptions).await;
    }
    activity
}

/// Whether the Private Marketplace stands on after `changes` (oldest
/// first): as the last one saved left it, off when none was (as an
/// account starts; one whose older changes the marketplace no longer
/// keeps is taken as off too).
fn private_marketplace_on(changes: &[SettingsChangeRow]) -> bool {
    changes
        .iter()
        .rev()
        .find(|c| c.saved && c.kind == "private-marketplace")
        .and_then(|c| c.private_marketplace)
        .unwrap_or(false)
}

/// Whether some saved change in `activity` turned the Private Marketplace
/// on: its account's had it off just before (the last saved change before
/// it, or at the marks), not a product approved while it was on.
fn private_marketplace_turned_on(activity: &Activity) -> bool {
    let all = &activity.changes;
    all.iter().enumerate().any(|(i, change)| {
        let of_account = |c: &&SettingsChangeRow| c.account_id == change.account_id;
        let before: Vec<SettingsChangeRow> = all[..i].iter().filter(of_account).cloned().collect();
        let was_on = match before
            .iter()
            .any(|c| c.saved && c.kind == "private-marketplace")
        {
            true => private_marketplace_on(&before),
            false => activity.private_on_at_marks.contains(&change.account_id),
        };
        change.saved
            && change.kind == "private-marketplace"
            && change.private_marketplace == Some(true)
            && !was_on
    })
}

/// When the integration settings were first saved after the marks, on
/// the simulated clock: what a step done after the save must follow.
pub(crate) fn settings_saved_at(activity: &Activity) -> Option<Timestamp> {
    activity
        .changes
        .iter()
        .filter(|c| c.of_settings() && c.saved)
        .filter_map(|c| c.at.parse::<Timestamp>().ok())
        .min()
}

/// A subscription made at the marketplace that carries a PO number: only
/// purchase-order management asks for one there.
fn typed_po_number(agreement: &AgreementRow) -> bool {
    agreement.source == "subscription" && !agreement.po_number.is_empty()
}

/// Whether `later` saved a setting that `earlier`, saved before it on
/// the same account, had the other way.
fn undone(earlier: &SettingsChangeRow, later: &SettingsChangeRow) -> bool {
    earlier.saved && later.saved && earlier.account_id == later.account_id && earlier.id < later.id
}

/// The observations `activity` shows: F14's in the order it asks for
/// them, then F12's, F13's and F15's.
pub(crate) fn observations(activity: &Activity) -> Vec<Observation> {
    let all = &activity.changes;
    // Only changes of the integration settings are F14's.
    let changes: Vec<&SettingsChangeRow> = all.iter().filter(|c| c.of_settings()).collect();
    let mut seen = Vec::new();
    // Purchase-order management asked for beside an enabled connection.
    if changes
        .iter()
        .any(|c| !c.saved && c.po_management && !c.enabled_connections.is_empty())
    {
        seen.push(Observation::PoManagementRefused);
    }
    if changes.iter().any(|c| c.saved && c.po_management) {
        seen.push(Observation::PoManagementOn);
    }
    if !activity.po_subscriptions.is_empty() {
        seen.push(Observation::PoSubscription);
    }
    let invoiced = activity.invoices.iter().any(|invoice| {
        activity.po_subscriptions.iter().any(|a| {
            a.id == invoice.agreement_id && invoice.po_number.as_deref() == Some(&a.po_number)
        })
    });
    if invoiced {
        seen.push(Observation::PoInvoice);
    }
    // The integration enabled again, and purchase-order management off, on
    // an account where it was turned on before.
    let back = changes.iter().any(|later| {
        !later.po_management
            && !later.enabled_connections.is_empty()
            && changes
                .iter()
                .any(|on| on.po_management && undone(on, later))
    });
    if back {
        seen.push(Observation::IntegrationBack);
    }
    if changes
        .iter()
        .any(|c| c.saved && !c.redirect_connections.is_empty())
    {
        seen.push(Observation::RedirectOn);
    }
    let redirect_off = changes.iter().any(|later| {
        later.redirect_connections.is_empty()
            && changes
                .iter()
                .any(|on| !on.redirect_connections.is_empty() && undone(on, later))
    });
    if redirect_off {
        seen.push(Observation::RedirectOff);
    }
    if activity
        .handoffs
        .iter()
        .any(|h| h.system == "coupa" && h.reason == "redirect")
    {
        seen.push(Observation::SentToCoupa);
    }
    let private = |c: &&SettingsChangeRow, on: bool| {
        c.kind == "private-marketplace" && c.private_marketplace == Some(on)
    };
    if private_marketplace_turned_on(activity) {
        seen.push(Observation::PrivateMarketplaceOn);
    }
    let private_off = all.iter().any(|later| {
        private(&later, false) && all.iter().any(|on| private(&on, true) && undone(on, later))
    });
    if private_off {
        seen.push(Observation::PrivateMarketplaceOff);
    }
    if all.iter().any(|c| c.kind == "access" && !c.saved) {
        seen.push(Observation::SettingsRefused);
    }
    if changes.iter().any(|c| c.saved) {
        seen.push(Observation::SettingsSaved);
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(id: i64, saved: bool, po_management: bool, enabled: &[&str]) -> SettingsChangeRow {
        SettingsChangeRow {
            id,
            account_id: "acct-coupa-001".to_owned(),
            at: format!("2026-03-01T12:00:{:02}Z", id % 60),
            saved,
            kind: "settings".to_owned(),
            po_management,
            enabled_connections: enabled.iter().map(|c| (*c).to_owned()).collect(),
            redirect_connections: Vec::new(),
            private_marketplace: None,
        }
    }

    /// A saved settings change with coupa-1 enabled and its redirect as
    /// given.
    fn redirect(id: i64, on: bool) -> SettingsChangeRow {
        SettingsChangeRow {
            redirect_connections: if on {
                vec!["coupa-1".to_owned()]
            } else {
                Vec::new()
            },
            ..change(id, true, false, &["coupa-1"])
        }
    }

    /// A Private Marketplace change, saved or refused.
    fn private(id: i64, saved: bool, on: bool) -> SettingsChangeRow {
        SettingsChangeRow {
            kind: "private-marketplace".to_owned(),
            private_marketplace: Some(on),
            ..change(id, saved, false, &[])
        }
    }

    /// A user refused the settings for lacking the permission.
    fn access(id: i64) -> SettingsChangeRow {
        SettingsChangeRow {
            kind: "access".to_owned(),
            ..change(id, false, false, &[])
        }
    }

    fn handoff(id: i64, system: &str, reason: &str) -> HandoffRow {
        HandoffRow {
            id,
            system: system.to_owned(),
            reason: reason.to_owned(),
        }
    }

    fn subscription(id: i64, po_number: &str) -> AgreementRow {
        AgreementRow {
            id,
            account_id: "acct-coupa-001".to_owned(),
            po_number: po_number.to_owned(),
            order_payload_id: format!("subscribe.{id}@marketplace"),
            flow_id: None,
            source: "subscription".to_owned(),
            option_id: "standard-12m".to_owned(),
            created_at: "2026-03-01T12:00:00Z".to_owned(),
        }
    }

    fn invoice(agreement_id: i64, po_number: Option<&str>) -> InvoiceRow {
        InvoiceRow {
            agreement_id,
            period: "contract".to_owned(),
            po_number: po_number.map(str::to_owned),
            due_at: "2026-03-01T12:00:00Z".to_owned(),
            channel: "own".to_owned(),
            state: "issued".to_owned(),
        }
    }

    #[test]
    fn nothing_after_the_marks_shows_nothing() {
        assert!(observations(&Activity::default()).is_empty());
    }

    #[test]
    fn each_step_of_po_management_shows_as_it_happens() {
        let mut activity = Activity {
            changes: vec![change(3, false, true, &["coupa-1"])],
            ..Activity::default()
        };
        assert_eq!(observations(&activity), [Observation::PoManagementRefused]);
        activity.changes.push(change(4, true, true, &[]));
        activity.po_subscriptions.push(subscription(9, "ACME-PO-1"));
        activity.invoices.push(invoice(9, Some("ACME-PO-1")));
        activity.changes.push(change(5, true, false, &["coupa-1"]));
        assert_eq!(
            observations(&activity),
            [
                Observation::PoManagementRefused,
                Observation::PoManagementOn,
                Observation::PoSubscription,
                Observation::PoInvoice,
                Observation::IntegrationBack,
                Observation::SettingsSaved,
            ]
        );
    }

    #[test]
    fn other_changes_and_invoices_are_not_the_steps() {
        let activity = Activity {
            changes: vec![
                // Refused for another reason: PO management was not asked.
                change(3, false, false, &["coupa-1"]),
                // Saved with PO management off: nothing was turned on
                // first, so it puts nothing back.
                change(4, true, false, &["coupa-1"]),
            ],
            po_subscriptions: vec![subscription(9, "ACME-PO-1")],
            // An invoice of another agreement, and one without the PO.
            invoices: vec![invoice(8, Some("ACME-PO-1")), invoice(9, None)],
            ..Activity::default()
        };
        assert_eq!(
            observations(&activity),
            [Observation::PoSubscription, Observation::SettingsSaved]
        );
    }

    #[test]
    fn only_subscriptions_with_a_typed_po_number_count() {
        let ordered = AgreementRow {
            source: "order".to_owned(),
            ..subscription(1, "PO-000001")
        };
        assert!(!typed_po_number(&ordered));
        assert!(!typed_po_number(&subscription(2, "")));
        assert!(typed_po_number(&subscription(3, "ACME-PO-1")));
    }

    /// F12: the redirect turned on, Subscribe sent on to Coupa by it (not
    /// a 0.00 order's handoff, nor Ariba's), and the redirect off again
    /// only after it was on.
    #[test]
    fn the_redirect_and_its_handoff_show_as_they_happen() {
        use Observation::*;
        let off_first = Activity {
            changes: vec![redirect(3, false)],
            handoffs: vec![
                handoff(1, "coupa", "zero-order"),
                handoff(2, "ariba", "zero-order"),
            ],
            ..Activity::default()
        };
        assert_eq!(observations(&off_first), [SettingsSaved]);
        let mut activity = Activity {
            changes: vec![redirect(4, true)],
            ..Activity::default()
        };
        assert_eq!(observations(&activity), [RedirectOn, SettingsSaved]);
        activity.handoffs.push(handoff(3, "coupa", "redirect"));
        activity.changes.push(redirect(5, false));
        assert_eq!(
            observations(&activity),
            [RedirectOn, RedirectOff, SentToCoupa, SettingsSaved]
        );
    }

    /// F13 and F15: the Private Marketplace saved on, then off; a refused
    /// one shows nothing; a refused user shows as such. None of them is a
    /// change of the integration settings.
    #[test]
    fn private_marketplace_changes_and_refused_access_are_their_own() {
        use Observation::*;
        let refused = Activity {
            changes: vec![private(3, false, true), access(4)],
            ..Activity::default()
        };
        assert_eq!(observations(&refused), [SettingsRefused]);
        let mut activity = Activity {
            changes: vec![private(5, true, false)],
            ..Activity::default()
        };
        assert!(observations(&activity).is_empty(), "off, never on");
        activity.changes.push(private(6, true, true));
        assert_eq!(observations(&activity), [PrivateMarketplaceOn]);
        activity.changes.push(private(7, true, false));
        assert_eq!(
            observations(&activity),
            [PrivateMarketplaceOn, PrivateMarketplaceOff]
        );
    }

    /// F13: approving a product while the Private Marketplace is on
    /// (saved on again, with the product) does not turn it on; only a
    /// change from off does, whether it was off at the marks or by an
    /// earlier change since.
    #[test]
    fn only_turning_the_private_marketplace_on_from_off_shows_it_on() {
        use Observation::*;
        let approved_while_on = Activity {
            changes: vec![private(5, true, true)],
            private_on_at_marks: vec!["acct-coupa-001".to_owned()],
            ..Activity::default()
        };
        assert!(observations(&approved_while_on).is_empty());
        // On at the marks in another account only.
        let on_elsewhere = Activity {
            changes: vec![private(5, true, true)],
            private_on_at_marks: vec!["acct-ariba-001".to_owned()],
            ..Activity::default()
        };
        assert_eq!(observations(&on_elsewhere), [PrivateMarketplaceOn]);
        let mut off_then_on = Activity {
            changes: vec![private(5, true, false)],
            private_on_at_marks: vec!["acct-coupa-001".to_owned()],
            ..Activity::default()
        };
        off_then_on.changes.push(private(6, true, true));
        assert_eq!(observations(&off_then_on), [PrivateMarketplaceOn]);
        // A refused change to off left it on: approving next is no turn.
        let refused_off = Activity {
            changes: vec![private(5, false, false), private(6, true, true)],
            private_on_at_marks: vec!["acct-coupa-001".to_owned()],
            ..Activity::default()
        };
        assert!(observations(&refused_off).is_empty());
    }

    /// The state at the marks is the last saved Private Marketplace
    /// change's, off when there is none.
    #[test]
    fn the_private_marketplace_stands_as_the_last_saved_change_left_it() {
        assert!(!private_marketplace_on(&[]));
        assert!(!private_marketplace_on(&[change(1, true, false, &[])]));
        assert!(private_marketplace_on(&[private(1, true, true)]));
        let refused_off = [private(1, true, true), private(2, false, false)];
        assert!(private_marketplace_on(&refused_off));
        let off = [private(1, true, true), private(2, true, false)];
        assert!(!private_marketplace_on(&off));
    }

    /// F15: the first saved integration settings' time, not a refusal's
    /// nor a Private Marketplace change's.
    #[test]
    fn the_settings_were_saved_at_the_first_saved_change() {
        let activity = Activity {
            changes: vec![
                access(3),
                private(4, true, true),
                change(5, false, true, &["coupa-1"]),
                change(7, true, false, &["coupa-1"]),
                change(9, true, false, &["coupa-1"]),
            ],
            ..Activity::default()
        };
        let at = settings_saved_at(&activity).map(|t| t.to_string());
        assert_eq!(at.as_deref(), Some("2026-03-01T12:00:07Z"));
        assert_eq!(settings_saved_at(&Activity::default()), None);
    }
}
