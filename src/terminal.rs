//! Writing to the terminal without panicking: `print!` and `eprint!` panic when the reader of a
//! pipe has gone (`lipsite check | head`, `lipsite serve | head -1`).

/// These drop the rest of the output instead: the command still finishes, with its own exit code.
macro_rules! out {
    ($($arg:tt)*) => { $crate::terminal::write_quietly($crate::terminal::Stream::Out, format_args!($($arg)*)) };
}
macro_rules! outln {
    ($($arg:tt)*) => { $crate::terminal::write_quietly($crate::terminal::Stream::Out, format_args!("{}\n", format_args!($($arg)*))) };
}
macro_rules! err {
    ($($arg:tt)*) => { $crate::terminal::write_quietly($crate::terminal::Stream::Err, format_args!($($arg)*)) };
}
macro_rules! errln {
    () => { $crate::terminal::write_quietly($crate::terminal::Stream::Err, format_args!("\n")) };
    ($($arg:tt)*) => { $crate::terminal::write_quietly($crate::terminal::Stream::Err, format_args!("{}\n", format_args!($($arg)*))) };
}
pub(crate) use {err, errln, out, outln};

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stream {
    Out,
    Err,
}

pub(crate) fn write_quietly(stream: Stream, text: std::fmt::Arguments) {
    use std::io::Write as _;
    let written = match stream {
        Stream::Out => std::io::stdout().lock().write_fmt(text),
        Stream::Err => std::io::stderr().lock().write_fmt(text),
    };
    if let Err(e) = written {
        // A closed pipe is the reader's choice; anything else (a full disk) is worth saying.
        if stream == Stream::Out && e.kind() != std::io::ErrorKind::BrokenPipe {
            let _ = writeln!(std::io::stderr(), "cannot write the output: {e}");
        }
    }
}
