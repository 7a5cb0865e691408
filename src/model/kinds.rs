//! Every kind of item a strategy has (priority, action, partner, council seat ...), declared once.
//!
//! A kind is a model type that implements [`Kind`]: its [`KindSpec`] says, as plain data, what it
//! is called in messages, which data file defines its ids and where each language writes its
//! words (under a key of a section page's front matter, or of `labels.yaml`); its methods say how
//! to reach its items in the [`Strategy`] and its texts in a [`LanguageContent`], and those of
//! [`KindFiles`] how to reach its ids in the parsed data file and its words in a parsed page.
//! The type makes references typed: [`Id<Action>`](Id) can only index actions, and
//! [`Texts<Action>`](Texts) holds each language's action texts aligned to `Strategy::actions`.
//!
//! The registries, the joining of words to ids, the report of missing and stale words and the
//! check that words sit in the right page are loops over [`for_each_kind`]. A kind kept as a list
//! in a data file of its own, named in `labels.yaml` and shown as a table (service locations,
//! outreach activities) is declared in one module of [`super::lists`], and needs nothing here.

use std::collections::HashMap;
use std::marker::PhantomData;

use super::data::DataFiles;
use super::registry::Registry;
use super::text::WorkingGroupText;
use super::text::{ActionText, FrontMatter, IndicatorText, LabelsText, PriorityText};
use super::*;
use crate::diagnostics::SourceFile;
use crate::yaml::{OrderedMap, Spanned};

/// Where each language writes the words of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordsAt {
    /// Under the kind's key in the front matter of this section's page.
    Page(Section),
    /// Under the kind's key in `labels.yaml`.
    Labels {
        /// `false` when an item can do without (a council seat is named by its partner).
        required: bool,
    },
}

/// What is known about a kind, as data.
#[derive(Debug, Clone, Copy)]
pub struct KindSpec {
    /// The kind in messages: `priority`, `research method`.
    pub name: &'static str,
    /// The data file (its name without `.yaml`) that defines the ids.
    pub data_file: &'static str,
    /// The key its words are written under: `priorities:`, `methods:`.
    pub key: &'static str,
    /// Where each language writes its words.
    pub words: WordsAt,
    /// Whether its words hold Markdown (which parts, its text type says).
    pub markdown: bool,
    /// For items that `@kind/id` links can name: the prefix of the item's anchor on the page
    /// that shows it (`action-`).
    pub anchor: Option<&'static str>,
}

/// A part of an item's words written in Markdown, for the checks of its nesting and links.
pub struct MarkdownPart<'t> {
    /// What it is, before the item's kind and id in a message: `the summary of`; empty when
    /// it is the whole text.
    pub what: String,
    /// Its own key when it has one (a progress note's date); else it is at the item's id.
    pub key: Option<&'t Spanned<String>>,
    /// The Markdown, as written.
    pub text: &'t str,
}

/// One language's text for an item, as written under its id.
pub trait ItemText: Clone + std::fmt::Debug {
    /// The part a translation may leave empty (the default language's then shows), named as
    /// the translators' report names it: `summary` of a priority.
    const OPTIONAL: Option<&'static str> = None;

    /// The text of the optional part.
    fn optional(&self) -> &str {
        ""
    }

    /// Its parts in Markdown, when its kind's words hold Markdown.
    fn markdown(&self) -> Vec<MarkdownPart<'_>> {
        Vec::new()
    }
}

/// A part at the item's id, named `what`.
fn part<'t>(what: &str, text: &'t str) -> MarkdownPart<'t> {
    MarkdownPart {
        what: what.to_string(),
        key: None,
        text,
    }
}

impl ItemText for String {
    fn markdown(&self) -> Vec<MarkdownPart<'_>> {
        vec![part("", self)]
    }
}

impl ItemText for PriorityText {
    const OPTIONAL: Option<&'static str> = Some("summary");
    fn optional(&self) -> &str {
        &self.summary
    }
    fn markdown(&self) -> Vec<MarkdownPart<'_>> {
        vec![part("the summary of", &self.summary)]
    }
}

impl ItemText for ActionText {
    const OPTIONAL: Option<&'static str> = Some("description");
    fn optional(&self) -> &str {
        &self.description
    }
    fn markdown(&self) -> Vec<MarkdownPart<'_>> {
        let notes = self.progress.iter().map(|(date, note)| MarkdownPart {
            what: format!("the progress note of {} on", date.value),
            key: Some(date),
            text: note,
        });
        std::iter::once(part("the description of", &self.description))
            .chain(notes)
            .collect()
    }
}

