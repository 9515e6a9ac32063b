//! The reader's memory as the window holds it: highlights, entry notes,
//! collections and reading positions. They are read from the library
//! database (`hotline::db`) on a thread of their own when the window opens,
//! and every change is written back on that thread, so no frame waits for
//! the disk. The window shows its copy at once (a new highlight has a
//! stand-in id until the database gives it one); the thread keeps the file
//! in step, in the order the changes were made.

use hotline::Archive;
use hotline::db::{Anchor, Colour, Highlight, Library};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

/// Where the window keeps its memory.
#[derive(Debug, Clone)]
pub enum Store {
    /// The database file at this path (the app).
    File(PathBuf),
    /// A database in memory, gone with the window (tests; a system with
    /// no data folder).
    Memory,
}

/// One collection as the window shows it: its name and its entries' ids
/// in the reader's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Members {
    pub name: String,
    pub ids: Vec<String>,
}

/// A change to the collections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CollectionChange {
    Create(String),
    Rename {
        from: String,
        to: String,
    },
    Delete(String),
    Add {
        name: String,
        ids: Vec<String>,
    },
    Remove {
        name: String,
        ids: Vec<String>,
    },
    /// Moves the entry to place `to` (0 is first).
    Move {
        name: String,
        id: String,
        to: usize,
    },
}

enum Job {
    Add {
        temp: i64,
        entry: String,
        anchor: Anchor,
        colour: Colour,
        note: String,
    },
    Update {
        id: i64,
        colour: Colour,
        note: String,
    },
    Delete(i64),
    EntryNote {
        entry: String,
        note: String,
    },
    Positions(Vec<(String, f32)>),
    Collection(CollectionChange),
    /// The archive on show: the data of entries an edit gave new ids
    /// follows them, and where each entry came from is recorded.
    Reconcile(Arc<Archive>),
    /// Answered once every job before it is done.
    Flush(Sender<()>),
}

/// What the database holds, read at once.
#[derive(Default)]
struct Snapshot {
    highlights: Vec<Highlight>,
    notes: Vec<(String, String)>,
    collections: Vec<Members>,
    positions: Vec<(String, f32)>,
}

enum Reply {
    Opened(Box<Snapshot>, Option<String>),
    /// What the database holds after marks followed their entries, and
    /// what to tell the reader.
    Reloaded(Box<Snapshot>, Option<String>),
    /// The stand-in id `temp` is `id` in the database.
    Stored {
        temp: i64,
        id: i64,
    },
    Collections(Vec<Members>),
    Failed(String),
}

/// Whether the database has been read yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ready {
    Opening,
    Open,
}

/// How long a reading position waits before it is written, so scrolling
/// writes once it settles rather than every frame.
const POSITION_DELAY: f64 = 1.0;

/// The window's copy of the reader's memory and its writer thread.
pub struct Memory {
    jobs: Option<Sender<Job>>,
    replies: Receiver<Reply>,
    thread: Option<JoinHandle<()>>,
    pub ready: Ready,
    /// Highlights by entry id, each entry's in the order of their place.
    highlights: HashMap<String, Vec<Highlight>>,
    notes: HashMap<String, String>,
    pub collections: Vec<Members>,
    positions: HashMap<String, f32>,
    /// Positions changed and not yet written, and when the first changed
    /// (egui seconds).
    unsaved: HashMap<String, f32>,
    unsaved_since: Option<f64>,
    /// Positions set before the database was read (the state file's, moved
    /// in once it is).
    early: Vec<(String, f32)>,
    /// What the reader should know: the database was set aside, or cannot
    /// be written.
    pub problem: Option<String>,
    next_temp: i64,
    /// Stand-in ids and the ids the database gave them.
    stored: HashMap<i64, i64>,
    /// Moves on every change to the highlights, notes and collections (not
    /// the reading positions), for views that keep what they made of them.
    revision: u64,
}

impl Default for Memory {
    fn default() -> Self {
        Memory::start(Store::Memory)
    }
}

