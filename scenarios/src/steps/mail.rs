//! F16: notifications travel over real SMTP to the mail sink and are read
//! through its Mailpit-compatible API.

use cucumber::then;

use crate::{World, steps::approval::po_link, support::browser::Result};

#[then(regex = r"^(\S+@\S+) receives the mail that the agreement was created$")]
async fn agreement_mail(world: &mut World, to: String) -> Result<()> {
    let po_number = po_link(world.requisition_page()?)?;
    let sim = world.sim()?;
    let mail = sim.wait_for_mail(&to, "was created").await?;
    if !mail.subject.contains(&po_number) {
        return Err(format!("the subject {:?} lacks {po_number}", mail.subject));
    }
    let body = sim.mail_message(&mail.id).await?;
    if !body.text.contains(&format!("PO number: {po_number}")) {
        return Err(format!(
            "the mail does not give the PO number: {}",
            body.text
        ));
    }
    Ok(())
}

#[then(expr = "the marketplace has sent exactly {int} mail(s)")]
async fn sent_exactly(world: &mut World, count: usize) -> Result<()> {
    let sim = world.sim()?;
    let outbox = sim.wait_until_outbox_sent().await?;
    let inbox = sim.mail().await?;
    if outbox.len() != count || inbox.len() != count {
        return Err(format!(
            "{count} expected; outbox {outbox:?}, mail sink {inbox:?}"
        ));
    }
    Ok(())
}

#[then("no mail has been sent")]
async fn no_mail(world: &mut World) -> Result<()> {
    let sim = world.sim()?;
    let (outbox, inbox) = (sim.outbox().await?, sim.mail().await?);
    if !outbox.is_empty() || !inbox.is_empty() {
        return Err(format!("outbox {outbox:?}, mail sink {inbox:?}"));
    }
    Ok(())
}
