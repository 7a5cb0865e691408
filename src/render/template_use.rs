//! What each template depends on: the templates it extends, includes or imports, and the parts of
//! the language view (`lang.<field>`) it reads. A page's fingerprint takes only those, so an edit
//! to one template, or to data only some pages show, re-renders only the pages that use it.
//!
//! Found by reading the templates' tags, conservatively: a template that names another in a way
//! that is not a plain string, or uses `lang` other than through one of its fields, depends on
//! every template or on the whole view.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::urls::PageKey;
use crate::diagnostics::SourceFile;

/// What one template, with everything it extends, includes or imports, depends on, for each
/// page it may render: a branch taken only for some pages (`{% if page.key == "vision" %}`) counts
/// only for them.
#[derive(Debug, Clone)]
pub(crate) struct TemplateUse {
    /// For a page whose key no such branch names.
    pub(crate) other: Use,
    /// For a page whose key a branch names, by that key (`vision`, `page/about`).
    by_key: HashMap<String, Use>,
}

/// What a template depends on for one page.
#[derive(Debug, Clone)]
pub(crate) struct Use {
    /// Unique among all uses made by this process, so that what a render works out from a use
    /// (the fingerprint of the fields it reads) can be kept by it.
    pub id: usize,
    /// A fingerprint of its text and the text of every template it uses.
    pub fingerprint: blake3::Hash,
    /// The fields of the language view it reads; `None` when it may read all of it.
    pub view_fields: Option<BTreeSet<String>>,
}

impl TemplateUse {
    /// What the template depends on when it renders the page `key`.
    pub(crate) fn for_page(&self, key: &PageKey) -> &Use {
        if self.by_key.is_empty() {
            return &self.other;
        }
        let name = match key {
            PageKey::Section(section) => std::borrow::Cow::Borrowed(section.file_stem()),
            other => std::borrow::Cow::Owned(other.name()),
        };
        self.by_key.get(name.as_ref()).unwrap_or(&self.other)
    }
}

/// What one template's own text names.
#[derive(Default)]
struct Named {
    templates: BTreeSet<String>,
    /// Whether it names a template other than by a plain string.
    any_template: bool,
    fields: BTreeSet<String>,
    whole_view: bool,
    /// What it names only in branches for one page key, by key.
    by_key: BTreeMap<String, Named>,
    /// Whether it gives the name `page` to something else (`{% for page in … %}`), so that
    /// `page.key` may not be the page's key in it or in what it includes.
    renames_page: bool,
}

impl Named {
    /// What is named for every page: the branches for one key too.
    fn flatten(&mut self) {
        for (_, mut branch) in std::mem::take(&mut self.by_key) {
            branch.flatten();
            self.templates.append(&mut branch.templates);
            self.fields.append(&mut branch.fields);
            self.any_template |= branch.any_template;
            self.whole_view |= branch.whole_view;
        }
    }
}

/// What every template depends on, by name.
pub(super) fn of(templates: &BTreeMap<String, SourceFile>) -> HashMap<String, TemplateUse> {
    let mut named: BTreeMap<&str, Named> = templates
        .iter()
        .map(|(name, file)| (name.as_str(), read_tags(&file.text)))
        .collect();
    // Where `page` may be something else, a branch on `page.key` says nothing of the page.
    if named.values().any(|n| n.renames_page) {
        named.values_mut().for_each(Named::flatten);
    }
    let keys: BTreeSet<&str> = named
        .values()
        .flat_map(|n| n.by_key.keys().map(String::as_str))
        .collect();
    templates
        .keys()
        .map(|name| {
            let other = closure(name, templates, &named, None);
            let by_key = keys
                .iter()
                .map(|k| (k.to_string(), closure(name, templates, &named, Some(k))))
                .filter(|(_, u)| {
                    (u.fingerprint, &u.view_fields) != (other.fingerprint, &other.view_fields)
                })
                .collect();
            (name.clone(), TemplateUse { other, by_key })
        })
        .collect()
}

