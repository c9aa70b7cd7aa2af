//! Who performed the events, one person under one name.
//!
//! An event says who did it in one of three ways: `performedBy.user.userArn` (a Connect user),
//! `performedBy.user.customEntity` (any other name), or, when the call carried no `performedBy`
//! (DeleteRelatedItem has none), only the IAM principal that signed it. So one agent shows up
//! as `maria` on her edits and as `agent-maria` on her deletions, and a bot as `Refund Bot` and
//! `refund bot`. The identity key is:
//!
//! - a user ARN, compared ignoring case;
//! - a custom entity, compared ignoring case and runs of white space;
//! - an IAM principal alone: the identity that the same principal's other events name, when they
//!   all name one (a principal shared by two identities stays itself: that would be a guess).
//!
//! The name shown is the user ARN's last segment, the custom entity's spelling (the first in
//! byte order, so it does not depend on which page came first), or the principal's last segment.

use std::collections::HashMap;

use super::super::format::{self, EMPTY};
use crate::model::{AuditEvent, Performer};

/// What one event states about who performed it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Said {
    User(String),
    Entity(String),
    Principal(String),
    Nobody,
}

impl Said {
    fn of(e: &AuditEvent) -> Self {
        match (&e.performed_by, &e.iam_principal_arn) {
            (Some(Performer::UserArn(arn)), _) => Self::User(arn.to_lowercase()),
            (Some(Performer::CustomEntity(name)), _) => Self::Entity(fold(name)),
            (None, Some(p)) => Self::Principal(p.clone()),
            (None, None) => Self::Nobody,
        }
    }
}

