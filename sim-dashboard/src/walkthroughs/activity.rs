//! What a walkthrough run sees of the marketplace's accounts since it
//! started, for steps no flow shows. Purchase-order management (F14) sends
//! no cXML at all: an admin changes the account's settings, a user types a
//! PO number when subscribing in the storefront, and the marketplace bills
//! it on its own invoice. So a run of such a walkthrough takes marks when
//! the person presses Start (the newest settings change and the newest
//! agreement of the connections' accounts) and counts only what came
//! after them, read over HTTP; the rules that turn that into observations
//! are pure and tested here.

use super::Observation;
use crate::{
    AppState,
    peers::{
        AgreementRow, InvoiceRow, SettingsChangeRow, accounts, agreements_of, invoices_of,
        settings_changes_of,
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
}

/// What the accounts did after the marks.
#[derive(Debug, Default)]
pub(crate) struct Activity {
    pub changes: Vec<SettingsChangeRow>,
    /// Agreements subscribed at the marketplace with a PO number typed.
    pub po_subscriptions: Vec<AgreementRow>,
    /// The invoices of those agreements.
    pub invoices: Vec<InvoiceRow>,
}

/// The marks now: read when a run starts.
pub(crate) async fn marks(state: &AppState) -> Marks {
    let mut marks = Marks::default();
    for account in accounts(state) {
        let changes = settings_changes_of(state, account, 0).await;
        let agreements = agreements_of(state, account).await;
        let newest_change = changes.iter().map(|c| c.id).max().unwrap_or(0);
        let newest_agreement = agreements.iter().map(|a| a.id).max().unwrap_or(0);
        marks.settings_change = marks.settings_change.max(newest_change);
        marks.agreement = marks.agreement.max(newest_agreement);
    }
    marks
}

/// What happened after `marks`.
pub(crate) async fn since(state: &AppState, marks: Marks) -> Activity {
    let mut activity = Activity::default();
    for account in accounts(state) {
        activity
            .changes
            .extend(settings_changes_of(state, account, marks.settings_change).await);
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

/// A subscription made at the marketplace that carries a PO number: only
/// purchase-order management asks for one there.
fn typed_po_number(agreement: &AgreementRow) -> bool {
    agreement.source == "subscription" && !agreement.po_number.is_empty()
}

/// The observations `activity` shows, in the order F14 asks for them.
pub(crate) fn observations(activity: &Activity) -> Vec<Observation> {
    let changes = &activity.changes;
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
        later.saved
            && !later.po_management
            && !later.enabled_connections.is_empty()
            && changes.iter().any(|on| {
                on.saved
                    && on.po_management
                    && on.account_id == later.account_id
                    && on.id < later.id
            })
    });
    if back {
        seen.push(Observation::IntegrationBack);
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
            saved,
            po_management,
            enabled_connections: enabled.iter().map(|c| (*c).to_owned()).collect(),
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
        }
    }

    fn invoice(agreement_id: i64, po_number: Option<&str>) -> InvoiceRow {
        InvoiceRow {
            agreement_id,
            period: "contract".to_owned(),
            po_number: po_number.map(str::to_owned),
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
        };
        assert_eq!(observations(&activity), [Observation::PoSubscription]);
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
}