impl ItemText for IndicatorText {
    const OPTIONAL: Option<&'static str> = Some("unit");
    fn optional(&self) -> &str {
        &self.unit_label
    }
}

impl ItemText for WorkingGroupText {
    const OPTIONAL: Option<&'static str> = Some("description");
    fn optional(&self) -> &str {
        &self.description
    }
    fn markdown(&self) -> Vec<MarkdownPart<'_>> {
        vec![part("the description of", &self.description)]
    }
}

/// A kind of item of the strategy: priorities, actions, partners, council seats ... Every model
/// type that is one ([`Priority`], [`Action`], [`Partner`] ...) implements it, so that an
/// [`Id<K>`](Id) finds its item in the [`Strategy`] and a [`Texts<K>`](Texts) holds each
/// language's words for the items of that kind.
pub trait Kind: Sized + 'static {
    /// What the kind is called, where its ids are defined and where its words are written.
    const SPEC: KindSpec;
    /// What one language writes for one item.
    type Text: ItemText;

    /// The items in the model, in the order their [`Id`]s index.
    fn items(s: &Strategy) -> &[Self];
    /// The item's id as written in the data.
    fn id(&self) -> &str;
    /// One language's texts of this kind.
    fn texts(c: &LanguageContent) -> &Texts<Self>;
    /// A name every language shows, written once in the data.
    fn proper_name(&self) -> Option<&ProperName> {
        None
    }
}

/// Where the join finds a kind in the repository's parsed files (its ids in the data file, its
/// words in a page's front matter or in `labels.yaml`), and where it puts the words it joined.
pub(crate) trait KindFiles: Kind {
    /// The file that defines the ids, and the ids as written, when the file was read.
    fn defined<'d>(d: &'d DataFiles) -> Option<(&'d SourceFile, Vec<&'d Spanned<String>>)>;
    /// One language's texts of this kind, to fill.
    fn texts_mut(c: &mut LanguageContent) -> &mut Texts<Self>;

    /// The block of words in a page's front matter, for kinds whose words are on a page.
    fn on_page(_front: &FrontMatter) -> Option<&Spanned<OrderedMap<Self::Text>>> {
        None
    }
    /// The block of words in `labels.yaml`, for kinds whose words are labels.
    fn in_labels(_labels: &LabelsText) -> Option<&OrderedMap<Self::Text>> {
        None
    }
}

/// Something done once for each kind: [`for_each_kind`] calls `kind` with every kind in turn.
pub(crate) trait EachKind {
    /// Does it for the kind `K`.
    fn kind<K: KindFiles>(&mut self);
}

/// Calls `each` with every kind: those with words on pages in the order of the site, then those
/// named in `labels.yaml` in the order of that file.
pub(crate) fn for_each_kind(each: &mut impl EachKind) {
    each.kind::<Priority>();
    each.kind::<Objective>();
    each.kind::<Action>();
    each.kind::<Outcome>();
    each.kind::<Indicator>();
    each.kind::<Figure>();
    each.kind::<Area>();
    each.kind::<WorkingGroup>();
    each.kind::<Partner>();
    each.kind::<Source>();
    each.kind::<ResearchMethod>();
    each.kind::<SpendingCategory>();
    each.kind::<Sector>();
    each.kind::<Seat>();
    super::lists::each_kind(each);
}

/// Every kind's spec, in the order of [`for_each_kind`].
pub(crate) fn specs() -> Vec<KindSpec> {
    struct Collect(Vec<KindSpec>);
    impl EachKind for Collect {
        fn kind<K: KindFiles>(&mut self) {
            self.0.push(K::SPEC);
        }
    }
    let mut all = Collect(Vec::new());
    for_each_kind(&mut all);
    all.0
}

/// The kinds whose items `@kind/id` links can name: their name, the page that shows them and
/// the prefix of their anchors there.
pub(crate) fn addressable() -> Vec<(&'static str, Section, &'static str)> {
    specs()
        .into_iter()
        .filter_map(|spec| match (spec.words, spec.anchor) {
            (WordsAt::Page(section), Some(prefix)) => Some((spec.name, section, prefix)),
            _ => None,
        })
        .collect()
}