impl Memory {
    /// Opens `store` on the memory's own thread; [`Memory::poll`] takes
    /// what it read.
    pub fn start(store: Store) -> Memory {
        let (jobs, job_rx) = channel();
        let (reply_tx, replies) = channel();
        let thread = std::thread::Builder::new()
            .name("hotline-memory".into())
            .spawn(move || keep(store, job_rx, reply_tx))
            .ok();
        let problem = thread
            .is_none()
            .then(|| "Highlights and notes cannot be kept: no thread could be started.".into());
        Memory {
            jobs: thread.is_some().then_some(jobs),
            replies,
            thread,
            ready: Ready::Opening,
            highlights: HashMap::new(),
            notes: HashMap::new(),
            collections: Vec::new(),
            positions: HashMap::new(),
            unsaved: HashMap::new(),
            unsaved_since: None,
            early: Vec::new(),
            problem,
            next_temp: -1,
            stored: HashMap::new(),
            revision: 0,
        }
    }

    /// Takes the thread's replies; writes positions that have settled.
    /// Returns whether anything shown changed.
    pub fn poll(&mut self, now: f64) -> bool {
        let mut changed = false;
        while let Ok(reply) = self.replies.try_recv() {
            changed = true;
            self.revision += 1;
            match reply {
                Reply::Opened(snapshot, note) => self.adopt(*snapshot, note),
                Reply::Reloaded(snapshot, note) => self.reload(*snapshot, note),
                Reply::Stored { temp, id } => {
                    self.stored.insert(temp, id);
                    for h in self.highlights.values_mut().flatten() {
                        if h.id == temp {
                            h.id = id;
                        }
                    }
                }
                Reply::Collections(c) => self.collections = c,
                Reply::Failed(why) => self.problem = Some(why),
            }
        }
        if self
            .unsaved_since
            .is_some_and(|t| now - t >= POSITION_DELAY)
        {
            self.write_positions();
        }
        changed
    }

    fn adopt(&mut self, s: Snapshot, note: Option<String>) {
        self.ready = Ready::Open;
        if note.is_some() {
            self.problem = note;
        }
        let mut by_entry: HashMap<String, Vec<Highlight>> = HashMap::new();
        for h in s.highlights {
            by_entry.entry(h.entry.clone()).or_default().push(h);
        }
        for list in by_entry.values_mut() {
            list.sort_by_key(|h| (h.anchor.start, h.id));
        }
        // What was made while the file was being read stays.
        for (entry, list) in self.highlights.drain() {
            by_entry.entry(entry).or_default().extend(list);
        }
        self.highlights = by_entry;
        let notes = std::mem::take(&mut self.notes);
        self.notes = s.notes.into_iter().collect();
        self.notes.extend(notes);
        self.collections = s.collections;
        let mut positions: HashMap<String, f32> = s.positions.into_iter().collect();
        // The state file's positions move in where the database has none.
        let early: Vec<(String, f32)> = std::mem::take(&mut self.early)
            .into_iter()
            .filter(|(id, _)| !positions.contains_key(id))
            .collect();
        for (id, offset) in &early {
            positions.insert(id.clone(), *offset);
        }
        positions.extend(self.positions.drain());
        self.positions = positions;
        if !early.is_empty() {
            self.send(Job::Positions(early));
        }
    }

    /// Takes the database's data after marks followed their entries;
    /// highlights made since (still with stand-in ids) stay.
    fn reload(&mut self, s: Snapshot, note: Option<String>) {
        let waiting: Vec<Highlight> = self
            .highlights
            .drain()
            .flat_map(|(_, l)| l)
            .filter(|h| h.id < 0 && !self.stored.contains_key(&h.id))
            .collect();
        for h in s.highlights.into_iter().chain(waiting) {
            self.highlights.entry(h.entry.clone()).or_default().push(h);
        }
        for list in self.highlights.values_mut() {
            list.sort_by_key(|h| (h.anchor.start, h.id));
        }
        self.notes = s.notes.into_iter().collect();
        self.collections = s.collections;
        for (id, offset) in s.positions {
            self.positions.entry(id).or_insert(offset);
        }
        if note.is_some() {
            self.problem = note;
        }
    }

