//! `crm-bench`: the CRM's benchmarks. Each builds (once, then reuses) a store of realistic size
//! under `target/bench/` and times the real code path on it, printing medians.
//!
//!   cargo run --release -p crm-bench -- customer-search
//!   cargo run --release -p crm-bench -- churn-scan
//!
//! Quote medians from one run: the machines are shared and noisy.

mod churn;
mod customers;
mod timing;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "crm-bench", about)]
struct Cli {
    /// Where generated stores are kept between runs.
    #[arg(long, global = true, default_value = "target/bench")]
    data: PathBuf,

    #[command(subcommand)]
    bench: Bench,
}

#[derive(Subcommand)]
enum Bench {
    /// Customer list and name search on a store of generated customers.
    CustomerSearch {
        #[arg(long, default_value_t = 1_000_000)]
        customers: usize,
        /// Timed runs per case.
        #[arg(long, default_value_t = 21)]
        runs: usize,
    },
    /// The weekly churn scan on generated customers and orders.
    ChurnScan {
        #[arg(long, default_value_t = 1_000_000)]
        customers: usize,
        #[arg(long, default_value_t = 10_000_000)]
        orders: usize,
        /// Runs: the first opens the warnings, the later ones find them open.
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Runtime::new()?;
    match cli.bench {
        Bench::CustomerSearch { customers, runs } => {
            runtime.block_on(customers::search(&cli.data, customers, runs))
        }
        Bench::ChurnScan {
            customers,
            orders,
            runs,
        } => runtime.block_on(churn::scan(&cli.data, customers, orders, runs)),
    }
}