/// The address of every item that `@kind/id` links can name: `action/welcome-desk`.
pub(crate) fn item_addresses(s: &Strategy) -> Vec<String> {
    struct Collect<'s>(&'s Strategy, Vec<String>);
    impl EachKind for Collect<'_> {
        fn kind<K: KindFiles>(&mut self) {
            if K::SPEC.anchor.is_some() {
                let name = K::SPEC.name;
                let items = K::items(self.0).iter();
                self.1
                    .extend(items.map(|item| format!("{name}/{}", item.id())));
            }
        }
    }
    let mut all = Collect(s, Vec::new());
    for_each_kind(&mut all);
    all.1
}

/// The Markdown texts of the items on a page, each with what it is (`the summary of priority
/// `housing``) and where.
pub(crate) fn markdown_texts(front: &FrontMatter) -> Vec<(String, crate::diagnostics::Pos, &str)> {
    struct Collect<'f>(
        &'f FrontMatter,
        Vec<(String, crate::diagnostics::Pos, &'f str)>,
    );
    impl<'f> EachKind for Collect<'f> {
        fn kind<K: KindFiles>(&mut self) {
            if !K::SPEC.markdown {
                return;
            }
            for (id, text) in K::on_page(self.0).iter().flat_map(|m| m.value.iter()) {
                for part in text.markdown() {
                    let item = format!("{} `{}`", K::SPEC.name, id.value);
                    let what = match part.what.as_str() {
                        "" => item,
                        what => format!("{what} {item}"),
                    };
                    let at = crate::yaml::pos_of(part.key.unwrap_or(id), 2);
                    self.1.push((what, at, part.text));
                }
            }
        }
    }
    let mut all = Collect(front, Vec::new());
    for_each_kind(&mut all);
    all.1
}

/// A reference to one item of kind `K`: its position in the strategy's list of that kind. An
/// action's lead is an `Id<Partner>`: [`Id::of`] gives the partner.
pub struct Id<K>(usize, PhantomData<fn() -> K>);

impl<K> Id<K> {
    /// The id of the item at `index` of its list.
    pub(crate) fn new(index: usize) -> Self {
        Id(index, PhantomData)
    }

    /// The item's position in the strategy's list of its kind.
    pub fn index(self) -> usize {
        self.0
    }

    /// Every item of a list with its id.
    pub fn each(list: &[K]) -> impl Iterator<Item = (Id<K>, &K)> {
        list.iter().enumerate().map(|(i, item)| (Id::new(i), item))
    }
}

impl<K: Kind> Id<K> {
    /// The item this id refers to. Ids are only made by the join and by [`Id::each`], from the
    /// same lists.
    pub fn of(self, s: &Strategy) -> &K {
        &K::items(s)[self.0]
    }
}

impl<K> Clone for Id<K> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K> Copy for Id<K> {}
impl<K> PartialEq for Id<K> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<K> Eq for Id<K> {}
impl<K> PartialOrd for Id<K> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<K> Ord for Id<K> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.cmp(&other.0)
    }
}
impl<K> std::hash::Hash for Id<K> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state)
    }
}
impl<K> std::fmt::Debug for Id<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Id({})", self.0)
    }
}

/// One language's texts of a kind, aligned to the kind's items: `None` where it has none.
pub struct Texts<K: Kind>(Vec<Option<K::Text>>);

impl<K: Kind> Texts<K> {
    /// The texts of `map` (by id as written), in the order of the items of `s`. `reg` matches an
    /// id however it was written.
    pub(super) fn aligned(s: &Strategy, reg: &Registry, mut map: HashMap<String, K::Text>) -> Self {
        let mut by_entry: HashMap<usize, K::Text> = HashMap::new();
        for (id, text) in map.drain() {
            if let Some(entry) = reg.get(&id) {
                by_entry.insert(entry, text);
            }
        }
        let texts = K::items(s)
            .iter()
            .map(|item| reg.get(item.id()).and_then(|e| by_entry.remove(&e)))
            .collect();
        Texts(texts)
    }

    /// The text for the item `id`, if this language has one.
    pub fn get(&self, id: Id<K>) -> Option<&K::Text> {
        self.0.get(id.0).and_then(Option::as_ref)
    }
}

impl<K: Kind> Default for Texts<K> {
    fn default() -> Self {
        Texts(Vec::new())
    }
}
impl<K: Kind> Clone for Texts<K> {
    fn clone(&self) -> Self {
        Texts(self.0.clone())
    }
}
impl<K: Kind> std::fmt::Debug for Texts<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.0).finish()
    }
}

/// The ids of `list` by `id`, with the file they are in.
fn ids_of<'d, T>(
    file: &'d Option<(&'d SourceFile, T)>,
    list: impl Fn(&'d T) -> Vec<&'d Spanned<String>>,
) -> Option<(&'d SourceFile, Vec<&'d Spanned<String>>)> {
    file.as_ref().map(|(f, data)| (*f, list(data)))
}

