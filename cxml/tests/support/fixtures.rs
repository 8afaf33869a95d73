//! Complete documents of every modelled type, built through the public API.
//! `t` is free text placed in every text field, so property tests can feed
//! arbitrary strings through them.

use cxml::common::*;
use cxml::doc::*;
use cxml::envelope::*;
use cxml::newtypes::{Money, PayloadId, SharedSecret, Timestamp};

pub fn pid() -> PayloadId {
    PayloadId::generate_with(1_700_000_000_000, 1, 42, "test.procsim")
        .expect("a fixed time, process and counter make a valid payload ID")
}

pub fn ts() -> Timestamp {
    Timestamp::from_unix_millis(1_700_000_000_000, -420)
}

pub fn header(t: &str) -> Header {
    let mut h = Header::new(
        Credential::new("NetworkID", "AN0100-buyer"),
        Credential::new("DUNS", "123456789"),
        Credential::with_secret(
            "NetworkID",
            "AN0100-buyer",
            SharedSecret::new(format!("s3cret{t}")),
        ),
        format!("procsim {t}"),
    );
    h.from
        .credential
        .push(Credential::new("DUNS", format!("duns-{t}")));
    h
}

pub fn money(amount: &str) -> MoneyElement {
    MoneyElement::from(
        &Money::parse("USD", amount).expect("a fixture amount is a valid USD amount"),
    )
}

pub fn description(t: &str) -> Description {
    Description {
        short_name: Some(format!("short {t}")),
        ..Description::new("en-US", format!("desc {t}"))
    }
}

pub fn postal(t: &str) -> PostalAddress {
    PostalAddress {
        name: Some("default".into()),
        deliver_to: vec![format!("Jo {t}")],
        street: vec![format!("1 Main St {t}"), "Suite 2".into()],
        city: format!("Springfield {t}"),
        municipality: None,
        state: Some(State {
            iso_state_code: Some("US-IL".into()),
            value: "IL".into(),
        }),
        postal_code: Some("62701".into()),
        country: Country {
            iso_country_code: "US".into(),
            value: "United States".into(),
        },
        extrinsic: vec![],
    }
}

pub fn address(t: &str) -> Address {
    Address {
        address_id: Some("A-1".into()),
        postal_address: Some(postal(t)),
        email: Some(Email::new("jo@example.com")),
        phone: Some(Phone {
            name: Some("work".into()),
            telephone_number: TelephoneNumber {
                country_code: CountryCode {
                    iso_country_code: "US".into(),
                    value: "1".into(),
                },
                area_or_city_code: "800".into(),
                number: "5551212".into(),
                extension: None,
            },
        }),
        ..Address::named(Name::new("en-US", format!("Acme {t}")))
    }
}

pub fn contact(t: &str, role: &str) -> Contact {
    let mut c = Contact::new(Some(role.into()), Name::new("en-US", format!("Jo {t}")));
    c.email.push(Email::new("jo@example.com"));
    c.postal_address.push(postal(t));
    c
}

pub fn tax(t: &str) -> Tax {
    Tax {
        money: money("8.25"),
        description: Description::new("en-US", format!("sales tax {t}")),
        tax_detail: vec![TaxDetail {
            purpose: Some("tax".into()),
            category: "sales".into(),
            percentage_rate: Some("8.25".into()),
            tax_point_date: None,
            is_included_in_price: None,
            taxable_amount: Some(Amount {
                money: money("100.00"),
            }),
            tax_amount: Amount {
                money: money("8.25"),
            },
            tax_location: Some(TaxLocation {
                lang: "en-US".into(),
                value: "IL".into(),
            }),
            description: None,
        }],
        extrinsic: vec![],
    }
}

pub fn shipping(t: &str) -> Shipping {
    Shipping {
        tracking_domain: None,
        tracking_id: None,
        money: money("5.00"),
        description: Description::new("en-US", format!("ground {t}")),
    }
}

pub fn item_detail(t: &str) -> ItemDetail {
    ItemDetail {
        unit_price: Amount {
            money: money("2500.00"),
        },
        description: vec![description(t)],
        unit_of_measure: "EA".into(),
        classification: vec![Classification {
            domain: "UNSPSC".into(),
            code: None,
            value: "43232408".into(),
        }],
        manufacturer_part_id: Some(format!("MPN-{t}")),
        manufacturer_name: Some(ManufacturerName {
            lang: Some("en".into()),
            value: format!("Maker {t}"),
        }),
        url: Some(Url::new("https://market.example/p/1")),
        lead_time: Some("3".into()),
        extrinsic: vec![Extrinsic::new("offerId", format!("offer {t}"))],
    }
}

