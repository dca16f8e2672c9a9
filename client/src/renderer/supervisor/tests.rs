use super::*;

fn shell(script: &str) -> Command {
    let mut command = Command::new("sh");
    command.args(["-c", script]);
    command
}

#[test]
fn a_child_that_draws_hands_over_its_exit_code() {
    let script = format!("echo starting; echo '{FIRST_FRAME}'; sleep 0.2; exit 4");
    let outcome = attempt(shell(&script), Duration::from_secs(10)).unwrap();
    assert_eq!(outcome, Attempt::Drew(4));
}

#[test]
fn a_child_that_ends_before_drawing_failed() {
    let outcome = attempt(
        shell("echo 'winit error' >&2; exit 1"),
        Duration::from_secs(10),
    );
    let Attempt::Failed(reason) = outcome.unwrap() else {
        panic!("a child that never drew must fail");
    };
    assert!(reason.starts_with("ended before drawing"), "{reason}");
}

#[test]
fn a_child_that_hangs_is_stopped_at_the_timeout() {
    let started = std::time::Instant::now();
    let outcome = attempt(shell("exec sleep 30"), Duration::from_millis(300)).unwrap();
    assert_eq!(
        outcome,
        Attempt::Failed("nothing drawn within 300ms".into())
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the hanging child was stopped"
    );
}
