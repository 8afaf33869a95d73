//! A flow's sequence diagram: the journal rows of one flow turned into
//! arrows between the parties' lanes, laid out here and drawn as SVG by the
//! `sequence.svg` template (no script, no external service). Pure:
//! unit-tested without HTTP.
//!
//! One HTTP exchange is journaled by both ends (the sender's outbound row,
//! the receiver's inbound row, with the same payloadID); it is drawn once,
//! from sender to receiver, linked to the sender's record. A document the
//! browser carries (the PunchOutOrderMessage) is two hops and two arrows:
//! supplier → browser, browser → buyer.

use serde::Serialize;
use service_kit::{journal::Direction, journal::Exchange};

/// The lanes, left to right. `outside` appears only when a peer is not
/// one of the ecosystem's services (a real system pointed at procsim).
pub(crate) const LANES: [&str; 5] = ["browser", "marketplace", "coupa", "ariba", "mail"];
const OUTSIDE: &str = "outside";

/// One arrow of the diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Arrow {
    pub from: String,
    pub to: String,
    /// What travelled: a document type, or a mail's subject.
    pub label: String,
    /// How the answer ended (`Exchange::outcome_status`), when known.
    pub status: Option<u16>,
    /// Where the arrow leads: the exchange's page.
    pub href: String,
    /// The document's payloadID, to place what it caused (its mail) after it.
    pub payload_id: Option<String>,
}

/// Arrows for `exchanges` (already in time order). `lane_of_peer` maps a
/// journal row's peer (a URL, `browser`, `supplier`, a socket address) to
/// a lane, or `None` when it is not one of ours.
pub(crate) fn arrows(
    exchanges: &[Exchange],
    lane_of_peer: impl Fn(&str) -> Option<String>,
) -> Vec<Arrow> {
    let mut drawn = vec![false; exchanges.len()];
    let mut arrows = Vec::new();
    for (i, row) in exchanges.iter().enumerate() {
        if drawn[i] {
            continue;
        }
        drawn[i] = true;
        let peer_lane = lane_of_peer(&row.peer);
        // The other end's record of the same exchange, if it is journaled.
        let twin = (row.peer != "browser")
            .then(|| {
                exchanges.iter().enumerate().position(|(j, other)| {
                    !drawn[j]
                        && other.service != row.service
                        && other.direction != row.direction
                        && other.peer != "browser"
                        && other.payload_id.is_some()
                        && other.payload_id == row.payload_id
                        && other.document_type == row.document_type
                })
            })
            .flatten();
        let (from, to, record) = match (row.direction, twin) {
            (Direction::Outbound, Some(j)) => {
                drawn[j] = true;
                (row.service.clone(), exchanges[j].service.clone(), row)
            }
            (Direction::Inbound, Some(j)) => {
                drawn[j] = true;
                (
                    exchanges[j].service.clone(),
                    row.service.clone(),
                    &exchanges[j],
                )
            }
            (Direction::Outbound, None) => (
                row.service.clone(),
                peer_lane.unwrap_or_else(|| OUTSIDE.to_owned()),
                row,
            ),
            (Direction::Inbound, None) => (
                peer_lane.unwrap_or_else(|| OUTSIDE.to_owned()),
                row.service.clone(),
                row,
            ),
        };
        arrows.push(Arrow {
            from,
            to,
            label: record
                .document_type
                .clone()
                .unwrap_or_else(|| "(unreadable document)".to_owned()),
            status: record.outcome_status(),
            href: format!("/journal/{}/{}", record.service, record.id),
            payload_id: record.payload_id.clone(),
        });
    }
    arrows
}

const LANE_WIDTH: usize = 180;
const TOP: usize = 56;
const ROW: usize = 38;

/// What `sequence.svg` draws: every size, coordinate, class, text and link
/// worked out here, so the template only writes them out (escaped, as
/// every page is). One lane per party and one arrow per [`Arrow`]: the
/// drawing grows linearly with the flow.
#[derive(Debug, Serialize)]
pub(crate) struct Diagram {
    width: usize,
    height: usize,
    lanes: Vec<Lane>,
    arrows: Vec<DrawnArrow>,
}

/// A party's column: a box with its name and a lifeline under it.
#[derive(Debug, Serialize)]
struct Lane {
    name: &'static str,
    /// The column's middle, where the name and the lifeline are.
    x: usize,
    box_x: usize,
    box_width: usize,
}

