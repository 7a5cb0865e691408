//! lipsite compiles a Local Immigration Partnership's settlement strategy, written as a folder of
//! Markdown and YAML files, into a multilingual static website.
//!
//! The flow is one way, each stage a module with one job:
//! [`content`] reads files → [`model`] validates and joins them by id → [`render`] turns the model
//! into pages → [`output`] writes the site atomically. [`build`] runs the stages in order.

pub mod build;
pub mod charts;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
mod embedded;
pub mod engine;
pub mod i18n;
pub mod ids;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod serve;
mod terminal;
pub mod translations;
pub mod watch;
pub mod yaml;
