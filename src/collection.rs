//! The reader's collections met with a loaded archive: the database keeps
//! a collection as an ordered list of entry ids, while filters, lists and
//! exports work with canonical indexes. [`resolve`] turns names into the
//! indexes of the entries the archive holds, in the collection's own
//! order (an export of one collection keeps it), and names the ids the
//! archive lacks (an entry of a folder not loaded this time);
//! [`resolve_filter`] fills a [`Filter`]'s members before it is queried.

use crate::archive::Archive;
use crate::db::{CollectionError, Library};
use crate::query::Filter;

/// One collection as the archive holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The name as stored (its case may differ from the one asked for).
    pub name: String,
    /// Canonical indexes of its entries in the archive, in the
    /// collection's order.
    pub order: Vec<u32>,
    /// Its ids that the archive does not hold, in the collection's order.
    pub missing: Vec<String>,
}

/// The collections named (without regard to case), each resolved against
/// `archive`; an unknown name is [`CollectionError::Missing`].
pub fn resolve(
    db: &mut Library,
    archive: &Archive,
    names: &[String],
) -> Result<Vec<Resolved>, CollectionError> {
    let stored = db.collections()?;
    names
        .iter()
        .map(|name| {
            let ids = db.collection_entries(name)?;
            let name = stored
                .iter()
                .find(|c| c.name.eq_ignore_ascii_case(name.trim()))
                .map_or_else(|| name.trim().to_string(), |c| c.name.clone());
            let mut order = Vec::with_capacity(ids.len());
            let mut missing = Vec::new();
            for id in ids {
                match archive.index_of(&id) {
                    Some(ix) => order.push(ix),
                    None => missing.push(id),
                }
            }
            Ok(Resolved {
                name,
                order,
                missing,
            })
        })
        .collect()
}

/// The canonical indexes of any of `resolved`, sorted and without
/// repeats: what [`Filter::members`] holds.
pub fn members(resolved: &[Resolved]) -> Vec<u32> {
    let mut all: Vec<u32> = resolved
        .iter()
        .flat_map(|r| r.order.iter().copied())
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// Fills `filter.members` from its collections' names; returns them
/// resolved (nothing when the filter names no collection).
pub fn resolve_filter(
    db: &mut Library,
    archive: &Archive,
    filter: &mut Filter,
) -> Result<Vec<Resolved>, CollectionError> {
    if filter.collections.is_empty() {
        filter.members.clear();
        return Ok(Vec::new());
    }
    let resolved = resolve(db, archive, &filter.collections)?;
    filter.members = members(&resolved);
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::tests::sample;
    use crate::query::AuthorSel;

    fn ids(a: &Archive, ixs: &[u32]) -> Vec<String> {
        ixs.iter().map(|&i| a.get(i).unwrap().id.clone()).collect()
    }

    fn library() -> Library {
        let mut db = Library::in_memory().unwrap();
        db.create_collection("Later").unwrap();
        db.add_to_collection("Later", &["c", "gone", "a", "u1"])
            .unwrap();
        db.create_collection("Best").unwrap();
        db.add_to_collection("Best", &["b", "a"]).unwrap();
        db
    }

    #[test]
    fn a_collection_resolves_in_its_own_order_and_names_what_is_missing() {
        let a = sample();
        let mut db = library();
        let r = resolve(&mut db, &a, &["later".to_string()]).unwrap();
        assert_eq!(r[0].name, "Later");
        assert_eq!(ids(&a, &r[0].order), ["c", "a", "u1"]);
        assert_eq!(r[0].missing, ["gone"]);
        assert!(matches!(
            resolve(&mut db, &a, &["Nope".to_string()]),
            Err(CollectionError::Missing(_))
        ));
    }

    #[test]
    fn collections_filter_like_authors_and_counts_follow() {
        let a = sample();
        let mut db = library();
        let mut f = Filter {
            collections: vec!["Later".into(), "BEST".into()],
            ..Filter::default()
        };
        resolve_filter(&mut db, &a, &mut f).unwrap();
        // Several collections OR together, in canonical order.
        assert_eq!(ids(&a, &a.filter(&f)), ["a", "b", "c", "u1"]);
        f.authors = vec![AuthorSel::Named("Jane Doe".into())];
        let kept = a.filter(&f);
        assert_eq!(ids(&a, &kept), ["a", "c"]);
        assert_eq!(a.author_counts(&kept), [(Some("Jane Doe"), 2)]);
        assert_eq!(
            a.timeline(&a.filter(&f.without_authors()), crate::Granularity::Year)
                .iter()
                .map(|(_, n)| n)
                .sum::<usize>(),
            4
        );
        assert_eq!(a.filter(&f.without_collections()).len(), 3);
    }

    #[test]
    fn an_unresolved_or_empty_collection_keeps_nothing() {
        let a = sample();
        let f = Filter {
            collections: vec!["Later".into()],
            ..Filter::default()
        };
        assert!(a.filter(&f).is_empty(), "members not filled yet");
        let mut db = library();
        db.create_collection("Empty").unwrap();
        let mut f = Filter {
            collections: vec!["Empty".into()],
            ..Filter::default()
        };
        resolve_filter(&mut db, &a, &mut f).unwrap();
        assert!(a.filter(&f).is_empty());
        let within = a.filter_within(&f, &[0, 1, 2]);
        assert!(within.is_empty());
    }

    #[test]
    fn the_members_are_not_persisted_with_the_filter() {
        let f = Filter {
            collections: vec!["Later".into()],
            members: vec![1, 2],
            ..Filter::default()
        };
        let json = serde_json::to_string(&f).unwrap();
        assert!(!json.contains("members"), "{json}");
        let back: Filter = serde_json::from_str(&json).unwrap();
        assert_eq!(back.collections, ["Later"]);
        assert!(back.members.is_empty());
    }
}