/// Declares a kind: its [`KindSpec`], its text type, where its items are in the [`Strategy`],
/// the field of [`LanguageContent`] that holds its texts, where its ids are in the data files,
/// where its words are (`on_page`, or `in_labels: block` for `labels.yaml` under its key), and a
/// proper name when it may have one.
macro_rules! kind {
    (
        $kind:ty: $text:ty,
        spec: $spec:expr,
        items: |$s:ident| $items:expr,
        texts: $($field:ident).+,
        defined: |$d:ident| $defined:expr,
        $(on_page: |$f:ident| $on_page:expr,)?
        $(in_labels: $block:ident,)?
        $(proper_name: |$item:ident| $name:expr,)?
    ) => {
        impl Kind for $kind {
            const SPEC: KindSpec = $spec;
            type Text = $text;
            fn items($s: &Strategy) -> &[Self] {
                $items
            }
            fn id(&self) -> &str {
                &self.id
            }
            fn texts(c: &LanguageContent) -> &Texts<Self> {
                &c.$($field).+
            }
            $(fn proper_name(&self) -> Option<&ProperName> {
                let $item = self;
                $name
            })?
        }

        impl KindFiles for $kind {
            fn defined<'d>(
                $d: &'d DataFiles,
            ) -> Option<(&'d SourceFile, Vec<&'d Spanned<String>>)> {
                $defined
            }
            fn texts_mut(c: &mut LanguageContent) -> &mut Texts<Self> {
                &mut c.$($field).+
            }
            $(fn on_page($f: &FrontMatter) -> Option<&Spanned<OrderedMap<Self::Text>>> {
                $on_page
            })?
            $(fn in_labels(l: &LabelsText) -> Option<&OrderedMap<Self::Text>> {
                l.$block(Self::SPEC.key)
            })?
        }
    };
}

kind! { Priority: PriorityText,
    spec: KindSpec {
        name: "priority",
        data_file: "priorities",
        key: "priorities",
        words: WordsAt::Page(Section::Priorities),
        markdown: true,
        anchor: Some("priority-"),
    },
    items: |s| &s.priorities,
    texts: priorities,
    defined: |d| ids_of(&d.priorities, |l| l.iter().map(|p| &p.id).collect()),
    on_page: |f| f.priorities.as_ref(),
}

kind! { Objective: String,
    spec: KindSpec {
        name: "objective",
        data_file: "action-plan",
        key: "objectives",
        words: WordsAt::Page(Section::ActionPlan),
        markdown: false,
        anchor: Some("objective-"),
    },
    items: |s| &s.objectives,
    texts: objectives,
    defined: |d| ids_of(&d.action_plan, |a| a.objectives.iter().map(|o| &o.id).collect()),
    on_page: |f| f.objectives.as_ref(),
}

kind! { Action: ActionText,
    spec: KindSpec {
        name: "action",
        data_file: "action-plan",
        key: "actions",
        words: WordsAt::Page(Section::ActionPlan),
        markdown: true,
        anchor: Some("action-"),
    },
    items: |s| &s.actions,
    texts: actions,
    defined: |d| ids_of(&d.action_plan, |a| a.actions.iter().map(|x| &x.id).collect()),
    on_page: |f| f.actions.as_ref(),
}

kind! { Outcome: String,
    spec: KindSpec {
        name: "outcome",
        data_file: "evaluation",
        key: "outcomes",
        words: WordsAt::Page(Section::Evaluation),
        markdown: true,
        anchor: None,
    },
    items: |s| &s.outcomes,
    texts: outcomes,
    defined: |d| ids_of(&d.evaluation, |e| e.outcomes.iter().map(|o| &o.id).collect()),
    on_page: |f| f.outcomes.as_ref(),
}

kind! { Indicator: IndicatorText,
    spec: KindSpec {
        name: "indicator",
        data_file: "evaluation",
        key: "indicators",
        words: WordsAt::Page(Section::Evaluation),
        markdown: false,
        anchor: Some("indicator-"),
    },
    items: |s| &s.indicators,
    texts: indicators,
    defined: |d| ids_of(&d.evaluation, |e| e.indicators.iter().map(|i| &i.id).collect()),
    on_page: |f| f.indicators.as_ref(),
}

