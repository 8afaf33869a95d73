//! Coupa's Open Buy as a person uses it (SPEC F3): search from the home
//! page, read the results Coupa shows, choose one and follow the level-2
//! punchout to the marketplace's product page.

use reqwest::StatusCode;

use super::{
    browser::{Form, Page, Result},
    coupa::CoupaUser,
};

/// The button each result row has for a requester.
pub const CHOOSE: &str = "View at supplier";
/// How many redirects choosing a result takes: Coupa to the StartPage,
/// the StartPage to the product.
const HOPS: usize = 3;

/// One result row as Coupa shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultRow {
    pub name: String,
    pub seller: String,
    pub price: String,
    pub category: String,
    /// The supplier part id the row's button would punch out to.
    pub item: String,
}

impl CoupaUser {
    /// Types `query` into the search box on Coupa's home page and submits
    /// it; gives Coupa's answer, whatever it is.
    pub async fn search(&self, query: &str) -> Result<Page> {
        let home = self.browser.get(&self.coupa_url("/")).await?;
        home.expect_status(StatusCode::OK)?;
        let mut form = home.form_to("/search")?;
        form.set("q", query);
        self.browser.submit(&form).await
    }

    /// Presses `form` (a result's button, maybe altered) and follows the
    /// redirects: Coupa's setup, the marketplace's StartPage.
    pub async fn choose(&self, form: &Form) -> Result<Page> {
        let pressed = self.browser.submit(form).await?;
        self.browser.follow_all(pressed, HOPS).await
    }
}

/// The rows of Coupa's result table, in order.
pub fn results(page: &Page) -> Result<Vec<ResultRow>> {
    let rows = page.table_rows("table#results");
    let names = page.text_of("table#results .name");
    let forms = page.forms_with_button(CHOOSE);
    if rows.len() != names.len() || rows.len() != forms.len() {
        return Err(format!(
            "{}: {} rows, {} names, {} buttons",
            page.url,
            rows.len(),
            names.len(),
            forms.len()
        ));
    }
    rows.into_iter()
        .zip(names)
        .zip(forms)
        .map(|((row, name), form)| {
            let [_, seller, price, category, _] = row.as_slice() else {
                return Err(format!("{}: a result row is {row:?}", page.url));
            };
            Ok(ResultRow {
                name,
                seller: seller.clone(),
                price: price.clone(),
                category: category.clone(),
                item: form.field("item").unwrap_or_default().to_owned(),
            })
        })
        .collect()
}

/// The button of the result for `item`.
pub fn choice(page: &Page, item: &str) -> Result<Form> {
    page.forms_with_button(CHOOSE)
        .into_iter()
        .find(|f| f.field("item") == Some(item))
        .ok_or_else(|| format!("{}: no result for {item}", page.url))
}