/// The templates that show the view's `field` only through the template `part`, which they use,
/// and that are, with every template they use, `trusted` (the theme's own, whose `part` reads
/// nothing but the view and the page, and which set neither): their pages, after a change to
/// that field alone, differ from what they were only where `part` is. Found as `of` finds what
/// they read, every page's branches together: with `part` left out, they read neither `field`
/// nor the whole view, and name no template but by a plain string.
pub(super) fn through_part(
    templates: &BTreeMap<String, SourceFile>,
    (part, field): (&str, &str),
    trusted: &dyn Fn(&str) -> bool,
) -> BTreeSet<String> {
    let mut named: BTreeMap<&str, Named> = (templates.iter())
        .filter(|(name, _)| name.as_str() != part)
        .map(|(name, file)| (name.as_str(), read_tags(&file.text)))
        .collect();
    named.values_mut().for_each(Named::flatten);
    let others = |name: &str| closure(name, templates, &named, None);
    (templates.keys())
        .filter(|name| name.as_str() != part)
        .filter(|name| {
            let reaches_part = |n: &Named| n.templates.contains(part);
            let reached = reached_from(name, &named);
            let fields = others(name).view_fields;
            reached.iter().all(|r| trusted(r))
                && reached
                    .iter()
                    .any(|r| named.get(r.as_str()).is_some_and(reaches_part))
                && fields.is_some_and(|f| !f.contains(field))
        })
        .cloned()
        .collect()
}

/// The templates `name` extends, includes or imports, itself among them, and theirs in turn.
fn reached_from(name: &str, named: &BTreeMap<&str, Named>) -> BTreeSet<String> {
    let mut reached = BTreeSet::new();
    let mut todo = vec![name.to_string()];
    while let Some(next) = todo.pop() {
        if reached.insert(next.clone()) {
            todo.extend(
                named
                    .get(next.as_str())
                    .into_iter()
                    .flat_map(|n| n.templates.iter().cloned()),
            );
        }
    }
    reached
}

/// `name`'s use for a page with key `key` (one no branch names when `None`), with everything it
/// reaches.
fn closure(
    name: &str,
    templates: &BTreeMap<String, SourceFile>,
    named: &BTreeMap<&str, Named>,
    key: Option<&str>,
) -> Use {
    let mut reached = BTreeSet::new();
    let mut todo = vec![name.to_string()];
    let mut fields = Some(BTreeSet::new());
    let mut every_template = false;
    while let Some(next) = todo.pop() {
        if !reached.insert(next.clone()) {
            continue;
        }
        let Some(n) = named.get(next.as_str()) else {
            continue;
        };
        let branch = key.and_then(|k| n.by_key.get(k));
        for part in std::iter::once(n).chain(branch) {
            every_template |= part.any_template;
            match (&mut fields, part.whole_view) {
                (_, true) => fields = None,
                (Some(f), false) => f.extend(part.fields.iter().cloned()),
                (None, false) => {}
            }
            todo.extend(part.templates.iter().cloned());
        }
    }
    if every_template {
        reached = templates.keys().cloned().collect();
        fields = None;
    }
    let mut hasher = blake3::Hasher::new();
    for used in &reached {
        hasher.update(used.as_bytes());
        hasher.update(&[0]);
        let text = templates.get(used).map_or("", |f| &*f.text);
        hasher.update(text.as_bytes());
        hasher.update(&[0]);
    }
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    Use {
        id: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        fingerprint: hasher.finalize(),
        view_fields: fields,
    }
}

/// Reads the tags (`{{ }}` and `{% %}`) of a template's text; comments are skipped.
fn read_tags(text: &str) -> Named {
    let mut named = Named::default();
    // For each `if` the tags are in: the page key its current branch is for, if it is one.
    let mut branches: Vec<Option<String>> = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = match after.as_bytes().first() {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                rest = after;
                continue;
            }
        };
        let inner = &after[1..];
        let end = tag_end(inner, close);
        if close != "#}" {
            let tag = inner[..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
            // The tag counts where it is. An `elif`, `else` or `endif` ends the branch before it:
            // its condition counts for the pages of the branches around its `if`.
            let ends_branch = matches!(
                tag.split_whitespace().next(),
                Some("elif" | "else" | "endif")
            );
            let around =
                &branches[..branches.len() - usize::from(ends_branch && !branches.is_empty())];
            match around.iter().flatten().next() {
                Some(key) => read_tag(tag, named.by_key.entry(key.clone()).or_default()),
                None => read_tag(tag, &mut named),
            }
            named.renames_page |= renames_page(tag);
            follow_branches(tag, &mut branches);
        }
        rest = &inner[(end + close.len()).min(inner.len())..];
    }
    named
}

/// Keeps `branches` up to date after the tag: an `if` opens one, an `elif` or `else` goes on to
/// the next branch, an `endif` closes it.
fn follow_branches(tag: &str, branches: &mut Vec<Option<String>>) {
    let (keyword, condition) = tag.split_once(char::is_whitespace).unwrap_or((tag, ""));
    match keyword {
        "if" => branches.push(key_condition(condition)),
        "elif" => {
            if let Some(last) = branches.last_mut() {
                *last = key_condition(condition);
            }
        }
        // What no `page.key == …` branch took: any page.
        "else" => {
            if let Some(last) = branches.last_mut() {
                *last = None;
            }
        }
        "endif" => {
            branches.pop();
        }
        _ => {}
    }
}