kind! { Figure: String,
    spec: KindSpec {
        name: "figure",
        data_file: "context",
        key: "figures",
        words: WordsAt::Page(Section::Context),
        markdown: false,
        anchor: None,
    },
    items: |s| &s.figures,
    texts: figures,
    defined: |d| ids_of(&d.context, |c| c.figures.iter().map(|f| &f.id).collect()),
    on_page: |f| f.figures.as_ref(),
}

kind! { Area: String,
    spec: KindSpec {
        name: "area",
        data_file: "context",
        key: "areas",
        words: WordsAt::Page(Section::Context),
        markdown: false,
        anchor: None,
    },
    items: |s| &s.areas,
    texts: areas,
    defined: |d| ids_of(&d.context, |c| c.areas.iter().map(|a| &a.id).collect()),
    on_page: |f| f.areas.as_ref(),
}

kind! { WorkingGroup: WorkingGroupText,
    spec: KindSpec {
        name: "working group",
        data_file: "council",
        key: "working_groups",
        words: WordsAt::Page(Section::Council),
        markdown: true,
        anchor: None,
    },
    items: |s| s.council.as_ref().map_or(&[], |c| &c.working_groups),
    texts: working_groups,
    defined: |d| ids_of(&d.council, |c| c.working_groups.iter().map(|w| &w.id).collect()),
    on_page: |f| f.working_groups.as_ref(),
}

kind! { Partner: String,
    spec: KindSpec {
        name: "partner",
        data_file: "partners",
        key: "partners",
        words: WordsAt::Labels { required: true },
        markdown: false,
        anchor: None,
    },
    items: |s| &s.partners,
    texts: labels.partners,
    defined: |d| ids_of(&d.partners, |l| l.iter().map(|p| &p.id).collect()),
    in_labels: block,
    proper_name: |item| item.name.as_ref(),
}

kind! { Source: String,
    spec: KindSpec {
        name: "source",
        data_file: "sources",
        key: "sources",
        words: WordsAt::Labels { required: true },
        markdown: false,
        anchor: None,
    },
    items: |s| &s.sources,
    texts: labels.sources,
    defined: |d| ids_of(&d.sources, |l| l.iter().map(|s| &s.id).collect()),
    in_labels: block,
    proper_name: |item| item.name.as_ref(),
}

kind! { ResearchMethod: String,
    spec: KindSpec {
        name: "research method",
        data_file: "research",
        key: "methods",
        words: WordsAt::Labels { required: true },
        markdown: false,
        anchor: None,
    },
    items: |s| &s.research,
    texts: labels.methods,
    defined: |d| ids_of(&d.research, |r| r.methods.iter().map(|m| &m.id).collect()),
    in_labels: block,
}

kind! { SpendingCategory: String,
    spec: KindSpec {
        name: "spending category",
        data_file: "spending",
        key: "spending",
        words: WordsAt::Labels { required: true },
        markdown: false,
        anchor: None,
    },
    items: |s| s.spending.as_ref().map_or(&[], |sp| &sp.categories),
    texts: labels.spending,
    defined: |d| ids_of(&d.spending, |s| s.categories.iter().collect()),
    in_labels: block,
}

kind! { Sector: String,
    spec: KindSpec {
        name: "council sector",
        data_file: "council",
        key: "sectors",
        words: WordsAt::Labels { required: true },
        markdown: false,
        anchor: None,
    },
    items: |s| s.council.as_ref().map_or(&[], |c| &c.sectors),
    texts: labels.sectors,
    defined: |d| ids_of(&d.council, |c| c.sectors.iter().collect()),
    in_labels: block,
}

kind! { Seat: String,
    spec: KindSpec {
        name: "council seat",
        data_file: "council",
        key: "seats",
        words: WordsAt::Labels { required: false },
        markdown: false,
        anchor: None,
    },
    items: |s| s.council.as_ref().map_or(&[], |c| &c.seats),
    texts: labels.seats,
    defined: |d| ids_of(&d.council, |c| c.seats.iter().map(|s| &s.id).collect()),
    in_labels: block,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_its_own_name_and_words_key() {
        let specs = specs();
        for (i, a) in specs.iter().enumerate() {
            for b in &specs[i + 1..] {
                assert_ne!(a.name, b.name);
                let same_place =
                    matches!(
                        (a.words, b.words),
                        (WordsAt::Labels { .. }, WordsAt::Labels { .. })
                    ) || matches!((a.words, b.words), (WordsAt::Page(_), WordsAt::Page(_)));
                assert!(!(same_place && a.key == b.key), "{} and {}", a.name, b.name);
            }
        }
    }
}
