//! Reading HTML tag by tag as html5ever's tokenizer reads it (the states of the HTML standard):
//! where a tag, a comment or a declaration starts and ends, and where the content of an element
//! that html5ever may read as text (`<script>`, `<textarea>` ...) ends. What is counted before
//! sanitizing is then what the sanitizer parses.

/// What starts at a `<`.
pub(super) enum Markup {
    Text,
    StartTag {
        name: Box<[u8]>,
        end: usize,
    },
    EndTag {
        name: Box<[u8]>,
        end: usize,
    },
    /// A comment, a doctype, `<![CDATA[`, `<?...>` or `</ ...>`: ends before `end`.
    Dropped(usize),
    /// The text ends inside a tag or a comment.
    Unfinished,
}

pub(super) fn markup_at(b: &[u8], i: usize) -> Markup {
    let at = |k: usize| b.get(i + k).copied();
    let unfinished = |end: Option<usize>| end.map_or(Markup::Unfinished, Markup::Dropped);
    match at(1) {
        Some(b'!') if b[i..].starts_with(b"<!--") => unfinished(comment_end(b, i + 4)),
        Some(b'!' | b'?') => unfinished(bogus_comment_end(b, i + 2)),
        Some(b'/') => match at(2) {
            Some(c) if c.is_ascii_alphabetic() => match tag(b, i + 2) {
                Some((name, end)) => Markup::EndTag { name, end },
                None => Markup::Unfinished,
            },
            Some(b'>') => Markup::Dropped(i + 3),
            Some(_) => unfinished(bogus_comment_end(b, i + 2)),
            None => Markup::Text,
        },
        Some(c) if c.is_ascii_alphabetic() => match tag(b, i + 1) {
            Some((name, end)) => Markup::StartTag { name, end },
            None => Markup::Unfinished,
        },
        _ => Markup::Text,
    }
}

fn is_space(c: u8) -> bool {
    // A carriage return counts: html5ever turns it into a line feed before reading.
    matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// A tag's lowercased name and the offset after its `>`, from its name's first letter; `None` if
/// the text ends first. The states are the standard's, from "tag name" to "self-closing start
/// tag", so that a `>` or a quote means here what it means to html5ever.
fn tag(b: &[u8], start: usize) -> Option<(Box<[u8]>, usize)> {
    #[derive(Clone, Copy)]
    enum S {
        Name,
        BeforeAttribute,
        Attribute,
        AfterAttribute,
        BeforeValue,
        Quoted(u8),
        AfterQuoted,
        Unquoted,
        SelfClosing,
    }
    let mut name = Vec::new();
    let mut state = S::Name;
    for (p, &c) in b.iter().enumerate().skip(start) {
        if c == b'>' && !matches!(state, S::Quoted(_)) {
            return Some((name.into(), p + 1));
        }
        state = match (state, c) {
            (S::Name, c) if is_space(c) => S::BeforeAttribute,
            (S::Name, b'/') => S::SelfClosing,
            (S::Name, c) => {
                name.push(c.to_ascii_lowercase());
                S::Name
            }
            (S::BeforeAttribute | S::AfterQuoted | S::SelfClosing | S::Unquoted, c)
                if is_space(c) =>
            {
                S::BeforeAttribute
            }
            (S::Attribute | S::AfterAttribute, c) if is_space(c) => S::AfterAttribute,
            (S::BeforeValue, c) if is_space(c) => S::BeforeValue,
            (S::BeforeAttribute | S::Attribute | S::AfterAttribute | S::AfterQuoted, b'/') => {
                S::SelfClosing
            }
            (S::SelfClosing, b'/') => S::SelfClosing,
            (S::Attribute | S::AfterAttribute, b'=') => S::BeforeValue,
            (S::BeforeValue, q @ (b'"' | b'\'')) => S::Quoted(q),
            (S::BeforeValue | S::Unquoted, _) => S::Unquoted,
            (S::Quoted(q), c) if c == q => S::AfterQuoted,
            (S::Quoted(q), _) => S::Quoted(q),
            (
                S::BeforeAttribute
                | S::Attribute
                | S::AfterAttribute
                | S::AfterQuoted
                | S::SelfClosing,
                _,
            ) => S::Attribute,
        };
    }
    None
}

/// The offset after a comment's end, from after its `<!--`: the standard's comment states, which
/// end a comment at `-->`, `--!>`, or right away at `<!-->` and `<!--->`.
fn comment_end(b: &[u8], start: usize) -> Option<usize> {
    #[derive(Clone, Copy)]
    enum S {
        Start,
        StartDash,
        Text,
        EndDash,
        End,
        EndBang,
    }
    let mut state = S::Start;
    for (p, &c) in b.iter().enumerate().skip(start) {
        state = match (state, c) {
            (S::Start | S::StartDash | S::End | S::EndBang, b'>') => return Some(p + 1),
            (S::Start, b'-') => S::StartDash,
            (S::StartDash | S::EndDash | S::End, b'-') => S::End,
            (S::Text | S::EndBang, b'-') => S::EndDash,
            (S::End, b'!') => S::EndBang,
            _ => S::Text,
        };
    }
    None
}

/// The offset after the `>` that ends a doctype, `<!...>`, `<?...>` or `</ ...>`.
fn bogus_comment_end(b: &[u8], start: usize) -> Option<usize> {
    b[start.min(b.len())..]
        .iter()
        .position(|&c| c == b'>')
        .map(|p| start + p + 1)
}

/// Where the content of an element that html5ever may read as text ends: at its end tag
/// (`</script`, `</textarea` ... followed by a space, `/` or `>`), or at the end for `plaintext`.
/// For any other element, its content is markup: the text "ends" at once.
pub(super) fn raw_text_end(b: &[u8], start: usize, name: &[u8]) -> usize {
    const RAW_TEXT: &[&[u8]] = &[
        b"title",
        b"textarea",
        b"style",
        b"xmp",
        b"iframe",
        b"noembed",
        b"noframes",
        b"script",
        b"noscript",
    ];
    if name == b"plaintext" {
        return b.len();
    }
    if !RAW_TEXT.contains(&name) {
        return start;
    }
    let mut p = start;
    while let Some(q) = b[p..].windows(2).position(|w| w == b"</") {
        let tag = p + q + 2;
        let after = tag + name.len();
        let named = b
            .get(tag..after)
            .is_some_and(|n| n.eq_ignore_ascii_case(name));
        if named
            && b.get(after)
                .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>')
        {
            return p + q;
        }
        p = tag;
    }
    b.len()
}
