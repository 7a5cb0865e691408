//! Parsed YAML files kept between loads: a data or labels file whose text is the very same (the
//! file cache hands back the same text when the file did not change) is not parsed again.

use std::any::Any;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Problem, SourceFile};
use crate::yaml;

/// One parse kept: the text it was parsed from, and what it gave (of the type asked for).
struct Kept {
    text: Arc<str>,
    value: Arc<dyn Any + Send + Sync>,
}

/// The parses of the last load, by file; those of this load, to be kept for the next.
#[derive(Default)]
pub(crate) struct YamlMemo {
    last: rustc_hash::FxHashMap<std::path::PathBuf, Kept>,
    now: rustc_hash::FxHashMap<std::path::PathBuf, Kept>,
}

impl YamlMemo {
    /// Starts a load: what the last one parsed may be reused, what it does not use again is let go
    /// at the next start.
    pub(super) fn start(&mut self) {
        self.last = std::mem::take(&mut self.now);
    }

    /// `file` parsed as a `T`, from the last load when its text is the same. A file that does not
    /// parse is parsed again each time, so its problem is reported each time.
    pub(super) fn parse<T>(&mut self, file: &SourceFile) -> Result<Arc<T>, Problem>
    where
        T: DeserializeOwned + Send + Sync + 'static,
    {
        let kept = self
            .last
            .remove(&file.path)
            .or_else(|| self.now.remove(&file.path))
            .filter(|k| Arc::ptr_eq(&k.text, &file.text));
        let value = match kept.map(|k| k.value.downcast::<T>()) {
            Some(Ok(value)) => value,
            _ => Arc::new(yaml::parse::<T>(file, &file.text, 1)?),
        };
        let kept = Kept {
            text: file.text.clone(),
            value: value.clone(),
        };
        self.now.insert(file.path.clone(), kept);
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_parsed_again_only_when_its_text_is_another() {
        let mut memo = YamlMemo::default();
        let file = SourceFile::new("data/plan.yaml", "a: 1\n");
        let first: Arc<std::collections::BTreeMap<String, u32>> = memo.parse(&file).unwrap();
        memo.start();
        let again: Arc<std::collections::BTreeMap<String, u32>> = memo.parse(&file).unwrap();
        assert!(
            Arc::ptr_eq(&first, &again),
            "the same text is not parsed again"
        );
        memo.start();
        let edited = SourceFile::new("data/plan.yaml", "a: 2\n");
        let after: Arc<std::collections::BTreeMap<String, u32>> = memo.parse(&edited).unwrap();
        assert_eq!(after["a"], 2, "an edited text is parsed again");
        let broken = SourceFile::new("data/plan.yaml", "a: [\n");
        let failed = memo.parse::<std::collections::BTreeMap<String, u32>>(&broken);
        assert!(failed.is_err(), "a broken text reports its problem");
    }
}
