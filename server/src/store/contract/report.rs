//! The contract run's result: per case whether it passed and how long it took, rendered as a
//! plain-text table an operator can read in a console or paste into a ticket.

use std::fmt::{self, Write};
use std::time::Duration;

/// How one case went.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub name: &'static str,
    /// The failure, saying what was expected and what came back.
    pub result: Result<(), String>,
    pub duration: Duration,
}

/// How every case went against one backend.
#[derive(Clone, Debug)]
pub struct Report {
    /// The backend's short name ("sqlite", "mssql").
    pub backend: &'static str,
    pub outcomes: Vec<Outcome>,
    /// The whole run.
    pub duration: Duration,
}

impl Report {
    /// Whether every case passed.
    pub fn passed(&self) -> bool {
        self.outcomes.iter().all(|outcome| outcome.result.is_ok())
    }

    /// The cases that failed, with their failures.
    pub fn failures(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.outcomes
            .iter()
            .filter_map(|outcome| match &outcome.result {
                Ok(()) => None,
                Err(failure) => Some((outcome.name, failure.as_str())),
            })
    }

    /// One line per case, then the failures in full, then the totals.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = self.write_table(&mut out);
        out
    }

    fn write_table(&self, out: &mut String) -> fmt::Result {
        writeln!(out, "存储契约自检 (store contract) — 后端 {}", self.backend)?;
        writeln!(out, "{:>4}  结果  {:>10}  用例", "序号", "用时")?;
        for (number, outcome) in self.outcomes.iter().enumerate() {
            let verdict = if outcome.result.is_ok() {
                "通过"
            } else {
                "失败"
            };
            writeln!(
                out,
                "{:>6}  {verdict}  {:>12}  {}",
                number + 1,
                milliseconds(outcome.duration),
                outcome.name
            )?;
        }

        let failed = self.failures().count();
        if failed > 0 {
            writeln!(out, "\n失败详情:")?;
            for (name, failure) in self.failures() {
                writeln!(out, "  {name}: {failure}")?;
            }
        }

        let total = self.outcomes.len();
        writeln!(
            out,
            "\n合计: {total} 个用例, 通过 {}, 失败 {failed}, 用时 {:.2} s — {}",
            total - failed,
            self.duration.as_secs_f64(),
            if failed == 0 {
                "全部通过"
            } else {
                "未通过"
            }
        )
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

fn milliseconds(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(name: &'static str, result: Result<(), String>) -> Outcome {
        Outcome {
            name,
            result,
            duration: Duration::from_micros(1_500),
        }
    }

    #[test]
    fn a_failure_is_named_with_its_text_and_counted() {
        let report = Report {
            backend: "sqlite",
            outcomes: vec![
                outcome("first_case", Ok(())),
                outcome("second_case", Err("expected 1, got 2".into())),
            ],
            duration: Duration::from_millis(3),
        };
        let text = report.render();

        assert!(!report.passed());
        assert!(text.contains("1  通过        1.5 ms  first_case"), "{text}");
        assert!(
            text.contains("2  失败        1.5 ms  second_case"),
            "{text}"
        );
        assert!(text.contains("second_case: expected 1, got 2"), "{text}");
        assert!(text.contains("合计: 2 个用例, 通过 1, 失败 1"), "{text}");
    }
}
