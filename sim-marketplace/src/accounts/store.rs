//! Accounts in the marketplace database: seeding an empty database, reading
//! accounts with their users and connections, and replacing an account's
//! integration settings in one transaction.

use std::collections::HashMap;

use cxml::{SharedSecret, transport::FormEncoding};
use rusqlite::{Connection as Db, OptionalExtension, Row, params};
use service_kit::{Store, StoreError};

use super::{
    Account, AccountId, Connection, Identity, IntegrationSettings, MarketplaceSeed,
    ProcurementSystem, User, policy,
};

/// Writes the seed's accounts unless the database already has accounts
/// (a restarted marketplace keeps what its admins changed).
pub fn seed_if_empty(store: &Store, seed: &MarketplaceSeed) -> Result<(), StoreError> {
    store.with(|db| {
        let count: i64 = db.query_row("SELECT count(*) FROM accounts", [], |row| row.get(0))?;
        if count > 0 {
            return Ok(());
        }
        let tx = db.transaction()?;
        write_seed(&tx, seed)?;
        tx.commit()
    })
}

/// Writes the seed's accounts, users and connections (inside the caller's
/// transaction): at first start and on a reset of all state.
pub fn write_seed(db: &Db, seed: &MarketplaceSeed) -> rusqlite::Result<()> {
    for account in &seed.accounts {
        db.execute(
            "INSERT INTO accounts (id, name, contact_email, po_management) VALUES (?1, ?2, ?3, ?4)",
            params![
                account.id.as_str(),
                account.name,
                account.contact_email,
                account.po_management
            ],
        )?;
        for user in &account.users {
            db.execute(
                "INSERT INTO users (email, account_id, policies) VALUES (?1, ?2, ?3)",
                params![
                    user.email,
                    account.id.as_str(),
                    policy::format_list(&user.policies)
                ],
            )?;
        }
        insert_connections(db, &account.id, &account.connections)?;
    }
    Ok(())
}

/// Every account, by id, with its users and connections. Three queries
/// whatever the number of accounts, none with a parameter: the punchout
/// and order paths read this on every request, and SQLite re-plans a
/// statement whose bound value changes (its STAT4 build).
pub fn all(db: &Db) -> rusqlite::Result<Vec<Account>> {
    let mut users: HashMap<String, Vec<User>> = HashMap::new();
    let mut rows = db.prepare_cached(
        "SELECT account_id, email, policies FROM users ORDER BY account_id, email",
    )?;
    for user in rows.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            User {
                email: row.get(1)?,
                policies: policy::parse_list(&row.get::<_, String>(2)?),
            },
        ))
    })? {
        let (account, user) = user?;
        users.entry(account).or_default().push(user);
    }
    let mut connections: HashMap<String, Vec<Connection>> = HashMap::new();
    let mut rows = db.prepare_cached(&format!(
        "SELECT {CONNECTION_COLUMNS}, account_id FROM connections ORDER BY account_id, position"
    ))?;
    for connection in rows.query_map([], |row| {
        Ok((row.get::<_, String>(17)?, connection_from_row(row)?))
    })? {
        let (account, connection) = connection?;
        connections.entry(account).or_default().push(connection);
    }
    let mut rows = db.prepare_cached(
        "SELECT id, name, contact_email, po_management FROM accounts ORDER BY id",
    )?;
    let heads = rows.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, bool>(3)?,
        ))
    })?;
    let mut accounts = Vec::new();
    for head in heads {
        let (id, name, contact_email, po_management) = head?;
        let Ok(account_id) = id.parse::<AccountId>() else {
            continue;
        };
        accounts.push(Account {
            users: users.remove(&id).unwrap_or_default(),
            connections: connections.remove(&id).unwrap_or_default(),
            id: account_id,
            name,
            contact_email,
            po_management,
        });
    }
    Ok(accounts)
}

/// The columns `connection_from_row` reads, in its order.
const CONNECTION_COLUMNS: &str = "id, system, enabled, buyer_domain, buyer_identity, \
    supplier_domain, supplier_identity, sender_domain, sender_identity, shared_secret, \
    coupa_instance_url, invoice_url, redirect, free_preapproved, byol_preapproved, test_mode, \
    form_encoding";

/// One account, or `None`.
pub fn get(db: &Db, id: &str) -> rusqlite::Result<Option<Account>> {
    let head = db
        .prepare_cached(
            "SELECT id, name, contact_email, po_management FROM accounts WHERE id = ?1",
        )?
        .query_row([id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, bool>(3)?,
            ))
        })
        .optional()?;
    let Some((id, name, contact_email, po_management)) = head else {
        return Ok(None);
    };
    let Ok(account_id) = id.parse::<AccountId>() else {
        return Ok(None);
    };
    let users = db
        .prepare_cached("SELECT email, policies FROM users WHERE account_id = ?1 ORDER BY email")?
        .query_map([&id], |row| {
            Ok(User {
                email: row.get(0)?,
                policies: policy::parse_list(&row.get::<_, String>(1)?),
            })
        })?
        .collect::<Result<_, _>>()?;
    let connections = db
        .prepare_cached(&format!(
            "SELECT {CONNECTION_COLUMNS} FROM connections WHERE account_id = ?1 ORDER BY position"
        ))?
        .query_map([&id], connection_from_row)?
        .collect::<Result<_, _>>()?;
    Ok(Some(Account {
        id: account_id,
        name,
        contact_email,
        users,
        po_management,
        connections,
    }))
}

