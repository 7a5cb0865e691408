//! Files compiled into the binary by the build script (`embed.rs`): the default theme
//! (`themes/default/`) and the starter repository of `lipsite new` (`scaffold/`), each as
//! (path relative to its folder, text).

// embed.rs writes the tables as `pub`; they are the crate's own and not part of its surface.
#![allow(unreachable_pub)]

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
