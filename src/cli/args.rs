//! The command line: every command, its options and its help, as clap reads them.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::l10n;

#[derive(Parser)]
#[command(
    name = "lipsite",
    version,
    about = "Turns a Local Immigration Partnership's settlement strategy into a multilingual website",
    long_about = "lipsite reads a strategy repository (lipsite.yaml, data/*.yaml and content/<language>/*.md) \
and writes a static website: one folder per language, with every page in every language, ready for any static host.\n\n\
Start with `lipsite new my-strategy`, edit the files, then `lipsite build my-strategy`."
)]
pub(super) struct Cli {
    #[command(subcommand)]
    pub(super) command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum Format {
    Text,
    Json,
}

#[derive(Subcommand)]
pub(super) enum Command {
    /// Build the website from a strategy repository
    #[command(
        after_help = "Examples:\n  lipsite build                      # the repository in this folder, into ./public\n  lipsite build my-strategy -o site  # into ./site\n  lipsite build --base-url https://preview.example.net/strategy/  # for another address\n  lipsite build --drafts -o preview   # with the drafts, each marked, for a preview\n\n\
The output folder is replaced as a whole, and only once the new site is complete: a failed build leaves the previous site as it was. \
A `.git` checkout, `CNAME` and `.nojekyll` in it are kept. lipsite refuses to write into a folder that holds anything else it did not create."
    )]
    Build {
        /// The strategy repository (the folder with lipsite.yaml)
        #[arg(default_value = ".")]
        repo: PathBuf,
        /// Where to write the site [default: REPO/public]
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Include pages and actions marked `draft: true`, each with a visible mark (for a preview)
        #[arg(long)]
        drafts: bool,
        /// Build for this address instead of `base_url` in lipsite.yaml (a preview on another host or sub-path)
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Build, then rebuild after every change to the repository's files
    #[command(after_help = "Example:\n  lipsite watch my-strategy\n\n\
Each rebuild prints one line: what changed, how many pages were rendered and written, and how long it took. \
A mistake is printed with its file and line, the last good site stays in place, and the next good save rebuilds it.")]
    Watch {
        /// The strategy repository (the folder with lipsite.yaml)
        #[arg(default_value = ".")]
        repo: PathBuf,
        /// Where to write the site [default: REPO/public]
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Check for changes every 0.3 s instead of relying on the system's notifications (for WSL, network drives, containers)
        #[arg(long)]
        poll: bool,
        /// Include pages and actions marked `draft: true`, each with a visible mark (for a preview)
        #[arg(long)]
        drafts: bool,
    },
    /// Watch, and serve the site locally with pages that reload themselves after each rebuild
    #[command(
        after_help = "Examples:\n  lipsite serve                    # http://127.0.0.1:8000/\n  lipsite serve my-strategy --open --port 8080\n\n\
Only the output folder is served, by default only to this computer (127.0.0.1). A build error shows over the open page until the next good save. \
The reload script is added while serving only; the files on disk are those of `lipsite build --drafts`: drafts are shown, each with a mark."
    )]
    Serve {
        /// The strategy repository (the folder with lipsite.yaml)
        #[arg(default_value = ".")]
        repo: PathBuf,
        /// Where to write the site [default: REPO/public]
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// The port to listen on
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// The address to listen on; anything but 127.0.0.1 makes the preview reachable from other computers
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
        /// Check for changes every 0.3 s instead of relying on the system's notifications
        #[arg(long)]
        poll: bool,
    },
    /// Check a strategy repository for mistakes without writing anything
    #[command(
        after_help = "Example:\n  lipsite check my-strategy\n\nEvery problem is shown with its file, line and column, and a hint on how to fix it. \
The exit code is 1 if there is any error, 0 otherwise (warnings alone do not fail)."
    )]
    Check {
        /// The strategy repository (the folder with lipsite.yaml)
        #[arg(default_value = ".")]
        repo: PathBuf,
        /// How to print the problems: `text` for people, `json` for editors and CI
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Check for this address instead of `base_url` in lipsite.yaml
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Show what each translation is missing or has let fall behind; stamp pages that caught up
    #[command(
        after_help = "Examples:\n  lipsite translations                       # every language against the default one\n  lipsite translations --lang fr --strict     # exit 1 if French misses or lags behind anything\n  lipsite translations --json > status.json   # for tools and dashboards\n  lipsite translations --stamp content/fr/vision.md content/fr/context.md\n\n\
A translated page records which version of its source page it follows (`translated_from:` in its front matter). \
When the source page changes, the translation is listed as outdated and its readers see a short notice, \
until a translator updates it and runs --stamp on it."
    )]
    Translations {
        /// The strategy repository (the folder with lipsite.yaml)
        #[arg(default_value = ".")]
        repo: PathBuf,
        /// Report on this language only (its code, like fr)
        #[arg(long, value_name = "LANG")]
        lang: Option<String>,
        /// Exit with 1 when anything is missing or outdated
        #[arg(long)]
        strict: bool,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
        /// Record that these translated pages follow the current version of their source pages (paths inside the repository, like content/fr/vision.md, or from the current folder)
        #[arg(long, num_args = 1.., value_name = "FILE")]
        stamp: Vec<PathBuf>,
    },
    /// Hand texts to translators' tools (XLIFF, PO) and take their translations back
    #[command(subcommand)]
    L10n(L10n),
    /// Write JSON Schemas of every YAML file, so editors mark mistakes while you type
    #[command(after_help = "Example:\n  lipsite schema -o schemas\n\n\