/// The key in a condition that is exactly `page.key == "<key>"`.
fn key_condition(condition: &str) -> Option<String> {
    let (left, right) = condition.split_once("==")?;
    let literal = match (left.trim(), right.trim()) {
        ("page.key", other) | (other, "page.key") => other,
        _ => return None,
    };
    let quoted = literal.len() >= 2
        && ['"', '\'']
            .iter()
            .any(|&q| literal.starts_with(q) && literal.ends_with(q));
    let key = &literal[1..literal.len() - 1];
    (quoted && !key.contains(['"', '\'', '`'])).then(|| key.to_string())
}

/// Whether a tag may give the name `page` to something other than the page: a loop, a `set`, a
/// macro's argument that names `page` other than to read a field of it (`page.key`).
fn renames_page(tag: &str) -> bool {
    let keyword = tag.split_whitespace().next().unwrap_or("");
    if !matches!(keyword, "for" | "set" | "set_global" | "macro" | "with") {
        return false;
    }
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    tag.match_indices("page").any(|(at, _)| {
        let before = tag[..at].chars().next_back();
        let after = tag[at + "page".len()..].chars().next();
        !before.is_some_and(|c| is_ident(c) || c == '.')
            && !after.is_some_and(|c| is_ident(c) || c == '.')
    })
}

/// Where the tag that `inner` starts ends: at the first `close` outside a string literal (a
/// string may hold `}}`).
fn tag_end(inner: &str, close: &str) -> usize {
    let mut quote = None;
    for (at, c) in inner.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') && close != "#}" => quote = Some(c),
            None if inner[at..].starts_with(close) => return at,
            None => {}
        }
    }
    inner.len()
}

/// One tag's content: the templates it names, and how it uses `lang`.
fn read_tag(tag: &str, named: &mut Named) {
    let keyword = tag.split_whitespace().next().unwrap_or("");
    let names_template = matches!(keyword, "extends" | "include" | "import");
    let mut strings = Vec::new();
    let code = without_strings(tag, &mut strings);
    if names_template {
        let args = code[keyword.len()..].trim();
        // `include "a"`, `include ["a", "b"]`, `import "m" as m`: strings, brackets, commas, `as`.
        let plain = args
            .split(|c: char| c == '"' || c == '[' || c == ']' || c == ',' || c.is_whitespace())
            .all(|w| w.is_empty() || w == "as" || w == "ignore" || w == "missing" || is_alias(w));
        named.any_template |= !plain || strings.is_empty();
        named.templates.extend(strings);
    }
    if code.contains("__tera_context") {
        named.whole_view = true;
    }
    read_lang(&code, named);
}