/// Replaces the account's integration settings; `false` when there is no
/// such account. The caller has validated them.
pub fn replace_settings(
    db: &mut Db,
    account: &AccountId,
    settings: &IntegrationSettings,
) -> rusqlite::Result<bool> {
    let tx = db.transaction()?;
    let changed = write_settings(&tx, account, settings)?;
    tx.commit()?;
    Ok(changed)
}

/// [`replace_settings`] inside the caller's transaction.
pub fn write_settings(
    db: &Db,
    account: &AccountId,
    settings: &IntegrationSettings,
) -> rusqlite::Result<bool> {
    let changed = db.execute(
        "UPDATE accounts SET po_management = ?2 WHERE id = ?1",
        params![account.as_str(), settings.po_management],
    )?;
    if changed == 0 {
        return Ok(false);
    }
    db.execute(
        "DELETE FROM connections WHERE account_id = ?1",
        [account.as_str()],
    )?;
    insert_connections(db, account, &settings.connections)?;
    Ok(true)
}

fn insert_connections(
    db: &Db,
    account: &AccountId,
    connections: &[Connection],
) -> rusqlite::Result<()> {
    let mut insert = db.prepare(
        "INSERT INTO connections (account_id, id, position, system, enabled, buyer_domain,
             buyer_identity, supplier_domain, supplier_identity, sender_domain, sender_identity,
             shared_secret, coupa_instance_url, invoice_url, redirect, free_preapproved,
             byol_preapproved, test_mode, form_encoding)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    )?;
    for (position, c) in connections.iter().enumerate() {
        insert.execute(params![
            account.as_str(),
            c.id,
            i64::try_from(position).unwrap_or(i64::MAX),
            system_name(c.system),
            c.enabled,
            c.buyer.domain,
            c.buyer.identity,
            c.supplier.domain,
            c.supplier.identity,
            c.sender.domain,
            c.sender.identity,
            c.shared_secret.expose(),
            c.coupa_instance_url,
            c.invoice_url,
            c.redirect,
            c.free_preapproved,
            c.byol_preapproved,
            c.test_mode,
            c.form_encoding.field_name(),
        ])?;
    }
    Ok(())
}

fn connection_from_row(row: &Row<'_>) -> rusqlite::Result<Connection> {
    let system: String = row.get(1)?;
    let encoding: String = row.get(16)?;
    Ok(Connection {
        id: row.get(0)?,
        system: if system == "ariba" {
            ProcurementSystem::Ariba
        } else {
            ProcurementSystem::Coupa
        },
        enabled: row.get(2)?,
        buyer: Identity::new(row.get::<_, String>(3)?, row.get::<_, String>(4)?),
        supplier: Identity::new(row.get::<_, String>(5)?, row.get::<_, String>(6)?),
        sender: Identity::new(row.get::<_, String>(7)?, row.get::<_, String>(8)?),
        shared_secret: SharedSecret::new(row.get::<_, String>(9)?),
        coupa_instance_url: row.get(10)?,
        invoice_url: row.get(11)?,
        redirect: row.get(12)?,
        free_preapproved: row.get(13)?,
        byol_preapproved: row.get(14)?,
        test_mode: row.get(15)?,
        form_encoding: if encoding == FormEncoding::UrlEncoded.field_name() {
            FormEncoding::UrlEncoded
        } else {
            FormEncoding::Base64
        },
    })
}

pub fn system_name(system: ProcurementSystem) -> &'static str {
    match system {
        ProcurementSystem::Coupa => "coupa",
        ProcurementSystem::Ariba => "ariba",
    }
}

#[cfg(test)]
mod tests {
    use service_kit::Storage;

    use super::*;

    #[test]
    fn all_reads_what_get_reads_for_every_account() {
        let store = crate::db::open(&Storage::Memory).expect("database");
        let seed = MarketplaceSeed::default();
        seed_if_empty(&store, &seed).expect("seeded");
        let (all, one_by_one) = store
            .with(|db| {
                let all = all(db)?;
                let mut one_by_one = Vec::new();
                for account in &all {
                    one_by_one.extend(get(db, account.id.as_str())?);
                }
                Ok((all, one_by_one))
            })
            .expect("read");
        assert_eq!(all.len(), seed.accounts.len());
        assert!(
            all.iter()
                .all(|a| !a.users.is_empty() && !a.connections.is_empty())
        );
        assert_eq!(all, one_by_one);
    }
}
