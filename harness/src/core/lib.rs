//! The pure core of eseikyu, read from the bottom up: [`clock`] (virtual time in JST),
//! [`profile`] (the release rules in force and every ASSUMPTION setting), [`text`] (every
//! word a visitor reads) and [`domain`] (the reception system's state and rules). Nothing
//! here does I/O or reads the wall clock.

pub mod clock;
pub mod domain;
pub mod profile;
pub mod text;