/// After `import "m" as name`: the name.
fn is_alias(word: &str) -> bool {
    word.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// The tag with every string literal's content taken out into `strings` (the quotes stay).
fn without_strings(tag: &str, strings: &mut Vec<String>) -> String {
    let mut code = String::with_capacity(tag.len());
    let mut quote = None;
    let mut current = String::new();
    for c in tag.chars() {
        match quote {
            Some(q) if c == q => {
                strings.push(std::mem::take(&mut current));
                quote = None;
                code.push('"');
            }
            Some(_) => current.push(c),
            None if matches!(c, '"' | '\'' | '`') => {
                quote = Some(c);
                code.push('"');
            }
            None => code.push(c),
        }
    }
    code
}

/// Every use of the variable `lang` in a tag's code: `lang.field` reads one field, anything else
/// may read the whole view.
fn read_lang(code: &str, named: &mut Named) {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(at) = code[from..].find("lang") {
        let start = from + at;
        let end = start + "lang".len();
        from = end;
        let before = code[..start].chars().next_back();
        let after = code[end..].chars().next();
        if before.is_some_and(|c| is_ident(c) || c == '.') || after.is_some_and(is_ident) {
            continue;
        }
        let rest = code[end..].trim_start();
        let field: String = match rest.strip_prefix('.') {
            Some(f) => f
                .trim_start()
                .chars()
                .take_while(|&c| is_ident(c))
                .collect(),
            None => String::new(),
        };
        if field.is_empty() {
            named.whole_view = true;
        } else {
            named.fields.insert(field);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn templates(list: &[(&str, &str)]) -> BTreeMap<String, SourceFile> {
        list.iter()
            .map(|(n, t)| (n.to_string(), SourceFile::new(*n, t.to_string())))
            .collect()
    }

    /// A page whose template shows the menu only through the menu part takes a moved menu in
    /// place of the last one instead of being rendered again: only when that is so, for templates
    /// all the theme's own.
    #[test]
    fn the_templates_that_show_the_menu_only_through_its_part_are_found() {
        let theme: Vec<(&str, &str)> = (crate::embedded::DEFAULT_THEME.iter())
            .filter_map(|(path, text)| Some((path.strip_prefix("templates/")?, *text)))
            .collect();
        let menu = ("parts/menu.html", "menu");
        let through = |list: &[(&str, &str)], trusted: &dyn Fn(&str) -> bool| {
            let found = through_part(&templates(list), menu, trusted);
            found.into_iter().collect::<Vec<_>>()
        };
        // The home page also lists the menu's pages as cards; the 404 page, the language chooser
        // and the redirect have no menu.
        let all = |_: &str| true;
        let pages = [
            "base.html",
            "notice.html",
            "page.html",
            "section.html",
            "strategy.html",
        ];
        assert_eq!(through(&theme, &all), pages);

        // A repository's own base template, or menu part, may read or set anything.
        assert!(through(&theme, &|name| name != "base.html").is_empty());
        assert!(through(&theme, &|name| name != "parts/menu.html").is_empty());
        assert_eq!(through(&theme, &|name| name != "page.html").len(), 4);

        // A template that reads the menu itself, or may read anything, is not one of them.
        let page = "{% extends \"base.html\" %}{% block content %}{{ lang.menu | length }}{% endblock content %}";
        let others = [
            ("page.html", page),
            (
                "notice.html",
                "{% extends \"base.html\" %}{{ __tera_context }}",
            ),
        ];
        let theme: Vec<_> = theme
            .iter()
            .filter(|(n, _)| !others.iter().any(|o| o.0 == *n))
            .copied()
            .chain(others)
            .collect();
        assert_eq!(
            through(&theme, &all),
            ["base.html", "section.html", "strategy.html"]
        );
    }

    #[test]
    fn a_template_depends_on_what_it_extends_and_includes_and_the_fields_they_read() {
        let t = templates(&[
            ("base.html", "<html lang=\"{{ lang.locale }}\">{% block content %}{% endblock content %}{{ lang.menu | length }}</html>"),
            ("page.html", "{% extends \"base.html\" %}{% block content %}{{ page.title }}{% endblock content %}"),
            ("section.html", "{% extends \"base.html\" %}{% block content %}{% include \"parts/actions.html\" %}{% endblock content %}"),
            ("parts/actions.html", "{# lang.secret #}{% for a in lang.actions %}{{ a.status }}{% endfor %}"),
        ]);
        let uses = of(&t);
        let fields = |n: &str| {
            uses[n]
                .other
                .view_fields
                .clone()
                .unwrap()
                .into_iter()
                .collect::<Vec<_>>()
        };
        assert_eq!(fields("page.html"), ["locale", "menu"]);
        assert_eq!(fields("section.html"), ["actions", "locale", "menu"]);
        let mut edited = t.clone();
        edited.insert(
            "parts/actions.html".into(),
            SourceFile::new("parts/actions.html", "{{ lang.actions | length }}"),
        );
        let after = of(&edited);
        assert_eq!(
            uses["page.html"].other.fingerprint,
            after["page.html"].other.fingerprint
        );
        assert_ne!(
            uses["section.html"].other.fingerprint,
            after["section.html"].other.fingerprint
        );
    }

    #[test]
    fn any_other_use_of_lang_or_of_a_template_name_counts_as_all() {
        let t = templates(&[
            ("a.html", "{% set l = lang %}{{ l.title }}"),
            (
                "b.html",
                "{{ page.lang }}{{ language }}{{ \"lang\" }}{{ lang . title }}",
            ),
            ("c.html", "{% include page.template %}"),
            ("d.html", "{{ __tera_context }}"),
            ("e.html", "{{ \"}}\" ~ lang.hidden }}"),
        ]);
        let uses = of(&t);
        assert!(uses["a.html"].other.view_fields.is_none());
        let b = uses["b.html"].other.view_fields.clone().unwrap();
        assert_eq!(b.into_iter().collect::<Vec<_>>(), ["title"]);
        let mut edited = t.clone();
        edited.insert("a.html".into(), SourceFile::new("a.html", "x"));
        assert_ne!(
            uses["c.html"].other.fingerprint,
            of(&edited)["c.html"].other.fingerprint,
            "c may include any template"
        );
        assert!(uses["d.html"].other.view_fields.is_none());
        let e = uses["e.html"].other.view_fields.clone().unwrap();
        assert_eq!(
            e.into_iter().collect::<Vec<_>>(),
            ["hidden"],
            "a string may hold }}}}"
        );
    }

    fn fields_for(uses: &HashMap<String, TemplateUse>, name: &str, key: &PageKey) -> Vec<String> {
        let fields = uses[name].for_page(key).view_fields.clone().unwrap();
        fields.into_iter().collect()
    }

    const SECTION: &str = "{% extends \"base.html\" %}{% block content %}{{ lang.title }}\
        {% if page.key == \"vision\" %}{% include \"parts/vision.html\" %}\
        {%- elif page.key == 'action-plan' -%}{% if lang.open %}{{ lang.actions }}{% endif %}\
        {% elif lang.shown %}{{ lang.later }}\
        {% elif page.key == \"a\" or page.key == \"b\" %}{{ lang.either }}\
        {% else %}{{ lang.fallback }}{% endif %}{% endblock content %}";

    #[test]
    fn a_branch_for_one_page_key_counts_only_for_that_page() {
        use crate::model::Section;
        let t = templates(&[
            (
                "base.html",
                "{{ lang.locale }}{% block content %}{% endblock content %}",
            ),
            ("section.html", SECTION),
            ("parts/vision.html", "{{ lang.vision }}"),
        ]);
        let uses = of(&t);
        let vision = PageKey::Section(Section::Vision);
        let plan = PageKey::Section(Section::ActionPlan);
        let context = PageKey::Section(Section::Context);
        // An `elif`'s condition is read by every page the branches before it did not take.
        let everyone = ["either", "fallback", "later", "locale", "shown", "title"];
        assert_eq!(
            fields_for(&uses, "section.html", &vision),
            [&everyone[..], &["vision"]].concat()
        );
        assert_eq!(
            fields_for(&uses, "section.html", &plan),
            ["actions", "either", "fallback", "later", "locale", "open", "shown", "title"]
        );
        assert_eq!(fields_for(&uses, "section.html", &context), everyone);
        // The part's text counts only for the page that includes it.
        let mut edited = t.clone();
        edited.insert(
            "parts/vision.html".into(),
            SourceFile::new("parts/vision.html", "{{ lang.vision }}!"),
        );
        let after = of(&edited);
        let fingerprint = |uses: &HashMap<String, TemplateUse>, key| {
            uses["section.html"].for_page(key).fingerprint
        };
        assert_ne!(fingerprint(&uses, &vision), fingerprint(&after, &vision));
        assert_eq!(fingerprint(&uses, &context), fingerprint(&after, &context));
        assert_eq!(fingerprint(&uses, &plan), fingerprint(&after, &plan));
    }

    #[test]
    fn a_branch_for_a_free_page_the_home_page_or_the_strategy_counts_only_for_it() {
        let t = templates(&[(
            "page.html",
            "{% if page.key == \"page/about\" %}{{ lang.about }}\
             {% elif page.key == \"home\" %}{{ lang.welcome }}\
             {% elif page.key == \"strategy\" %}{{ lang.everything }}{% endif %}",
        )]);
        let uses = of(&t);
        let fields = |key: PageKey| fields_for(&uses, "page.html", &key);
        assert_eq!(fields(PageKey::Free("about".into())), ["about"]);
        assert_eq!(fields(PageKey::Home), ["welcome"]);
        assert_eq!(fields(PageKey::Strategy), ["everything"]);
        // A free page named like the home page is not it.
        assert_eq!(fields(PageKey::Free("home".into())), Vec::<String>::new());
        assert_eq!(
            fields(PageKey::Free("contact".into())),
            Vec::<String>::new()
        );
    }

    #[test]
    fn where_page_may_name_something_else_every_branch_counts_for_every_page() {
        use crate::model::Section;
        for renaming in [
            "{% for page in lang.menu %}{% endfor %}",
            "{% set page = lang.home %}",
            "{% macro card(page) %}{% endmacro %}",
        ] {
            let t = templates(&[
                (
                    "base.html",
                    "{{ lang.locale }}{% block content %}{% endblock content %}",
                ),
                ("section.html", SECTION),
                ("parts/vision.html", "{{ lang.vision }}"),
                ("parts/other.html", renaming),
            ]);
            let fields = fields_for(&of(&t), "section.html", &PageKey::Section(Section::Context));
            assert_eq!(
                fields,
                [
                    "actions", "either", "fallback", "later", "locale", "open", "shown", "title",
                    "vision"
                ],
                "{renaming}"
            );
        }
        let reading = templates(&[(
            "a.html",
            "{% for p in page.alternates %}{% endfor %}{% set k = page.key %}",
        )]);
        assert!(!read_tags(&reading["a.html"].text).renames_page);
    }
}