/// A custom entity's name for comparing spellings: lower case, white space runs as one space.
fn fold(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The name shown for what an event says.
fn spelling(e: &AuditEvent) -> String {
    format::performer(e.performed_by.as_ref(), e.iam_principal_arn.as_deref())
}

/// The text the event names its performer with, as sent: what the name is spelled from.
fn source(e: &AuditEvent) -> &str {
    match (&e.performed_by, &e.iam_principal_arn) {
        (Some(Performer::UserArn(s) | Performer::CustomEntity(s)), _) => s,
        (None, Some(p)) => p,
        (None, None) => "",
    }
}

/// The performers of a history, learnt event by event.
#[derive(Debug, Clone, Default)]
pub struct People {
    /// Each distinct identity as events state it, with its name, in the order first met.
    said: Vec<(Said, String)>,
    /// The text each identity's name was spelled from (`source`), so a repeat spelling costs
    /// no formatting.
    sources: Vec<String>,
    ids: HashMap<Said, u32>,
    /// Per IAM principal: the one identity its events with a performer named, or `None` once
    /// two different ones did.
    principals: HashMap<String, Option<u32>>,
}

impl People {
    /// The people of `items`.
    pub fn of(items: &[AuditEvent]) -> Self {
        let mut people = Self::default();
        for e in items {
            people.add(e);
        }
        people
    }

    /// Learns from `e`; its identity as stated (see [`People::person`] for who that is).
    pub fn add(&mut self, e: &AuditEvent) -> u32 {
        let said = Said::of(e);
        let id = match self.ids.get(&said) {
            Some(&id) => {
                if self.sources[id as usize] != source(e) {
                    let name = spelling(e);
                    let kept = &mut self.said[id as usize].1;
                    if name < *kept {
                        *kept = name;
                        self.sources[id as usize] = source(e).to_string();
                    }
                }
                id
            }
            None => {
                let id = u32::try_from(self.said.len()).expect("fewer than 2^32 performers");
                self.said.push((said.clone(), spelling(e)));
                self.sources.push(source(e).to_string());
                self.ids.insert(said.clone(), id);
                id
            }
        };
        if let (Said::User(_) | Said::Entity(_), Some(p)) = (&said, &e.iam_principal_arn) {
            match self.principals.get_mut(p) {
                Some(known) if *known != Some(id) => *known = None,
                Some(_) => {}
                None => {
                    self.principals.insert(p.clone(), Some(id));
                }
            }
        }
        id
    }

    /// The person identity `id` is: itself, or for a principal alone, the one identity the
    /// principal's other events name.
    pub fn person(&self, id: u32) -> u32 {
        match self.said.get(id as usize) {
            Some((Said::Principal(p), _)) => {
                self.principals.get(p).copied().flatten().unwrap_or(id)
            }
            _ => id,
        }
    }

    /// The name shown for identity `id`'s person.
    pub fn name(&self, id: u32) -> &str {
        self.said
            .get(self.person(id) as usize)
            .map_or(EMPTY, |(_, n)| n.as_str())
    }

    /// The name shown for the performer of `e`, a known event or not.
    pub fn name_of(&self, e: &AuditEvent) -> String {
        match self.ids.get(&Said::of(e)) {
            Some(&id) => self.name(id).to_string(),
            None => spelling(e),
        }
    }

    /// The name an identity showed before other events told who it is, when that differs:
    /// a principal resolved to a person.
    pub fn stated_name(&self, e: &AuditEvent) -> Option<String> {
        let &id = self.ids.get(&Said::of(e))?;
        (self.person(id) != id).then(|| self.said[id as usize].1.clone())
    }

    /// Every identity whose person is shown as `name`.
    pub fn ids_named(&self, name: &str) -> Vec<u32> {
        (0..self.said.len() as u32)
            .filter(|&id| self.name(id) == name)
            .collect()
    }

    /// The distinct names of the people, each once.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = (0..self.said.len() as u32)
            .filter(|&id| self.person(id) == id)
            .map(|id| self.name(id).to_string())
            .collect();
        names.sort();
        names.dedup();
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(by: Option<Performer>, iam: Option<&str>) -> AuditEvent {
        AuditEvent {
            id: "e".into(),
            event_type: "Case.Updated".into(),
            related_item_type: None,
            performed_time: None,
            fields: Vec::new(),
            performed_by: by,
            iam_principal_arn: iam.map(str::to_string),
            merge: None,
        }
    }

    fn user(id: &str) -> Option<Performer> {
        Some(Performer::UserArn(format!(
            "arn:aws:connect:us-east-1:1:instance/i/agent/{id}"
        )))
    }

    fn entity(name: &str) -> Option<Performer> {
        Some(Performer::CustomEntity(name.into()))
    }

    const MARIA_IAM: &str = "arn:aws:iam::1:user/agent-maria";
    const SHARED: &str = "arn:aws:iam::1:role/ConnectAgents";

    #[test]
    fn a_principal_alone_is_the_one_person_its_other_events_name() {
        let mut p = People::default();
        // The deletion comes first: only the principal is known then.
        let delete = p.add(&ev(None, Some(MARIA_IAM)));
        assert_eq!(p.name(delete), "agent-maria");
        let edit = p.add(&ev(user("maria"), Some(MARIA_IAM)));
        assert_eq!(p.name(delete), "maria");
        assert_eq!(p.person(delete), edit);
        assert_eq!(p.names(), ["maria"]);
        assert_eq!(p.ids_named("maria"), [delete, edit]);
        assert_eq!(
            p.stated_name(&ev(None, Some(MARIA_IAM))).as_deref(),
            Some("agent-maria")
        );
        assert_eq!(p.stated_name(&ev(user("maria"), None)), None);
    }

    #[test]
    fn a_principal_two_people_share_stays_itself() {
        let mut p = People::default();
        p.add(&ev(user("maria"), Some(SHARED)));
        p.add(&ev(user("james"), Some(SHARED)));
        let delete = p.add(&ev(None, Some(SHARED)));
        assert_eq!(p.name(delete), "ConnectAgents");
        assert_eq!(p.names(), ["ConnectAgents", "james", "maria"]);
    }

    #[test]
    fn spellings_of_one_entity_or_arn_are_one_person_under_one_name() {
        let mut p = People::default();
        let a = p.add(&ev(entity("refund bot"), None));
        let b = p.add(&ev(entity("Refund  Bot"), None));
        assert_eq!(a, b);
        assert_eq!(p.name(a), "Refund  Bot", "the first spelling in byte order");
        let c = p.add(&ev(user("Sam"), None));
        let d = p.add(&ev(user("sam"), None));
        assert_eq!(c, d);
        assert_eq!(p.names(), ["Refund  Bot", "Sam"]);
        assert_eq!(p.name_of(&ev(entity("REFUND BOT"), None)), "Refund  Bot");
        assert_eq!(p.name_of(&ev(None, None)), EMPTY);
    }
}
