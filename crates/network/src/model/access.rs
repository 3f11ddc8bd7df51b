//! What a token may do: its scopes, the networks it may call from and when it expires. A token
//! issued without any of them may do everything from anywhere for ever, as every token did
//! before tokens had them.

use std::net::IpAddr;
use std::str::FromStr;

use ipnet::IpNet;
use serde::Serialize;

use crate::Timestamp;
use crate::model::UnknownName;
use crate::model::wire_enum::wire_enum;

wire_enum! {
    /// One part of the API a token may be allowed; `admin` allows every part.
    pub enum Scope {
        IncomingRead => "incoming:read",
        IncomingMark => "incoming:mark",
        OutgoingSend => "outgoing:send",
        ErrorsReport => "errors:report",
        Tasks => "tasks",
        Admin => "admin",
    }
}

/// A set of scopes, small enough to travel with every authenticated request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scopes(u8);

impl Scopes {
    /// Every scope: what a token issued without a list of them holds.
    pub const ALL: Scopes = Scopes(u8::MAX);

    pub fn of(scopes: &[Scope]) -> Scopes {
        if scopes.is_empty() {
            return Scopes::ALL;
        }
        Scopes(scopes.iter().fold(0, |bits, scope| bits | Self::bit(*scope)))
    }

    /// Whether a call that needs `scope` is allowed; `admin` allows any.
    pub fn allow(self, scope: Scope) -> bool {
        self.0 & (Self::bit(scope) | Self::bit(Scope::Admin)) != 0
    }

    /// The scopes held, in their declared order; every one when the token holds all.
    pub fn names(self) -> Vec<Scope> {
        Scope::ALL.iter().copied().filter(|scope| self.0 & Self::bit(*scope) != 0).collect()
    }

    /// The stored form: names separated by spaces, `None` for every scope.
    pub fn stored(self) -> Option<String> {
        (self != Scopes::ALL).then(|| self.names().iter().map(|scope| scope.as_str()).collect::<Vec<_>>().join(" "))
    }

    pub fn from_stored(text: Option<&str>) -> Result<Scopes, UnknownName> {
        let Some(text) = text else { return Ok(Scopes::ALL) };
        let scopes = text.split_whitespace().map(Scope::from_str).collect::<Result<Vec<_>, _>>()?;
        Ok(Scopes::of(&scopes))
    }

    fn bit(scope: Scope) -> u8 {
        1 << Scope::ALL.iter().position(|known| *known == scope).unwrap_or(0)
    }
}

impl Serialize for Scopes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.names().serialize(serializer)
    }
}

impl Serialize for Networks {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(ToString::to_string))
    }
}

/// The networks a token may call from; empty means any.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Networks(Vec<IpNet>);

impl Networks {
    /// Parses CIDR blocks (`10.0.0.0/8`, `2001:db8::/32`) or single addresses.
    pub fn parse(blocks: &[impl AsRef<str>]) -> Result<Networks, String> {
        blocks.iter().map(|block| parse_block(block.as_ref())).collect::<Result<_, _>>().map(Networks)
    }

    pub fn admit(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.0.is_empty() || self.0.iter().any(|network| network.contains(&address))
    }

    /// The stored form: blocks separated by spaces, `None` for any network.
    pub fn stored(&self) -> Option<String> {
        (!self.0.is_empty()).then(|| self.0.iter().map(ToString::to_string).collect::<Vec<_>>().join(" "))
    }

    pub fn from_stored(text: Option<&str>) -> Result<Networks, String> {
        let blocks: Vec<&str> = text.map(|text| text.split_whitespace().collect()).unwrap_or_default();
        Networks::parse(&blocks)
    }
}

fn parse_block(block: &str) -> Result<IpNet, String> {
    let block = block.trim();
    block
        .parse::<IpNet>()
        .or_else(|_| block.parse::<IpAddr>().map(IpNet::from))
        .map(|network| network.trunc())
        .map_err(|_| format!("`{block}` is not a network (CIDR such as 10.0.0.0/8) or an address"))
}

