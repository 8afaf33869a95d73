//! A flow's sequence diagram: the journal rows of one flow turned into
//! arrows between the parties' lanes, drawn as SVG by procsim itself (no
//! script, no external service). Pure: unit-tested without HTTP.
//!
//! One HTTP exchange is journaled by both ends (the sender's outbound row,
//! the receiver's inbound row, with the same payloadID); it is drawn once,
//! from sender to receiver, linked to the sender's record. A document the
//! browser carries (the PunchOutOrderMessage) is two hops and two arrows:
//! supplier → browser, browser → buyer.

use service_kit::{journal::Direction, journal::Exchange, look::escape};

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

/// The diagram as an inline `<svg>` element. Every text is escaped; every
/// arrow is a link (`<a class="arrow">`) with data attributes naming its
/// ends, so tests and people can find it.
pub(crate) fn svg(arrows: &[Arrow]) -> String {
    let mut lanes: Vec<&str> = LANES.to_vec();
    if arrows.iter().any(|a| a.from == OUTSIDE || a.to == OUTSIDE) {
        lanes.push(OUTSIDE);
    }
    let x_of = |lane: &str| {
        let index = lanes
            .iter()
            .position(|l| *l == lane)
            .unwrap_or(lanes.len() - 1);
        index * LANE_WIDTH + LANE_WIDTH / 2
    };
    let width = lanes.len() * LANE_WIDTH;
    let height = TOP + (arrows.len() + 1) * ROW;
    let mut out = format!(
        "<svg class=\"sequence\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" \
         height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" \
         aria-label=\"Sequence diagram\">\
         <defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" \
         markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\">\
         <path d=\"M0,0 L10,5 L0,10 z\" fill=\"context-stroke\"/></marker></defs>"
    );
    for lane in &lanes {
        let x = x_of(lane);
        out.push_str(&format!(
            "<g class=\"lane party-{lane}\"><rect x=\"{}\" y=\"8\" width=\"{}\" height=\"30\" rx=\"6\"/>\
             <text x=\"{x}\" y=\"28\" text-anchor=\"middle\">{lane}</text>\
             <line x1=\"{x}\" y1=\"38\" x2=\"{x}\" y2=\"{height}\"/></g>",
            x - LANE_WIDTH / 2 + 10,
            LANE_WIDTH - 20,
        ));
    }
    for (index, arrow) in arrows.iter().enumerate() {
        let y = TOP + index * ROW + ROW / 2;
        let (x1, x2) = (x_of(&arrow.from), x_of(&arrow.to));
        let label = match arrow.status {
            Some(status) => format!("{} · {status}", arrow.label),
            None => arrow.label.clone(),
        };
        let class = match arrow.status {
            Some(s) if s >= 300 => "arrow refused",
            _ => "arrow",
        };
        out.push_str(&format!(
            "<a class=\"{class}\" href=\"{href}\" data-from=\"{from}\" data-to=\"{to}\" \
             data-label=\"{label_attr}\"><title>{n}. {from} → {to}: {label_text}</title>\
             <line x1=\"{x1}\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y}\" marker-end=\"url(#head)\"/>\
             <text x=\"{tx}\" y=\"{ty}\" text-anchor=\"middle\">{label_text}</text></a>",
            href = escape(&arrow.href),
            from = escape(&arrow.from),
            to = escape(&arrow.to),
            label_attr = escape(&arrow.label),
            label_text = escape(&label),
            n = index + 1,
            tx = x1.min(x2) + x1.abs_diff(x2) / 2,
            ty = y - 6,
        ));
    }
    out.push_str("</svg>");
    out
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
            recorded_ns: id,
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

    #[test]
    fn labels_are_escaped_and_unknown_peers_get_an_outside_lane() {
        let arrow = Arrow {
            from: OUTSIDE.to_owned(),
            to: "marketplace".to_owned(),
            label: "<script>alert(1)</script>".to_owned(),
            status: Some(401),
            href: "/journal/marketplace/1?a=\"b\"".to_owned(),
            payload_id: None,
        };
        let svg = svg(&[arrow]);
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; · 401"));
        assert!(svg.contains("href=\"/journal/marketplace/1?a=&quot;b&quot;\""));
        assert!(svg.contains(">outside</text>"));
        assert!(svg.contains("class=\"arrow refused\""));
    }
}
