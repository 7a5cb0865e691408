//! A menu moved, and nothing else: each page is the one it was with its menu made again in its
//! place. A menu edit (a page's menu place, or the title of a page in the menu) changes every page
//! of a language, and rendering each whole again was most of its time.
//!
//! This holds for the pages whose templates show the menu only through the theme's menu part
//! (`Theme::menu_through_part`): the rest of such a page does not read the menu. The part reads
//! only the language's view and the page's key, so each language has one menu for the pages
//! outside it and one for each page in it, made once and put in place in every page it is for.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use memchr::memmem::Finder;
use tera::{Context, Value};

use super::theme::{Theme, MENU_PART};
use super::urls::Urls;
use super::Bytes;

/// The menus of a render whose views are the last render's with new menus.
pub(super) struct MenuMove {
    /// The last views' values, which show the last menus.
    last: Vec<Value>,
    /// The keys of the pages in each language's last or new menu.
    in_menu: Vec<HashSet<String>>,
    /// Each language's menu part as it was and as it is, for the pages outside the menu (`None`)
    /// or for one page in it, made for the first page that needs it.
    parts: Mutex<Parts>,
}

/// The menu parts made so far, by language and page in the menu (`None`: any page outside it);
/// `None` for a part that cannot be put in place.
type Parts = HashMap<(usize, Option<String>), Option<Arc<Swap>>>;

/// The menu part of some pages as it was, ready to be found in them, and as it is.
struct Swap {
    then: Finder<'static>,
    now: Vec<u8>,
}

impl MenuMove {
    /// After a change from the addresses `last_urls` and views `last` to `urls`, which changed
    /// only the menus.
    pub(super) fn new(last: Vec<Value>, (last_urls, urls): (&Urls, &Urls)) -> MenuMove {
        let in_menu = (0..urls.languages())
            .map(|li| {
                let menus = [
                    super::views::menu(last_urls, li),
                    super::views::menu(urls, li),
                ];
                menus.into_iter().flatten().map(|link| link.key).collect()
            })
            .collect();
        MenuMove {
            last,
            in_menu,
            parts: Mutex::default(),
        }
    }

    /// The page `page` (the key `key`, the page view `value`, showing the language view of `cl`
    /// whose value is now `lang`) with its menu made again; `None` when the menu part cannot be
    /// made, has an id, or is not found in the page exactly once.
    pub(super) fn moved(
        &self,
        theme: &Theme,
        (cl, lang): (usize, &Value),
        (key, value): (&str, &Value),
        page: &[u8],
    ) -> Option<Bytes> {
        let in_menu = self.in_menu[cl].contains(key).then(|| key.to_string());
        let slot = (cl, in_menu);
        let known = self.lock().get(&slot).cloned();
        let swap = match known {
            Some(swap) => swap,
            None => {
                let swap = self
                    .swap(theme, (&self.last[cl], lang), value)
                    .map(Arc::new);
                self.lock().insert(slot, swap.clone());
                swap
            }
        }?;
        let at = swap.then.find(page)?;
        let end = at + swap.then.needle().len();
        if swap.then.find(&page[at + 1..]).is_some() {
            return None;
        }
        let mut bytes = Vec::with_capacity(page.len() - (end - at) + swap.now.len());
        bytes.extend_from_slice(&page[..at]);
        bytes.extend_from_slice(&swap.now);
        bytes.extend_from_slice(&page[end..]);
        Some(Bytes::from(bytes))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Parts> {
        self.parts.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The menu part for the page view `value` with the language view `then`, and `now`; `None`
    /// when it cannot be made, is empty, or has an id (the ids on the page, which links may point
    /// to, would change).
    fn swap(&self, theme: &Theme, (then, now): (&Value, &Value), value: &Value) -> Option<Swap> {
        let part = |lang: &Value| {
            let mut ctx = Context::new();
            ctx.insert_value("lang", lang.clone());
            ctx.insert_value("page", value.clone());
            theme.tera.render(MENU_PART, &ctx).ok()
        };
        let (then, now) = (part(then)?, part(now)?);
        let has_id =
            |part: &str| memchr::memmem::find(part.as_bytes(), super::links::ID_MARK).is_some();
        if then.is_empty() || has_id(&then) || has_id(&now) {
            return None;
        }
        Some(Swap {
            then: Finder::new(then.as_bytes()).into_owned(),
            now: now.into_bytes(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The menu part is made once for many pages, from the language view and the page's key:
    /// it must read nothing else of the page.
    #[test]
    fn the_theme_s_menu_part_reads_only_the_page_s_key() {
        let part = crate::embedded::DEFAULT_THEME
            .iter()
            .find(|(path, _)| *path == format!("templates/{MENU_PART}"))
            .map(|(_, text)| *text)
            .expect("the theme has a menu part");
        // Besides `page.key`, the word is only the value of `aria-current`.
        let others = part.replace("page.key", "").replace("=\"page\"", "");
        assert!(!others.contains("page"), "{part}");
        assert!(part.contains("page.key") && !part.contains("__tera_context"));
    }
}