pub fn item_id(t: &str) -> ItemId {
    ItemId::new(format!("prod-{}", t.len()), Some(format!("aux {t}")))
}

pub fn item_in(t: &str) -> ItemIn {
    ItemIn {
        quantity: "2".into(),
        line_number: Some("1".into()),
        item_id: item_id(t),
        item_detail: item_detail(t),
        ship_to: None,
        shipping: None,
        tax: None,
        contact: vec![],
        comments: Some(Comments {
            text: Some(format!("note {t}")),
            ..Comments::default()
        }),
        extrinsic: vec![Extrinsic::new("x", t)],
    }
}

pub fn item_out(t: &str) -> ItemOut {
    let mut i = ItemOut::from_item_in(&item_in(t), Some("1".into()));
    i.requested_delivery_date = Some("2024-01-01".into());
    i.ship_to = Some(Box::new(ShipTo {
        address: address(t),
        id_reference: vec![],
    }));
    i.comments.push(Comments {
        text: Some(format!("line {t}")),
        ..Comments::default()
    });
    i
}

pub fn request(t: &str, body: RequestBody) -> CXml {
    CXml::request(
        &pid(),
        &ts(),
        header(t),
        Request::new(DeploymentMode::Test, body),
    )
}

pub fn profile_request(t: &str) -> CXml {
    request(t, RequestBody::ProfileRequest(Box::default()))
}

pub fn profile_response(_t: &str) -> CXml {
    let resp = ProfileResponse {
        effective_date: ts().to_string(),
        last_refresh: None,
        option: vec![ProfileOption {
            name: "Locale".into(),
            value: "en-US".into(),
        }],
        transaction: vec![
            Transaction::new("PunchOutSetupRequest", "https://market.example/cxml"),
            Transaction::new("OrderRequest", "https://market.example/cxml"),
        ],
    };
    CXml::response(
        &pid(),
        &ts(),
        Response::ok(ResponseBody::ProfileResponse(Box::new(resp))),
    )
}

pub fn punch_out_setup_request(t: &str) -> CXml {
    let mut p = PunchOutSetupRequest::new(
        PunchOutOperation::Edit,
        format!("cookie {t}"),
        "https://buyer.example/return",
    );
    p.extrinsic = vec![
        Extrinsic::new("UserEmail", format!("{t}@example.com")),
        Extrinsic::new("UniqueName", t),
    ];
    p.contact.push(contact(t, "endUser"));
    p.supplier_setup = Some(UrlHolder::new("https://market.example/punchout"));
    p.ship_to = Some(ShipTo {
        address: address(t),
        id_reference: vec![],
    });
    p.selected_item = Some(SelectedItem {
        item_id: item_id(t),
    });
    p.item_out.push(item_out(t));
    request(t, RequestBody::PunchOutSetupRequest(Box::new(p)))
}

pub fn punch_out_setup_response(_t: &str) -> CXml {
    let body = ResponseBody::PunchOutSetupResponse(Box::new(PunchOutSetupResponse::new(
        "https://market.example/s/1",
    )));
    CXml::response(&pid(), &ts(), Response::ok(body))
}

pub fn punch_out_order_message(t: &str) -> CXml {
    let m = PunchOutOrderMessage {
        buyer_cookie: format!("cookie {t}"),
        header: PunchOutOrderMessageHeader {
            operation_allowed: OperationAllowed::Edit,
            quote_status: None,
            total: Amount {
                money: money("5000.00"),
            },
            ship_to: Some(ShipTo {
                address: address(t),
                id_reference: vec![],
            }),
            shipping: Some(shipping(t)),
            tax: Some(tax(t)),
            supplier_order_info: Some(SupplierOrderInfo {
                order_id: format!("SO {t}"),
                order_date: None,
            }),
        },
        item_in: vec![item_in(t), item_in(&format!("{t}2"))],
    };
    let mut h = header(t);
    h.sender.credential[0].shared_secret = None;
    let msg = Message::new(
        DeploymentMode::Production,
        MessageBody::PunchOutOrderMessage(Box::new(m)),
    );
    CXml::message(&pid(), &ts(), h, msg)
}

