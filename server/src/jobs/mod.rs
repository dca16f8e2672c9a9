//! Jobs the server runs on its own: the weekly churn scan.

pub mod churn_schedule;
