//! The per-language files under `content/<language>/`: front matter of Markdown pages and
//! `labels.yaml`. Only words live here; every key that is an id joins to `data/`.

use serde::Deserialize;

use crate::yaml::{OrderedMap, Spanned};

/// The front matter of any page. One struct for all pages keeps the error for a key in the wrong
/// file precise ("`actions` belongs in action-plan.md") instead of a generic "unknown key".
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FrontMatter {
    pub title: Option<Spanned<String>>,
    pub slug: Option<Spanned<String>>,
    #[serde(default)]
    pub description: String,
    pub menu: Option<i64>,
    /// The version of the source page this translation follows; written by
    /// `lipsite translations --stamp`.
    pub translated_from: Option<String>,
    /// `true` keeps the page out of the published site (and its translations with it); `serve`
    /// shows it with a mark.
    pub draft: Option<Spanned<bool>>,
    pub priorities: Option<Spanned<OrderedMap<PriorityText>>>,
    pub objectives: Option<Spanned<OrderedMap<String>>>,
    pub actions: Option<Spanned<OrderedMap<ActionText>>>,
    pub outcomes: Option<Spanned<OrderedMap<String>>>,
    pub indicators: Option<Spanned<OrderedMap<IndicatorText>>>,
    pub figures: Option<Spanned<OrderedMap<String>>>,
    pub areas: Option<Spanned<OrderedMap<String>>>,
    pub assets: Option<Spanned<Vec<String>>>,
    pub gaps: Option<Spanned<Vec<String>>>,
    pub working_groups: Option<Spanned<OrderedMap<WorkingGroupText>>>,
}

/// One language's words for a priority, under its id in `priorities.md`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorityText {
    /// The priority's title.
    pub title: String,
    /// What the priority means for newcomers, in Markdown; may be left empty in a translation.
    #[serde(default)]
    pub summary: String,
}

/// One language's words for an action, under its id in `action-plan.md`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionText {
    /// The action's title.
    pub title: String,
    /// What the action does, in Markdown; may be left empty in a translation.
    #[serde(default)]
    pub description: String,
    /// The text of each dated progress note, by its date (`2026-05-30`), in Markdown.
    #[serde(default)]
    pub progress: OrderedMap<String>,
}

/// One language's words for an indicator, under its id in `evaluation.md`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorText {
    /// What the indicator measures, as its tables and charts name it.
    pub name: String,
    /// The word shown after its numbers (`days`, `jours`); may be left empty.
    #[serde(default)]
    pub unit_label: String,
}

/// One language's words for a working group of the council, under its id in `council.md`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkingGroupText {
    /// The working group's name.
    pub name: String,
    /// What the group works on, in Markdown; may be left empty in a translation.
    #[serde(default)]
    pub description: String,
}

/// `content/<language>/labels.yaml`: short names of things shared by several pages, under the key
/// of each kind whose words are labels (`partners:`, `services:`), in the order of the file.
#[derive(Debug, Default)]
pub(crate) struct LabelsText {
    blocks: Vec<(&'static str, OrderedMap<String>)>,
}

impl LabelsText {
    /// The block of names under `key`, if the file has one.
    pub(crate) fn block(&self, key: &str) -> Option<&OrderedMap<String>> {
        self.blocks.iter().find(|(k, _)| *k == key).map(|(_, b)| b)
    }
}

/// The keys `labels.yaml` may have: those of the kinds whose words are labels.
fn label_keys() -> &'static [&'static str] {
    static KEYS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        (super::kinds::specs().into_iter())
            .filter(|k| matches!(k.words, super::kinds::WordsAt::Labels { .. }))
            .map(|k| k.key)
            .collect()
    })
}

/// A key of `labels.yaml`, refused (where it is written) when no kind has it.
struct LabelKey;

impl<'de> serde::de::DeserializeSeed<'de> for LabelKey {
    type Value = &'static str;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl serde::de::Visitor<'_> for LabelKey {
    type Value = &'static str;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("the key of a kind of labels")
    }
    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Self::Value, E> {
        let keys = label_keys();
        keys.iter()
            .find(|k| **k == key)
            .copied()
            .ok_or_else(|| E::unknown_field(key, keys))
    }
}

impl<'de> Deserialize<'de> for LabelsText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Blocks;
        impl<'de> serde::de::Visitor<'de> for Blocks {
            type Value = LabelsText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("blocks of names under the keys of their kinds")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<LabelsText, M::Error> {
                let mut blocks: Vec<(&'static str, OrderedMap<String>)> = Vec::new();
                while let Some(key) = map.next_key_seed(LabelKey)? {
                    if blocks.iter().any(|(k, _)| *k == key) {
                        return Err(serde::de::Error::duplicate_field(key));
                    }
                    blocks.push((key, map.next_value()?));
                }
                Ok(LabelsText { blocks })
            }
        }
        d.deserialize_map(Blocks)
    }
}

impl schemars::JsonSchema for LabelsText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "LabelsText".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let block = generator.subschema_for::<OrderedMap<String>>();
        let properties: serde_json::Map<String, serde_json::Value> = (label_keys().iter())
            .map(|k| (k.to_string(), block.clone().into()))
            .collect();
        schemars::json_schema!({
            "description": "`content/<language>/labels.yaml`: short names of things shared by several pages.",
            "type": "object",
            "properties": properties,
            "additionalProperties": false,
        })
    }
}
