//! Files compiled into the binary by the build script (`embed.rs`): the default theme
//! (`themes/default/`) and the starter repository of `lipsite new` (`scaffold/`), each as
//! (path relative to its folder, text).

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
