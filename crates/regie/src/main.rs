//! The `regie` binary (command line, configuration, tracing) — filled in by the CLI work.
fn main() {}
