//! One module per feature; each command is an adapter over a function that does not need a window.

pub mod app_info;
pub mod connections;
pub mod demos;
pub mod floor_probe;
pub mod playground;
pub mod profiles;
pub mod projects;
pub mod report;
pub mod startup;
pub mod usage;
pub mod what_if;