pub fn order_request(t: &str) -> CXml {
    let header = OrderRequestHeader {
        order_id: format!("PO-{t}"),
        order_date: ts().to_string(),
        order_type: Some(OrderType::Update),
        order_version: Some("2".into()),
        requisition_id: None,
        total: Amount {
            money: money("5000.00"),
        },
        ship_to: Some(ShipTo {
            address: address(t),
            id_reference: vec![],
        }),
        bill_to: BillTo {
            address: address(t),
            id_reference: vec![],
        },
        shipping: Some(shipping(t)),
        tax: Some(tax(t)),
        payment: Some(Payment {
            pcard: Some(PCard {
                number: "4111".into(),
                expiration: "2030-01-01".into(),
                name: Some(t.into()),
                postal_address: None,
            }),
        }),
        contact: vec![contact(t, "buyer")],
        comments: vec![Comments {
            lang: Some("en-US".into()),
            comments_type: None,
            text: Some(format!("please {t}")),
        }],
        document_reference: Some(DocumentReference::new("earlier@buyer")),
        supplier_order_info: None,
        id_reference: vec![IdReference {
            identifier: "PO-1".into(),
            domain: "poNumber".into(),
        }],
        extrinsic: vec![Extrinsic::new("CostCenter", t)],
    };
    let o = OrderRequest {
        header,
        item_out: vec![item_out(t), item_out(&format!("{t}b"))],
    };
    request(t, RequestBody::OrderRequest(Box::new(o)))
}

pub fn confirmation_request(t: &str) -> CXml {
    let c = ConfirmationRequest {
        header: ConfirmationHeader {
            confirm_id: Some(format!("C-{t}")),
            operation: Some("new".into()),
            confirmation_type: "detail".into(),
            notice_date: ts().to_string(),
            invoice_id: None,
            document_reference: None,
            total: Some(Amount {
                money: money("10.00"),
            }),
            shipping: None,
            tax: None,
            contact: vec![contact(t, "shipTo")],
            comments: vec![],
            id_reference: vec![],
            extrinsic: vec![],
        },
        order_reference: OrderReference {
            order_id: Some(format!("PO-{t}")),
            order_date: None,
            document_reference: DocumentReference::new("po@buyer"),
        },
        item: vec![ConfirmationItem {
            quantity: "2".into(),
            line_number: "1".into(),
            unit_of_measure: "EA".into(),
            contact: vec![],
            status: vec![ConfirmationStatus {
                quantity: "2".into(),
                status_type: "accept".into(),
                shipment_date: None,
                delivery_date: Some(ts().to_string()),
                unit_of_measure: "EA".into(),
                item_in: None,
                unit_price: Some(Amount {
                    money: money("5.00"),
                }),
                tax: None,
                shipping: None,
                comments: vec![Comments {
                    text: Some(t.into()),
                    ..Comments::default()
                }],
                extrinsic: vec![Extrinsic::new("SupplierPartID", t)],
            }],
        }],
    };
    request(t, RequestBody::ConfirmationRequest(Box::new(c)))
}

pub fn status_update_request(t: &str) -> CXml {
    let s = StatusUpdateRequest {
        document_reference: Some(DocumentReference::new("po@buyer")),
        status: Status {
            detail: Some(format!("forwarded {t}")),
            ..Status::new(200, "OK")
        },
        extrinsic: vec![],
    };
    request(t, RequestBody::StatusUpdateRequest(Box::new(s)))
}

pub fn status_response(t: &str) -> CXml {
    let mut doc = CXml::response_status(&pid(), &ts(), 406, "Not Acceptable");
    if let Some(r) = doc.response.as_mut() {
        r.status.detail = Some(format!("bad {t}"));
    }
    doc
}

