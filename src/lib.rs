//! lipsite compiles a Local Immigration Partnership's settlement strategy, written as a folder of
//! Markdown and YAML files, into a multilingual static website.
//!
//! The flow is one way, each stage a module with one job: reading the files → the model
//! (validated, joined by id) → rendering (Markdown, charts, templates) → writing the site
//! atomically. [`build`] runs the stages in order.
//!
//! # Using lipsite as a library
//!
//! A tool built on lipsite (an editor integration, a report on a strategy's actions, another
//! renderer) needs four things, and the crate exposes those:
//!
//! - **Load** a strategy repository into the model: [`build::load`] returns a [`build::Loaded`]
//!   (the [`model::Strategy`], the theme and each language's interface words) with the warnings,
//!   or every problem that stops it.
//! - **Check** it as `lipsite check` does, rendering every page without writing:
//!   [`build::check`] gives a [`build::BuildReport`] with its warnings, or the problems.
//! - **Build** it into a folder, atomically: [`build::build`] with [`build::Options`] (drafts,
//!   and a [`config::BaseUrl`] to publish at another address). [`build::compile`] loads and
//!   renders without writing.
//! - **Read the model**: [`model::Strategy`] holds the plan, priorities, objectives, actions,
//!   outcomes, indicators, partners, council and each language's words joined to them by id;
//!   [`config::Config`] its languages and address.
//!
//! Every problem is a [`diagnostics::Problem`] with a file, a line and a column, a message and a
//! hint; [`diagnostics::Problem::record`] is the form `lipsite check --format json` prints.
//! [`limits`] are the bounds of the content format that `check` enforces, and
//! [`charts::measure`] measures chart text as lipsite lays it out.
//!
//! [`cli::run`] is the `lipsite` command itself, public only so that the binary's `main` is one
//! call; everything else (reading files, parsing YAML and Markdown, rendering, the theme, watch
//! and serve) is internal and may change between versions.

pub mod build;
pub mod charts;
pub mod cli;
pub mod config;
mod content;
pub mod diagnostics;
mod embedded;
mod engine;
mod i18n;
mod ids;
mod l10n;
mod layout;
mod markdown;
pub mod model;
mod output;
mod pdf;
mod render;
mod scaffold;
mod schema;
mod serve;
mod terminal;
mod translations;
mod watch;
mod yaml;

/// The bounds of the content format (docs/content-format.md) that `check` enforces: a tool that
/// writes or edits a strategy's texts keeps within them, and its users get no error for it.
pub mod limits {
    pub use crate::content::MAX_TEXT_FILE_BYTES;
    pub use crate::markdown::{MAX_DEPTH, MAX_ELEMENTS, MAX_FORMATTING};
}

#[cfg(test)]
mod properties;
