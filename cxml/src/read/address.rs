//! Hand-read addresses and contacts for the fast reader: `ShipTo`,
//! `Address`, `Contact` and their parts (`Name`, `PostalAddress`, `Email`,
//! `Phone`), which nearly every setup request carries. `IdReference` is rare
//! and goes through serde on its own bytes. Same fields, same defaults, same
//! duplicate and missing-field refusals as the serde derive.

use quick_xml::events::BytesStart;

use super::items::{extrinsic, url};
use super::pull::{Bail, Pull, attr_once, once, push};
use crate::common::{
    Address, Contact, Country, CountryCode, Email, Name, Phone, PostalAddress, ShipTo, State,
    TelephoneNumber,
};

pub(super) fn ship_to(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<ShipTo> {
    p.attrs(e, |_, _| Some(()))?;
    let (mut address, mut id_reference) = (None, Vec::new());
    p.children(empty, |p, c, empty| match c.name().as_ref() {
        b"Address" => once(&mut address, self::address(p, c, empty)?),
        b"IdReference" => push(&mut id_reference, p.serde(empty)?),
        _ => p.unknown(c, empty),
    })?;
    Some(ShipTo {
        address: address?,
        id_reference,
    })
}

fn address(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<Address> {
    let (mut iso, mut id, mut id_domain) = (None, None, None);
    p.attrs(e, |k, v| match k {
        b"isoCountryCode" => attr_once(&mut iso, v),
        b"addressID" => attr_once(&mut id, v),
        b"addressIDDomain" => attr_once(&mut id_domain, v),
        _ => Some(()),
    })?;
    let (mut name, mut postal_address, mut email, mut phone, mut url) =
        (None, None, None, None, None);
    p.children(empty, |p, c, empty| match c.name().as_ref() {
        b"Name" => once(&mut name, self::name(p, c, empty)?),
        b"PostalAddress" => once(&mut postal_address, self::postal_address(p, c, empty)?),
        b"Email" => once(&mut email, self::email(p, c, empty)?),
        b"Phone" => once(&mut phone, self::phone(p, c, empty)?),
        b"URL" => once(&mut url, self::url(p, c, empty)?),
        _ => p.unknown(c, empty),
    })?;
    Some(Address {
        iso_country_code: iso,
        address_id: id,
        address_id_domain: id_domain,
        name: name?,
        postal_address,
        email,
        phone,
        url,
    })
}

pub(super) fn contact(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<Contact> {
    let (mut role, mut id, mut id_domain) = (None, None, None);
    p.attrs(e, |k, v| match k {
        b"role" => attr_once(&mut role, v),
        b"addressID" => attr_once(&mut id, v),
        b"addressIDDomain" => attr_once(&mut id_domain, v),
        _ => Some(()),
    })?;
    let mut name = None;
    let mut contact = Contact::new(None, Name::new("", ""));
    p.children(empty, |p, c, empty| match c.name().as_ref() {
        b"Name" => once(&mut name, self::name(p, c, empty)?),
        b"PostalAddress" => push(&mut contact.postal_address, postal_address(p, c, empty)?),
        b"Email" => push(&mut contact.email, email(p, c, empty)?),
        b"Phone" => push(&mut contact.phone, phone(p, c, empty)?),
        b"URL" => push(&mut contact.url, url(p, c, empty)?),
        b"IdReference" => push(&mut contact.id_reference, p.serde(empty)?),
        b"Extrinsic" => push(&mut contact.extrinsic, extrinsic(p, c, empty)?),
        _ => p.unknown(c, empty),
    })?;
    contact.role = role;
    contact.address_id = id;
    contact.address_id_domain = id_domain;
    contact.name = name?;
    Some(contact)
}

/// `Name`: a required `xml:lang` and text.
fn name(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<Name> {
    let mut lang = None;
    p.attrs(e, |k, v| match k {
        b"xml:lang" => attr_once(&mut lang, v),
        _ => Some(()),
    })?;
    Some(Name {
        lang: lang?,
        value: p.text_field(empty)?.unwrap_or_default(),
    })
}

fn postal_address(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<PostalAddress> {
    let mut name = None;
    p.attrs(e, |k, v| match k {
        b"name" => attr_once(&mut name, v),
        _ => Some(()),
    })?;
    let (mut deliver_to, mut street, mut extrinsic) = (Vec::new(), Vec::new(), Vec::new());
    let (mut city, mut municipality, mut state, mut postal_code, mut country) =
        (None, None, None, None, None);
    p.children(empty, |p, c, empty| match c.name().as_ref() {
        b"DeliverTo" => push(&mut deliver_to, p.text(empty)?),
        b"Street" => push(&mut street, p.text(empty)?),
        b"City" => once(&mut city, p.text(empty)?),
        b"Municipality" => once(&mut municipality, p.text(empty)?),
        b"State" => once(&mut state, self::state(p, c, empty)?),
        b"PostalCode" => once(&mut postal_code, p.text(empty)?),
        b"Country" => once(&mut country, self::country(p, c, empty)?),
        b"Extrinsic" => push(&mut extrinsic, self::extrinsic(p, c, empty)?),
        _ => p.unknown(c, empty),
    })?;
    Some(PostalAddress {
        name,
        deliver_to,
        street,
        city: city.unwrap_or_default(),
        municipality,
        state,
        postal_code,
        country: country?,
        extrinsic,
    })
}

fn state(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<State> {
    let mut iso = None;
    p.attrs(e, |k, v| match k {
        b"isoStateCode" => attr_once(&mut iso, v),
        _ => Some(()),
    })?;
    Some(State {
        iso_state_code: iso,
        value: p.text_field(empty)?.unwrap_or_default(),
    })
}

fn country(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<Country> {
    let mut iso = None;
    p.attrs(e, |k, v| match k {
        b"isoCountryCode" => attr_once(&mut iso, v),
        _ => Some(()),
    })?;
    Some(Country {
        iso_country_code: iso?,
        value: p.text_field(empty)?.unwrap_or_default(),
    })
}

fn email(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<Email> {
    let (mut name, mut preferred_lang) = (None, None);
    p.attrs(e, |k, v| match k {
        b"name" => attr_once(&mut name, v),
        b"preferredLang" => attr_once(&mut preferred_lang, v),
        _ => Some(()),
    })?;
    Some(Email {
        name,
        preferred_lang,
        value: p.text_field(empty)?.unwrap_or_default(),
    })
}

fn phone(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<Phone> {
    let mut name = None;
    p.attrs(e, |k, v| match k {
        b"name" => attr_once(&mut name, v),
        _ => Some(()),
    })?;
    let mut number = None;
    p.children(empty, |p, c, empty| match c.name().as_ref() {
        b"TelephoneNumber" => once(&mut number, telephone_number(p, c, empty)?),
        _ => p.unknown(c, empty),
    })?;
    Some(Phone {
        name,
        telephone_number: number?,
    })
}

fn telephone_number(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<TelephoneNumber> {
    p.attrs(e, |_, _| Some(()))?;
    let (mut country_code, mut area, mut number, mut extension) = (None, None, None, None);
    p.children(empty, |p, c, empty| match c.name().as_ref() {
        b"CountryCode" => once(&mut country_code, self::country_code(p, c, empty)?),
        b"AreaOrCityCode" => once(&mut area, p.text(empty)?),
        b"Number" => once(&mut number, p.text(empty)?),
        b"Extension" => once(&mut extension, p.text(empty)?),
        _ => p.unknown(c, empty),
    })?;
    Some(TelephoneNumber {
        country_code: country_code?,
        area_or_city_code: area.unwrap_or_default(),
        number: number.unwrap_or_default(),
        extension,
    })
}

fn country_code(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<CountryCode> {
    let mut iso = None;
    p.attrs(e, |k, v| match k {
        b"isoCountryCode" => attr_once(&mut iso, v),
        _ => Some(()),
    })?;
    Some(CountryCode {
        iso_country_code: iso?,
        value: p.text_field(empty)?.unwrap_or_default(),
    })
}