    /// The archive on show changed: the memory's data follows entries an
    /// edit gave new ids (on the memory's thread).
    pub fn follow(&mut self, archive: Arc<Archive>) {
        self.send(Job::Reconcile(archive));
    }

    fn send(&mut self, job: Job) {
        // A reading position changes nothing the views make of the marks.
        if !matches!(job, Job::Positions(_)) {
            self.revision += 1;
        }
        let sent = self.jobs.as_ref().is_some_and(|tx| tx.send(job).is_ok());
        if !sent && self.problem.is_none() {
            self.problem = Some("Highlights and notes cannot be saved: the writer stopped.".into());
        }
    }

    /// Moves on every change to the highlights, notes and collections.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The highlights of the entry `id`, in the order of their place.
    pub fn highlights_of(&self, id: &str) -> &[Highlight] {
        self.highlights.get(id).map_or(&[], Vec::as_slice)
    }

    /// Every highlight, by entry.
    pub fn all_highlights(&self) -> impl Iterator<Item = &Highlight> {
        self.highlights.values().flatten()
    }

    /// The id a highlight has now: a stand-in id becomes the database's
    /// once it is stored.
    pub fn resolve(&self, id: i64) -> i64 {
        self.stored.get(&id).copied().unwrap_or(id)
    }

    /// How many highlights there are (a sum over the entries that have
    /// any, not a walk over every highlight: the sidebar asks each frame).
    pub fn highlight_count(&self) -> usize {
        self.highlights.values().map(Vec::len).sum()
    }

    /// The highlight `id`, wherever it is.
    pub fn highlight(&self, id: i64) -> Option<&Highlight> {
        let id = self.resolve(id);
        self.all_highlights().find(|h| h.id == id)
    }

    /// Marks a passage of `entry`; returns the new highlight's id (a
    /// stand-in until the database has stored it).
    pub fn add_highlight(&mut self, entry: &str, anchor: Anchor, colour: Colour) -> i64 {
        let temp = self.next_temp;
        self.next_temp -= 1;
        let now = unix_now();
        let h = Highlight {
            id: temp,
            entry: entry.to_string(),
            anchor: anchor.clone(),
            colour,
            note: String::new(),
            created: now,
            updated: now,
            orphan: false,
        };
        let list = self.highlights.entry(entry.to_string()).or_default();
        let at = list.partition_point(|o| o.anchor.start <= anchor.start);
        list.insert(at, h);
        self.send(Job::Add {
            temp,
            entry: entry.to_string(),
            anchor,
            colour,
            note: String::new(),
        });
        temp
    }

    /// Changes a highlight's colour and note.
    pub fn update_highlight(&mut self, id: i64, colour: Colour, note: &str) {
        let id = self.resolve(id);
        let Some(h) = self.highlights.values_mut().flatten().find(|h| h.id == id) else {
            return;
        };
        if h.colour == colour && h.note == note {
            return;
        }
        h.colour = colour;
        h.note = note.to_string();
        h.updated = unix_now();
        self.send(Job::Update {
            id,
            colour,
            note: note.to_string(),
        });
    }

    pub fn delete_highlight(&mut self, id: i64) {
        let id = self.resolve(id);
        let mut found = false;
        for list in self.highlights.values_mut() {
            let before = list.len();
            list.retain(|h| h.id != id);
            found |= list.len() != before;
        }
        self.highlights.retain(|_, l| !l.is_empty());
        if found {
            self.send(Job::Delete(id));
        }
    }

    /// Every entry's highlights and note as an export carries them.
    pub fn export_marks(&self) -> hotline::export::Marks {
        let mut marks = hotline::export::Marks::default();
        let ids: std::collections::HashSet<&String> =
            self.highlights.keys().chain(self.notes.keys()).collect();
        for id in ids {
            let m = hotline::export::EntryMarks {
                highlights: self.highlights_of(id).to_vec(),
                note: self.notes.get(id).cloned(),
            };
            marks.insert(id, m);
        }
        marks
    }