Then, in VS Code with the YAML extension (redhat.vscode-yaml), map the schemas to the files in .vscode/settings.json; \
`lipsite schema` prints the exact mapping to paste.")]
    Schema {
        /// The folder to write the schemas into
        #[arg(short, long, value_name = "DIR", default_value = crate::layout::SCHEMAS)]
        output: PathBuf,
    },
    /// Create a new strategy repository to start from (English and French)
    #[command(
        after_help = "Example:\n  lipsite new my-strategy && lipsite build my-strategy\n\n\
The new repository has every section in English and French with short placeholder text that tells you what to write. \
docs/content-format.md in lipsite's source describes every file. \
It also has a .gitignore, a GitHub Pages workflow (.github/workflows/publish.yml) and, for VS Code, the JSON Schemas (schemas/) with the settings that attach them (.vscode/)."
    )]
    New {
        /// The folder to create (must not exist, or be empty)
        dir: PathBuf,
    },
}

/// `lipsite l10n`: exchanging translations with translators' tools.
#[derive(Subcommand)]
pub(super) enum L10n {
    /// Write one language's texts as an XLIFF or PO file for a translation tool or agency
    #[command(
        after_help = "Examples:\n  lipsite l10n export --lang fr                  # ./fr.xlf (XLIFF 2.1), every text\n  lipsite l10n export my-strategy --lang ar --format po --only missing -o to-translate\n  lipsite l10n export --lang fr --format xliff12  # ./fr.xliff12.xlf for memoQ and Trados\n\n\
Each text of a page (front matter, every heading, paragraph, list item, table cell and footnote), each label and each interface word the repository sets \
is one unit with a stable id, the source's words, the current translation when there is one, its state (translated, to review, to translate) and the source file and line. \
Markup (emphasis, links, code) becomes tags or {1}…{/1} placeholders, so translators never edit Markdown."
    )]
    Export {
        /// The strategy repository (the folder with lipsite.yaml)
        #[arg(default_value = ".")]
        repo: PathBuf,
        /// The language to translate into (its code, like fr)
        #[arg(long, value_name = "LANG")]
        lang: String,
        /// The file format
        #[arg(long, value_enum, default_value = "xliff")]
        format: l10n::Format,
        /// Which texts to write
        #[arg(long, value_enum, default_value = "all")]
        only: l10n::Only,
        /// The folder to write the file into
        #[arg(short, long, value_name = "DIR", default_value = ".")]
        output: PathBuf,
    },
    /// Write translated XLIFF or PO files back into the repository's language folders
    #[command(
        after_help = "Examples:\n  lipsite l10n import fr.xlf                 # into the repository in this folder\n  lipsite l10n import fr.xlf ar.po my-strategy\n\n\
Every file is checked before anything is written: a unit that does not exist, a source that changed since the export, a lost or misplaced tag \
or a file for another repository stops the import and nothing is written. Only the translated texts change in each file; \
comments, key order and line endings stay. A page whose texts all came back translated is stamped as up to date."
    )]
    Import {
        /// The translated files, then optionally the strategy repository (default: this folder)
        #[arg(required = true, num_args = 1.., value_name = "FILE... [REPO]")]
        paths: Vec<PathBuf>,
    },
}
