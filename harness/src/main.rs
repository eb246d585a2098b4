//! The `eseikyu` binary: see `cli`.

fn main() {
    match eseikyu::cli::main() {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("eseikyu: {e:#}");
            std::process::exit(2);
        }
    }
}