/// An arrow as drawn: a link (`<a class="arrow">`) with data attributes
/// naming its ends, so tests and people can find it.
#[derive(Debug, Serialize)]
struct DrawnArrow {
    /// `arrow`, or `arrow refused` when the answer was not a success.
    class: &'static str,
    href: String,
    from: String,
    to: String,
    label: String,
    /// The label with the status, when known.
    caption: String,
    /// Its place in the flow, from 1.
    number: usize,
    x1: usize,
    x2: usize,
    y: usize,
    caption_x: usize,
    caption_y: usize,
}

/// The diagram of `arrows`, for the `sequence.svg` template (context
/// name `diagram`).
pub(crate) fn diagram(arrows: &[Arrow]) -> Diagram {
    let height = TOP + (arrows.len() + 1) * ROW;
    let mut names: Vec<&'static str> = LANES.to_vec();
    if arrows.iter().any(|a| a.from == OUTSIDE || a.to == OUTSIDE) {
        names.push(OUTSIDE);
    }
    let x_of = |lane: &str| {
        let index = names
            .iter()
            .position(|l| *l == lane)
            .unwrap_or(names.len() - 1);
        index * LANE_WIDTH + LANE_WIDTH / 2
    };
    let lanes = names
        .iter()
        .map(|&name| Lane {
            name,
            x: x_of(name),
            box_x: x_of(name) - LANE_WIDTH / 2 + 10,
            box_width: LANE_WIDTH - 20,
        })
        .collect();
    let arrows = arrows
        .iter()
        .enumerate()
        .map(|(index, arrow)| {
            let y = TOP + index * ROW + ROW / 2;
            let (x1, x2) = (x_of(&arrow.from), x_of(&arrow.to));
            DrawnArrow {
                class: match arrow.status {
                    Some(s) if s >= 300 => "arrow refused",
                    _ => "arrow",
                },
                href: arrow.href.clone(),
                from: arrow.from.clone(),
                to: arrow.to.clone(),
                label: arrow.label.clone(),
                caption: match arrow.status {
                    Some(status) => format!("{} · {status}", arrow.label),
                    None => arrow.label.clone(),
                },
                number: index + 1,
                x1,
                x2,
                y,
                caption_x: x1.min(x2) + x1.abs_diff(x2) / 2,
                caption_y: y - 6,
            }
        })
        .collect();
    Diagram {
        width: names.len() * LANE_WIDTH,
        height,
        lanes,
        arrows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        id: i64,
        service: &str,
        direction: Direction,
        peer: &str,
        kind: &str,
        payload: &str,
    ) -> Exchange {
        Exchange {
            id,
            service: service.to_owned(),
            at: "1970-01-01T00:00:00Z".to_owned(),
            direction,
            peer: peer.to_owned(),
            document_type: Some(kind.to_owned()),
            payload_id: Some(payload.to_owned()),
            flow_id: Some("f".to_owned()),
            http_status: Some(200),
            cxml_status: (peer != "browser").then_some(200),
            latency_ms: 1.0,
            sequence: id,
            finding_count: 0,
            raw_bytes: 0,
            response_bytes: None,
        }
    }

    fn lane_of(peer: &str) -> Option<String> {
        match peer {
            "browser" => Some("browser".to_owned()),
            _ if peer.starts_with("http://mp/") => Some("marketplace".to_owned()),
            _ => None,
        }
    }

    fn punchout_and_order() -> Vec<Exchange> {
        use Direction::{Inbound, Outbound};
        vec![
            row(
                1,
                "coupa",
                Outbound,
                "http://mp/cxml",
                "PunchOutSetupRequest",
                "p1",
            ),
            row(
                1,
                "marketplace",
                Inbound,
                "127.0.0.1:5000",
                "PunchOutSetupRequest",
                "p1",
            ),
            row(
                2,
                "marketplace",
                Outbound,
                "browser",
                "PunchOutOrderMessage",
                "p2",
            ),
            row(2, "coupa", Inbound, "browser", "PunchOutOrderMessage", "p2"),
            row(
                3,
                "marketplace",
                Inbound,
                "127.0.0.1:5001",
                "OrderRequest",
                "p3",
            ),
            row(3, "coupa", Outbound, "http://mp/cxml", "OrderRequest", "p3"),
        ]
    }

    /// The diagram of `arrows` as the flow page draws it.
    fn svg(arrows: &[Arrow]) -> String {
        let mut context = tera::Context::new();
        context.insert("diagram", &diagram(arrows));
        crate::rendering::templates()
            .expect("templates compile")
            .render("sequence.svg", &context)
            .expect("the diagram renders")
    }

    #[test]
    fn each_exchange_is_one_arrow_in_time_order_and_the_browser_hop_is_two() {
        let arrows = arrows(&punchout_and_order(), lane_of);
        let ends: Vec<(&str, &str, &str)> = arrows
            .iter()
            .map(|a| (a.from.as_str(), a.to.as_str(), a.label.as_str()))
            .collect();
        assert_eq!(
            ends,
            [
                ("coupa", "marketplace", "PunchOutSetupRequest"),
                ("marketplace", "browser", "PunchOutOrderMessage"),
                ("browser", "coupa", "PunchOutOrderMessage"),
                ("coupa", "marketplace", "OrderRequest"),
            ]
        );
        // Linked to the sender's record, which holds the answer too.
        assert_eq!(arrows[0].href, "/journal/coupa/1");
        assert_eq!(arrows[3].href, "/journal/coupa/3");
        assert_eq!(arrows[1].status, None);
    }

    #[test]
    fn an_open_buy_search_shows_its_http_status_as_it_has_no_cxml_one() {
        let search = Exchange {
            payload_id: None,
            cxml_status: None,
            http_status: Some(401),
            ..row(
                1,
                "coupa",
                Direction::Outbound,
                "http://mp/api/open-buy/listings?q=x",
                "OpenBuySearch",
                "",
            )
        };
        let [arrow] = arrows(&[search], lane_of).try_into().expect("one arrow");
        assert_eq!(
            (arrow.from.as_str(), arrow.to.as_str()),
            ("coupa", "marketplace")
        );
        assert_eq!(arrow.status, Some(401));
    }

    #[test]
    fn the_svg_has_every_lane_and_one_link_per_arrow_in_order() {
        let svg = svg(&arrows(&punchout_and_order(), lane_of));
        for lane in LANES {
            assert!(svg.contains(&format!(">{lane}</text>")), "lane {lane}");
        }
        assert!(!svg.contains(">outside</text>"));
        assert_eq!(svg.matches("<a class=\"arrow\"").count(), 4);
        let setup = svg.find("PunchOutSetupRequest").expect("setup");
        let order = svg.find("OrderRequest ·").expect("order");
        assert!(setup < order);
    }

    /// Every kind of arrow the flow page draws: the punchout's four, a
    /// mail the order caused (an outside link with a query), and a refused
    /// exchange with an unknown peer whose label and link need escaping.
    fn representative() -> Vec<Arrow> {
        let mut arrows = arrows(&punchout_and_order(), lane_of);
        arrows.push(Arrow {
            from: "marketplace".to_owned(),
            to: "mail".to_owned(),
            label: "mail to jane@acme.test: Agreement created (PO 7)".to_owned(),
            status: None,
            href: "http://127.0.0.1:4000/?q=PO+7".to_owned(),
            payload_id: None,
        });
        arrows.push(Arrow {
            from: OUTSIDE.to_owned(),
            to: "coupa".to_owned(),
            label: "<script>alert('x')</script> & \"more\"".to_owned(),
            status: Some(401),
            href: "/journal/coupa/9?a=\"b\"&c=<d>".to_owned(),
            payload_id: None,
        });
        arrows
    }

    /// What `representative()` drew before the diagram became a template
    /// (the `format!` version), one element per line for reading.
    const REPRESENTATIVE_SVG: &str = r##"
<svg class="sequence" xmlns="http://www.w3.org/2000/svg" width="1080" height="322" viewBox="0 0 1080 322" role="img" aria-label="Sequence diagram">
<defs>
<marker id="head" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
<path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/>
</marker>
</defs>
<g class="lane party-browser">
<rect x="10" y="8" width="160" height="30" rx="6"/>
<text x="90" y="28" text-anchor="middle">browser</text>
<line x1="90" y1="38" x2="90" y2="322"/>
</g>
<g class="lane party-marketplace">
<rect x="190" y="8" width="160" height="30" rx="6"/>
<text x="270" y="28" text-anchor="middle">marketplace</text>
<line x1="270" y1="38" x2="270" y2="322"/>
</g>
<g class="lane party-coupa">
<rect x="370" y="8" width="160" height="30" rx="6"/>
<text x="450" y="28" text-anchor="middle">coupa</text>
<line x1="450" y1="38" x2="450" y2="322"/>
</g>
<g class="lane party-ariba">
<rect x="550" y="8" width="160" height="30" rx="6"/>
<text x="630" y="28" text-anchor="middle">ariba</text>
<line x1="630" y1="38" x2="630" y2="322"/>
</g>
<g class="lane party-mail">
<rect x="730" y="8" width="160" height="30" rx="6"/>
<text x="810" y="28" text-anchor="middle">mail</text>
<line x1="810" y1="38" x2="810" y2="322"/>
</g>
<g class="lane party-outside">
<rect x="910" y="8" width="160" height="30" rx="6"/>
<text x="990" y="28" text-anchor="middle">outside</text>
<line x1="990" y1="38" x2="990" y2="322"/>
</g>
<a class="arrow" href="/journal/coupa/1" data-from="coupa" data-to="marketplace" data-label="PunchOutSetupRequest">
<title>1. coupa → marketplace: PunchOutSetupRequest · 200</title>
<line x1="450" y1="75" x2="270" y2="75" marker-end="url(#head)"/>
<text x="360" y="69" text-anchor="middle">PunchOutSetupRequest · 200</text>
</a>
<a class="arrow" href="/journal/marketplace/2" data-from="marketplace" data-to="browser" data-label="PunchOutOrderMessage">
<title>2. marketplace → browser: PunchOutOrderMessage</title>
<line x1="270" y1="113" x2="90" y2="113" marker-end="url(#head)"/>
<text x="180" y="107" text-anchor="middle">PunchOutOrderMessage</text>
</a>
<a class="arrow" href="/journal/coupa/2" data-from="browser" data-to="coupa" data-label="PunchOutOrderMessage">
<title>3. browser → coupa: PunchOutOrderMessage</title>
<line x1="90" y1="151" x2="450" y2="151" marker-end="url(#head)"/>
<text x="270" y="145" text-anchor="middle">PunchOutOrderMessage</text>
</a>
<a class="arrow" href="/journal/coupa/3" data-from="coupa" data-to="marketplace" data-label="OrderRequest">
<title>4. coupa → marketplace: OrderRequest · 200</title>
<line x1="450" y1="189" x2="270" y2="189" marker-end="url(#head)"/>
<text x="360" y="183" text-anchor="middle">OrderRequest · 200</text>
</a>
<a class="arrow" href="http://127.0.0.1:4000/?q=PO+7" data-from="marketplace" data-to="mail" data-label="mail to jane@acme.test: Agreement created (PO 7)">
<title>5. marketplace → mail: mail to jane@acme.test: Agreement created (PO 7)</title>
<line x1="270" y1="227" x2="810" y2="227" marker-end="url(#head)"/>
<text x="540" y="221" text-anchor="middle">mail to jane@acme.test: Agreement created (PO 7)</text>
</a>
<a class="arrow refused" href="/journal/coupa/9?a=&quot;b&quot;&amp;c=&lt;d&gt;" data-from="outside" data-to="coupa" data-label="&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;more&quot;">
<title>6. outside → coupa: &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;more&quot; · 401</title>
<line x1="990" y1="265" x2="450" y2="265" marker-end="url(#head)"/>
<text x="720" y="259" text-anchor="middle">&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;more&quot; · 401</text>
</a>
</svg>
"##;

    /// Line breaks between elements dropped, and `&#x2F;` read as `/`:
    /// Tera's escaping writes `/` as a character reference, which every
    /// XML and HTML parser reads as the same attribute or text.
    fn normalised(svg: &str) -> String {
        svg.lines()
            .map(str::trim)
            .collect::<String>()
            .replace("&#x2F;", "/")
    }

    #[test]
    fn the_representative_flow_draws_as_it_did() {
        assert_eq!(
            normalised(&svg(&representative())),
            normalised(REPRESENTATIVE_SVG)
        );
    }

    #[test]
    fn labels_are_escaped_and_unknown_peers_get_an_outside_lane() {
        let arrow = Arrow {
            from: OUTSIDE.to_owned(),
            to: "marketplace".to_owned(),
            label: "<script>alert(1)</script> & co".to_owned(),
            status: Some(401),
            href: "/journal/marketplace/1?a=\"b\"".to_owned(),
            payload_id: None,
        };
        let svg = svg(&[arrow]);
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(!svg.contains(" & co"), "{svg}");
        // Tera's escaping: `/` too, as `&#x2F;`.
        let label = "&lt;script&gt;alert(1)&lt;&#x2F;script&gt; &amp; co";
        assert!(svg.contains(&format!("data-label=\"{label}\"")), "{svg}");
        assert!(svg.contains(&format!(": {label} · 401</title>")), "{svg}");
        assert!(svg.contains(&format!(">{label} · 401</text>")), "{svg}");
        assert!(
            svg.contains("href=\"&#x2F;journal&#x2F;marketplace&#x2F;1?a=&quot;b&quot;\""),
            "{svg}"
        );
        assert!(svg.contains(">outside</text>"));
        assert!(svg.contains("class=\"arrow refused\""));
    }
}