    /// The note about the whole of entry `id`.
    pub fn entry_note(&self, id: &str) -> Option<&str> {
        self.notes.get(id).map(String::as_str)
    }

    /// Sets the note about entry `id`; an empty one removes it.
    pub fn set_entry_note(&mut self, id: &str, note: &str) {
        let note = note.trim_end();
        if self.entry_note(id).unwrap_or("") == note {
            return;
        }
        if note.trim().is_empty() {
            self.notes.remove(id);
        } else {
            self.notes.insert(id.to_string(), note.to_string());
        }
        self.send(Job::EntryNote {
            entry: id.to_string(),
            note: note.to_string(),
        });
    }

    /// Where the reader left entry `id` (0 at the top).
    pub fn position(&self, id: &str) -> f32 {
        self.positions.get(id).copied().unwrap_or(0.0)
    }

    /// Keeps the reader's place in entry `id`; it is written once the
    /// scrolling has settled for a second.
    pub fn set_position(&mut self, id: &str, offset: f32, now: f64) {
        self.positions.insert(id.to_string(), offset);
        self.unsaved.insert(id.to_string(), offset);
        self.unsaved_since.get_or_insert(now);
    }

    /// Positions kept by an older window in its state file: used where the
    /// database has none, and moved into it.
    pub fn take_old_positions(&mut self, old: impl IntoIterator<Item = (String, f32)>) {
        let old: Vec<(String, f32)> = old.into_iter().collect();
        if old.is_empty() {
            return;
        }
        match self.ready {
            Ready::Opening => {
                for (id, offset) in &old {
                    self.positions.entry(id.clone()).or_insert(*offset);
                }
                self.early.extend(old);
            }
            Ready::Open => {
                let new: Vec<(String, f32)> = old
                    .into_iter()
                    .filter(|(id, _)| !self.positions.contains_key(id))
                    .collect();
                for (id, offset) in &new {
                    self.positions.insert(id.clone(), *offset);
                }
                self.send(Job::Positions(new));
            }
        }
    }

    fn write_positions(&mut self) {
        self.unsaved_since = None;
        let unsaved: Vec<(String, f32)> = self.unsaved.drain().collect();
        if !unsaved.is_empty() {
            self.send(Job::Positions(unsaved));
        }
    }

    /// The collection named `name` (without regard to case).
    pub fn collection(&self, name: &str) -> Option<&Members> {
        self.collections
            .iter()
            .find(|c| c.name.to_lowercase() == name.to_lowercase())
    }

    /// Changes the collections; the window shows the result once the
    /// database has it (a refused change becomes the memory's problem).
    pub fn change_collections(&mut self, change: CollectionChange) {
        self.send(Job::Collection(change));
    }

    /// Writes what is waiting and lets the thread finish: the window is
    /// closing.
    pub fn finish(&mut self) {
        self.write_positions();
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            thread.join().ok();
        }
    }

    /// Waits until the thread has done every change sent so far, then
    /// takes its replies (tests and the benchmark).
    pub fn settle(&mut self) {
        let (tx, rx) = channel();
        if let Some(jobs) = &self.jobs
            && jobs.send(Job::Flush(tx)).is_ok()
        {
            rx.recv_timeout(std::time::Duration::from_secs(300)).ok();
        }
        self.poll(f64::MAX);
    }
}