/// An IPv4 client seen on an IPv6 socket (`::ffff:10.0.0.1`) is matched as the IPv4 address.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 @ IpAddr::V4(_) => v4,
    }
}

/// Everything a token is granted beyond its company: kept with the token, checked on each call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Grant {
    pub scopes: Scopes,
    pub allowed_from: Networks,
    pub expires_at: Option<Timestamp>,
}

impl Default for Grant {
    fn default() -> Self {
        Grant { scopes: Scopes::ALL, allowed_from: Networks::default(), expires_at: None }
    }
}

/// A grant as a store keeps it: scopes and networks as text (`None` for all and any), the expiry.
pub type StoredGrant = (Option<String>, Option<String>, Option<Timestamp>);

impl Grant {
    pub fn stored(&self) -> StoredGrant {
        (self.scopes.stored(), self.allowed_from.stored(), self.expires_at)
    }

    pub fn from_stored(
        scopes: Option<&str>,
        allowed_from: Option<&str>,
        expires_at: Option<Timestamp>,
    ) -> Result<Grant, String> {
        Ok(Grant {
            scopes: Scopes::from_stored(scopes).map_err(|error| error.to_string())?,
            allowed_from: Networks::from_stored(allowed_from)?,
            expires_at,
        })
    }

    pub fn expired(&self, now: Timestamp) -> bool {
        self.expires_at.is_some_and(|at| now >= at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_scopes_means_all_and_admin_allows_every_scope() {
        assert_eq!(Scopes::of(&[]), Scopes::ALL);
        let admin = Scopes::of(&[Scope::Admin]);
        assert!(Scope::ALL.iter().all(|scope| admin.allow(*scope)));
        let reader = Scopes::of(&[Scope::IncomingRead]);
        assert!(reader.allow(Scope::IncomingRead));
        assert!(!reader.allow(Scope::IncomingMark));
        assert!(!reader.allow(Scope::Admin));
    }

    #[test]
    fn scopes_and_networks_read_back_as_stored() {
        let scopes = Scopes::of(&[Scope::Tasks, Scope::IncomingRead]);
        let stored = scopes.stored();
        assert_eq!(stored.as_deref(), Some("incoming:read tasks"));
        assert_eq!(Scopes::from_stored(stored.as_deref()), Ok(scopes));
        assert_eq!(Scopes::ALL.stored(), None);
        assert!(Scopes::from_stored(Some("incoming:write")).is_err());

        let networks = Networks::parse(&["10.1.2.3/8", "192.0.2.7"]).expect("valid");
        assert_eq!(networks.stored().as_deref(), Some("10.0.0.0/8 192.0.2.7/32"));
        assert_eq!(Networks::from_stored(networks.stored().as_deref()), Ok(networks));
    }

    #[test]
    fn a_network_list_admits_its_addresses_only_and_an_empty_one_admits_all() {
        let networks = Networks::parse(&["10.0.0.0/8", "2001:db8::/32"]).expect("valid");
        assert!(networks.admit("10.200.0.1".parse().expect("ip")));
        assert!(networks.admit("::ffff:10.0.0.1".parse().expect("ip")));
        assert!(networks.admit("2001:db8::5".parse().expect("ip")));
        assert!(!networks.admit("192.168.0.1".parse().expect("ip")));
        assert!(Networks::default().admit("192.168.0.1".parse().expect("ip")));
        assert!(Networks::parse(&["10.0.0.0/33"]).is_err());
        assert!(Networks::parse(&["example.com"]).is_err());
    }

    #[test]
    fn a_grant_expires_at_its_moment() {
        let grant = Grant { expires_at: Some(100), ..Grant::default() };
        assert!(!grant.expired(99));
        assert!(grant.expired(100));
        assert!(!Grant::default().expired(i64::MAX));
    }
}
