//! What each template depends on: the templates it extends, includes or imports, and the parts of
//! the language view (`lang.<field>`) it reads. A page's fingerprint takes only those, so an edit
//! to one template, or to data only some pages show, re-renders only the pages that use it.
//!
//! Found by reading the templates' tags, conservatively: a template that names another in a way
//! that is not a plain string, or uses `lang` other than through one of its fields, depends on
//! every template or on the whole view.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::diagnostics::SourceFile;

/// What one template, with everything it extends, includes or imports, depends on.
#[derive(Debug, Clone)]
pub(crate) struct TemplateUse {
    /// A fingerprint of its text and the text of every template it uses.
    pub fingerprint: blake3::Hash,
    /// The fields of the language view it reads; `None` when it may read all of it.
    pub view_fields: Option<BTreeSet<String>>,
}

/// What one template's own text names.
#[derive(Default)]
struct Named {
    templates: BTreeSet<String>,
    /// Whether it names a template other than by a plain string.
    any_template: bool,
    fields: BTreeSet<String>,
    whole_view: bool,
}

/// What every template depends on, by name.
pub(super) fn of(templates: &BTreeMap<String, SourceFile>) -> HashMap<String, TemplateUse> {
    let named: BTreeMap<&str, Named> = templates
        .iter()
        .map(|(name, file)| (name.as_str(), read_tags(&file.text)))
        .collect();
    templates
        .keys()
        .map(|name| (name.clone(), closure(name, templates, &named)))
        .collect()
}

/// `name`'s use, with everything it reaches.
fn closure(
    name: &str,
    templates: &BTreeMap<String, SourceFile>,
    named: &BTreeMap<&str, Named>,
) -> TemplateUse {
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
        every_template |= n.any_template;
        match (&mut fields, n.whole_view) {
            (_, true) => fields = None,
            (Some(f), false) => f.extend(n.fields.iter().cloned()),
            (None, false) => {}
        }
        todo.extend(n.templates.iter().cloned());
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
    TemplateUse {
        fingerprint: hasher.finalize(),
        view_fields: fields,
    }
}

/// Reads the tags (`{{ }}` and `{% %}`) of a template's text; comments are skipped.
fn read_tags(text: &str) -> Named {
    let mut named = Named::default();
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
            read_tag(
                inner[..end].trim_matches(|c: char| c == '-' || c.is_whitespace()),
                &mut named,
            );
        }
        rest = &inner[(end + close.len()).min(inner.len())..];
    }
    named
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
            uses["page.html"].fingerprint,
            after["page.html"].fingerprint
        );
        assert_ne!(
            uses["section.html"].fingerprint,
            after["section.html"].fingerprint
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
        assert!(uses["a.html"].view_fields.is_none());
        let b = uses["b.html"].view_fields.clone().unwrap();
        assert_eq!(b.into_iter().collect::<Vec<_>>(), ["title"]);
        let mut edited = t.clone();
        edited.insert("a.html".into(), SourceFile::new("a.html", "x"));
        assert_ne!(
            uses["c.html"].fingerprint,
            of(&edited)["c.html"].fingerprint,
            "c may include any template"
        );
        assert!(uses["d.html"].view_fields.is_none());
        let e = uses["e.html"].view_fields.clone().unwrap();
        assert_eq!(
            e.into_iter().collect::<Vec<_>>(),
            ["hidden"],
            "a string may hold }}}}"
        );
    }
}