pub fn invoice_detail_request(t: &str) -> CXml {
    let line = InvoiceDetailItem {
        invoice_line_number: "1".into(),
        quantity: "2".into(),
        reference_date: None,
        unit_of_measure: "EA".into(),
        unit_price: Amount {
            money: money("2500.00"),
        },
        item_reference: InvoiceDetailItemReference {
            line_number: "1".into(),
            item_id: Some(item_id(t)),
            description: Some(description(t)),
            classification: vec![],
            manufacturer_part_id: None,
            manufacturer_name: None,
            country: None,
        },
        subtotal_amount: Some(Amount {
            money: money("5000.00"),
        }),
        tax: Some(Box::new(tax(t))),
        gross_amount: None,
        discount: None,
        net_amount: None,
        comments: None,
        extrinsic: vec![Extrinsic::new("installment", t)],
    };
    let inv = InvoiceDetailRequest {
        header: InvoiceDetailRequestHeader {
            invoice_id: format!("INV-{t}"),
            purpose: Some(InvoicePurpose::Standard),
            operation: Some(InvoiceOperation::New),
            invoice_date: ts().to_string(),
            invoice_origin: Some("supplier".into()),
            header_indicator: InvoiceDetailHeaderIndicator::default(),
            line_indicator: InvoiceDetailLineIndicator {
                is_tax_in_line: true,
                ..Default::default()
            },
            invoice_partner: vec![
                InvoicePartner {
                    contact: contact(t, "remitTo"),
                    id_reference: vec![],
                },
                InvoicePartner {
                    contact: contact(t, "soldTo"),
                    id_reference: vec![IdReference {
                        identifier: "X1".into(),
                        domain: "buyerTaxID".into(),
                    }],
                },
            ],
            document_reference: None,
            invoice_detail_shipping: Some(InvoiceDetailShipping {
                shipping_date: None,
                contact: vec![contact(t, "shipFrom"), contact(t, "shipTo")],
                document_reference: None,
            }),
            invoice_detail_payment_term: vec![],
            payment_term: vec![PaymentTerm {
                pay_in_number_of_days: "30".into(),
                discount: Some(Discount {
                    discount_percent: Some(DiscountPercent {
                        percent: "0".into(),
                    }),
                    discount_amount: None,
                }),
                extrinsic: vec![],
            }],
            comments: Some(Comments {
                text: Some(format!("thanks {t}")),
                ..Comments::default()
            }),
            id_reference: vec![],
            extrinsic: vec![Extrinsic::new("period", t)],
        },
        invoice_detail_order: vec![InvoiceDetailOrder {
            order_info: InvoiceDetailOrderInfo {
                order_reference: Some(OrderReference {
                    order_id: Some(format!("PO-{t}")),
                    order_date: None,
                    document_reference: DocumentReference::new("po-payload@buyer"),
                }),
                master_agreement_reference: None,
                order_id_info: None,
                supplier_order_info: None,
            },
            item: vec![line],
        }],
        summary: InvoiceDetailSummary {
            subtotal_amount: Amount {
                money: money("5000.00"),
            },
            tax: tax(t),
            special_handling_amount: Some(SpecialHandlingAmount {
                money: money("0.00"),
                description: None,
            }),
            shipping_amount: Some(Amount {
                money: money("0.00"),
            }),
            gross_amount: Some(Amount {
                money: money("5008.25"),
            }),
            discount: Some(InvoiceDetailDiscount {
                percentage_rate: Some("0".into()),
                money: money("0.00"),
            }),
            net_amount: Amount {
                money: money("5008.25"),
            },
            deposit_amount: Some(Amount {
                money: money("0.00"),
            }),
            due_amount: Some(Amount {
                money: money("5008.25"),
            }),
        },
    };
    request(t, RequestBody::InvoiceDetailRequest(Box::new(inv)))
}

/// Every modelled document type, with its expected kind.
pub fn all(t: &str) -> Vec<(DocumentKind, CXml)> {
    vec![
        (DocumentKind::ProfileRequest, profile_request(t)),
        (DocumentKind::ProfileResponse, profile_response(t)),
        (
            DocumentKind::PunchOutSetupRequest,
            punch_out_setup_request(t),
        ),
        (
            DocumentKind::PunchOutSetupResponse,
            punch_out_setup_response(t),
        ),
        (
            DocumentKind::PunchOutOrderMessage,
            punch_out_order_message(t),
        ),
        (DocumentKind::OrderRequest, order_request(t)),
        (DocumentKind::ConfirmationRequest, confirmation_request(t)),
        (DocumentKind::StatusUpdateRequest, status_update_request(t)),
        (DocumentKind::StatusResponse, status_response(t)),
        (
            DocumentKind::InvoiceDetailRequest,
            invoice_detail_request(t),
        ),
    ]
}