impl Drop for Memory {
    fn drop(&mut self) {
        self.write_positions();
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The memory's thread: opens the store, sends what it holds, then does
/// each change in order until the window lets go of it.
fn keep(store: Store, jobs: Receiver<Job>, replies: Sender<Reply>) {
    let (db, note) = open(&store);
    let Some(mut db) = db else {
        replies.send(Reply::Opened(Box::default(), note)).ok();
        // Nothing can be kept: the jobs are taken and dropped.
        for _ in jobs {}
        return;
    };
    let snapshot = read(&mut db).unwrap_or_else(|e| {
        replies
            .send(Reply::Failed(format!(
                "Highlights and notes cannot be read: {e}"
            )))
            .ok();
        Snapshot::default()
    });
    if replies
        .send(Reply::Opened(Box::new(snapshot), note))
        .is_err()
    {
        return;
    }
    let mut stored: HashMap<i64, i64> = HashMap::new();
    let mut archive: Option<Arc<Archive>> = None;
    // Entries newly referred to have their origin recorded (so an edit
    // of their file later can be followed) once the jobs sent together
    // are done, not after each of them.
    let mut unrecorded = false;
    loop {
        let job = if unrecorded {
            match jobs.try_recv() {
                Ok(job) => job,
                Err(gone) => {
                    record(&mut db, archive.as_deref());
                    unrecorded = false;
                    match gone {
                        std::sync::mpsc::TryRecvError::Empty => continue,
                        std::sync::mpsc::TryRecvError::Disconnected => return,
                    }
                }
            }
        } else {
            match jobs.recv() {
                Ok(job) => job,
                Err(_) => return,
            }
        };
        // A new archive, or a wait for everything sent, first records the
        // origins the jobs before it referred to: the new archive can only
        // follow entries whose origin is known.
        if unrecorded && matches!(job, Job::Reconcile(_) | Job::Flush(_)) {
            record(&mut db, archive.as_deref());
            unrecorded = false;
        }
        let refers = matches!(
            job,
            Job::Add { .. } | Job::EntryNote { .. } | Job::Collection(_)
        );
        let real = |id: i64, stored: &HashMap<i64, i64>| stored.get(&id).copied().unwrap_or(id);
        let outcome: Result<(), String> = match job {
            Job::Add {
                temp,
                entry,
                anchor,
                colour,
                note,
            } => match db.add_highlight(&entry, anchor, colour, &note) {
                Ok(h) => {
                    stored.insert(temp, h.id);
                    replies.send(Reply::Stored { temp, id: h.id }).ok();
                    Ok(())
                }
                Err(e) => Err(e.to_string()),
            },
            Job::Update { id, colour, note } => db
                .update_highlight(real(id, &stored), colour, &note)
                .map(drop)
                .map_err(|e| e.to_string()),
            Job::Delete(id) => db
                .delete_highlight(real(id, &stored))
                .map(drop)
                .map_err(|e| e.to_string()),
            Job::EntryNote { entry, note } => {
                db.set_entry_note(&entry, &note).map_err(|e| e.to_string())
            }
            Job::Positions(list) => list
                .iter()
                .try_for_each(|(id, offset)| db.set_position(id, *offset))
                .map_err(|e| e.to_string()),
            Job::Collection(change) => {
                let done = change_collection(&mut db, &change);
                match collections(&mut db) {
                    Ok(c) => {
                        replies.send(Reply::Collections(c)).ok();
                    }
                    Err(e) => {
                        replies.send(Reply::Failed(e.to_string())).ok();
                    }
                }
                done
            }
            Job::Reconcile(shown) => {
                let outcome = follow(&mut db, &shown, &replies);
                archive = Some(shown);
                outcome
            }
            Job::Flush(done) => {
                done.send(()).ok();
                Ok(())
            }
        };
        if let Err(why) = outcome {
            replies
                .send(Reply::Failed(format!("Not saved: {why}")))
                .ok();
        }
        unrecorded |= refers;
    }
}

/// Records the origins of the entries the data refers to in `shown`.
fn record(db: &mut Library, shown: Option<&Archive>) {
    if let Some(shown) = shown {
        hotline::marks::follow::reconcile(db, shown).ok();
    }
}

/// Moves the data of entries an edit gave new ids; when anything moved,
/// sends what the database holds now.
fn follow(db: &mut Library, archive: &Archive, replies: &Sender<Reply>) -> Result<(), String> {
    let report = hotline::marks::follow::reconcile(db, archive).map_err(|e| e.to_string())?;
    if report.followed + report.moved + report.orphaned > 0 {
        let snapshot = read(db).map_err(|e| e.to_string())?;
        replies
            .send(Reply::Reloaded(Box::new(snapshot), report.message()))
            .ok();
    }
    Ok(())
}

/// The database of `store`, or one in memory with a message when the file
/// cannot be used (the window keeps working; nothing is deleted).
fn open(store: &Store) -> (Option<Library>, Option<String>) {
    let in_memory = |why: Option<String>| match Library::in_memory() {
        Ok(db) => (Some(db), why),
        Err(e) => (
            None,
            Some(format!("Highlights and notes cannot be kept: {e}")),
        ),
    };
    match store {
        Store::Memory => in_memory(None),
        Store::File(path) => match Library::open(path) {
            Ok(opened) => {
                let note = opened.set_aside.map(|aside| {
                    format!(
                        "The library database was damaged: it was set aside as {} and a new one started.",
                        aside.display()
                    )
                });
                (Some(opened.library), note)
            }
            Err(e) => in_memory(Some(format!(
                "{e}. Highlights and notes made now are kept only until the window closes."
            ))),
        },
    }
}

fn read(db: &mut Library) -> Result<Snapshot, hotline::db::DbError> {
    Ok(Snapshot {
        highlights: db.all_highlights()?,
        notes: (db.entry_notes()?.into_iter())
            .map(|(entry, note, _)| (entry, note))
            .collect(),
        collections: collections(db)?,
        positions: db.positions()?,
    })
}

fn collections(db: &mut Library) -> Result<Vec<Members>, hotline::db::DbError> {
    let mut out = Vec::new();
    for c in db.collections()? {
        let ids = db.collection_entries(&c.name).unwrap_or_default();
        out.push(Members { name: c.name, ids });
    }
    Ok(out)
}

fn change_collection(db: &mut Library, change: &CollectionChange) -> Result<(), String> {
    fn ids(ids: &[String]) -> Vec<&str> {
        ids.iter().map(String::as_str).collect()
    }
    let done = match change {
        CollectionChange::Create(name) => db.create_collection(name).map(drop),
        CollectionChange::Rename { from, to } => db.rename_collection(from, to),
        // The empty name is `settle`'s marker, never a collection.
        CollectionChange::Delete(name) if name.is_empty() => return Err(String::new()),
        CollectionChange::Delete(name) => db.delete_collection(name),
        CollectionChange::Add { name, ids: add } => {
            if db.collection_entries(name).is_err() {
                db.create_collection(name).map_err(|e| e.to_string())?;
            }
            db.add_to_collection(name, &ids(add)).map(drop)
        }
        CollectionChange::Remove { name, ids: remove } => {
            db.remove_from_collection(name, &ids(remove)).map(drop)
        }
        CollectionChange::Move { name, id, to } => db.move_in_collection(name, id, *to),
    };
    done.map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor(quote: &str) -> Anchor {
        Anchor {
            quote: quote.into(),
            prefix: String::new(),
            suffix: String::new(),
            start: 0,
            end: quote.len() as u64,
            text_hash: 7,
        }
    }

    #[test]
    fn what_one_window_keeps_the_next_one_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.sqlite");
        let mut m = Memory::start(Store::File(path.clone()));
        m.settle();
        assert_eq!(m.ready, Ready::Open);
        let id = m.add_highlight("e", anchor("a passage"), Colour::Green);
        // Changed before the database answered: the change follows it.
        m.update_highlight(id, Colour::Pink, "why it matters");
        m.set_entry_note("e", "about e");
        m.set_position("e", 321.0, 0.0);
        m.change_collections(CollectionChange::Add {
            name: "Reading list".into(),
            ids: vec!["e".into(), "f".into()],
        });
        m.finish();
        assert!(m.problem.is_none(), "{:?}", m.problem);

        let mut again = Memory::start(Store::File(path));
        again.settle();
        let h = &again.highlights_of("e")[0];
        assert!(h.id > 0);
        assert_eq!(
            (h.colour, h.note.as_str()),
            (Colour::Pink, "why it matters")
        );
        assert_eq!(h.anchor.quote, "a passage");
        assert_eq!(again.entry_note("e"), Some("about e"));
        assert_eq!(again.position("e"), 321.0);
        let list = again.collection("reading list").unwrap();
        assert_eq!(list.ids, ["e", "f"]);
    }

    #[test]
    fn a_damaged_database_is_set_aside_with_a_message_and_the_window_keeps_working() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.sqlite");
        std::fs::write(&path, b"not a database at all, just some bytes".repeat(200)).unwrap();
        let mut m = Memory::start(Store::File(path.clone()));
        m.settle();
        let problem = m.problem.clone().unwrap_or_default();
        assert!(problem.contains("set aside"), "{problem}");
        m.add_highlight("e", anchor("kept"), Colour::Yellow);
        m.settle();
        assert!(m.highlights_of("e")[0].id > 0);
        let aside = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .any(|f| f.file_name().to_string_lossy().contains(".damaged"));
        assert!(aside, "the damaged file is kept");
    }

