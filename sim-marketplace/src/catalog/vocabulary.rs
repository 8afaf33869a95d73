//! The words the generator dresses listings in: the category names and
//! how product names and descriptions are composed from `fake`'s company
//! vocabulary. Kept apart from the generator's structure so either can
//! change without wading through the other.

use fake::{
    Fake,
    faker::company::en::{Bs, Buzzword, BuzzwordTail, CatchPhrase},
    rand::{Rng, seq::IndexedRandom},
};

use super::model::ProductFamily;

/// The marketplace's categories, in id order.
pub(super) const CATEGORY_NAMES: [&str; 50] = [
    "Security",
    "Identity and Access",
    "Network Infrastructure",
    "Storage",
    "Backup and Recovery",
    "Databases",
    "Data Analytics",
    "Business Intelligence",
    "Machine Learning",
    "Generative AI",
    "DevOps",
    "Monitoring and Observability",
    "Log Analysis",
    "Application Development",
    "Testing",
    "Migration",
    "High Performance Computing",
    "Internet of Things",
    "Blockchain",
    "Media Services",
    "Content Management",
    "Collaboration",
    "Customer Relationship Management",
    "Marketing Automation",
    "E-commerce",
    "Financial Services",
    "Accounting",
    "Human Resources",
    "Procurement",
    "Supply Chain",
    "Healthcare",
    "Life Sciences",
    "Education",
    "Government",
    "Energy",
    "Manufacturing",
    "Retail",
    "Telecommunications",
    "Travel and Hospitality",
    "Legal",
    "Operating Systems",
    "Containers and Orchestration",
    "Serverless",
    "Streaming Data",
    "Geospatial Data",
    "Financial Data",
    "Weather Data",
    "Managed Services",
    "Implementation Services",
    "Training and Assessments",
];

pub(super) fn slug(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

pub(super) fn product_name<R: Rng + ?Sized>(rng: &mut R, family: ProductFamily) -> String {
    let suffixes: &[&str] = match family {
        ProductFamily::Saas => &["Cloud", "Platform", "Suite", "Hub", "Manager", "Insights"],
        ProductFamily::Ami => &["Server", "Appliance", "Gateway", "Node"],
        ProductFamily::Container => &["Operator", "Engine", "Agent", "Mesh"],
        ProductFamily::ProfessionalServices => &[
            "Implementation Services",
            "Consulting",
            "Migration Assessment",
            "Managed Services",
        ],
        ProductFamily::Data => &["Dataset", "Data Feed", "Index"],
    };
    let head: &str = Buzzword().fake_with_rng(rng);
    let tail: &str = BuzzwordTail().fake_with_rng(rng);
    let suffix = suffixes.choose(rng).copied().unwrap_or("Platform");
    format!("{head} {} {suffix}", title_case(tail))
}

fn title_case(words: &str) -> String {
    words
        .split(' ')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn description<R: Rng + ?Sized>(rng: &mut R) -> String {
    let catch_phrase: String = CatchPhrase().fake_with_rng(rng);
    let bs: String = Bs().fake_with_rng(rng);
    format!("{catch_phrase} that helps teams {bs}.")
}
