//! Regie's one integration test binary (every extra binary costs a link). Real SQLite, a real
//! throwaway PostgreSQL 15 cluster, the real app on a free port, a real headless Chromium.

mod harness;

mod access_log;
mod api;
mod audit;
mod avg;
mod backup;
mod browser;
mod cli;
mod fidelity;
mod methods;
mod network;
mod outcomes;
mod pages_dossier;
mod pages_plan;
mod registration;
mod results;
mod route_matrix;
mod smoke;
mod store_clients;
mod store_plan;
mod strengths;
mod throttle;
mod two_factor;
mod two_factor_journeys;
mod zrm;
mod zrm_view;