    #[test]
    fn a_database_that_cannot_be_made_leaves_highlights_in_the_window_with_a_message() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, b"x").unwrap();
        let mut m = Memory::start(Store::File(blocker.join("library.sqlite")));
        m.settle();
        let problem = m.problem.clone().unwrap_or_default();
        assert!(
            problem.contains("kept only until the window closes"),
            "{problem}"
        );
        m.add_highlight("e", anchor("still shown"), Colour::Blue);
        m.settle();
        assert_eq!(m.highlights_of("e").len(), 1);
    }

    #[test]
    fn a_highlight_made_in_the_window_follows_its_entry_when_the_file_is_edited() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("articles");
        std::fs::create_dir_all(&folder).unwrap();
        let file = folder.join("mill.md");
        let body = "The mill stood by the river for a hundred years before the flood.";
        std::fs::write(&file, format!("---\ntitle: Mill\n---\n\n{body}\n")).unwrap();
        let load = || {
            let opts = hotline::LoadOptions {
                builtin: false,
                folders: vec![folder.clone()],
                ..hotline::LoadOptions::default()
            };
            Arc::new(hotline::load(&opts, &hotline::Progress::default()).unwrap())
        };
        let first = load();
        let entry = first.entries()[0].clone();
        // An edit before the passage gives the entry a new id.
        std::fs::write(
            &file,
            format!("---\ntitle: Mill\n---\n\nA new opening.\n\n{body}\n"),
        )
        .unwrap();
        let second = load();
        let edited = second.entries()[0].id.clone();
        assert_ne!(edited, entry.id);
        let text = hotline::marks::EntryText::of(&entry);
        let at = text.as_str().find("hundred years").unwrap();
        let anchor = hotline::marks::anchor::make(&text, at..at + "hundred years".len());
        // Sent back to back, as a reload soon after a highlight sends them:
        // the thread takes the edited archive before it is idle.
        let mut m = Memory::start(Store::File(dir.path().join("library.sqlite")));
        m.follow(first);
        m.add_highlight(&entry.id, anchor, Colour::Blue);
        m.follow(second);
        m.settle();
        assert!(m.highlights_of(&entry.id).is_empty());
        let followed = m.highlights_of(&edited);
        assert_eq!(followed.len(), 1, "the highlight follows the edited entry");
        assert_eq!(followed[0].anchor.quote, "hundred years");
        assert!(!followed[0].orphan);
    }

    #[test]
    fn positions_from_an_older_state_file_move_in_where_the_database_has_none() {
        let mut m = Memory::start(Store::Memory);
        m.take_old_positions([("a".to_string(), 50.0)]);
        assert_eq!(m.position("a"), 50.0, "usable before the database is read");
        m.settle();
        assert_eq!(m.position("a"), 50.0);
    }
}
