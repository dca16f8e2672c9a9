//! The supervisor: runs the window in a child process with each renderer in turn until one
//! draws, so a renderer that errs, crashes or hangs at start costs a moment, not the program.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use super::{FIRST_FRAME, RENDERER_VARIABLE, REPORT_VARIABLE, Renderer};

/// How long a renderer may take to draw its first frame. Generous: a software rasterizer on
/// a busy virtual machine is slow to start.
const FIRST_FRAME_TIMEOUT: Duration = Duration::from_secs(30);

/// What became of one renderer.
#[derive(Debug, PartialEq, Eq)]
pub enum Attempt {
    /// It drew; the window has since closed with this exit code.
    Drew(u8),
    /// It could not draw: why.
    Failed(String),
}

/// Runs this program's window with each renderer in turn; the exit code of the first that
/// drew, or an error when none could.
pub fn supervise() -> anyhow::Result<ExitCode> {
    let program = std::env::current_exe()?;
    let args: Vec<_> = std::env::args_os().skip(1).collect();
    let mut failures = Vec::new();
    for renderer in Renderer::FALLBACK_ORDER {
        let mut command = Command::new(&program);
        command.args(&args).env(RENDERER_VARIABLE, renderer.name());
        match attempt(command, FIRST_FRAME_TIMEOUT)? {
            Attempt::Drew(code) => return Ok(ExitCode::from(code)),
            Attempt::Failed(reason) => {
                tracing::warn!(renderer = renderer.name(), %reason, "renderer could not draw");
                failures.push(format!("{}: {reason}", renderer.name()));
            }
        }
    }
    anyhow::bail!(
        "no renderer could draw the window ({})",
        failures.join("; ")
    )
}

/// Starts `command` as a child that reports its first frame, and waits for that report, the
/// child's end or the timeout (then the child is stopped).
pub fn attempt(mut command: Command, timeout: Duration) -> anyhow::Result<Attempt> {
    let mut child = command
        .env(REPORT_VARIABLE, "1")
        .stdout(Stdio::piped())
        .spawn()?;
    let (drew, reported) = mpsc::channel();
    if let Some(stdout) = child.stdout.take() {
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line == FIRST_FRAME {
                    let _ = drew.send(());
                }
            }
        });
    }
    match reported.recv_timeout(timeout) {
        Ok(()) => Ok(Attempt::Drew(exit_code(&mut child)?)),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let status = child.wait()?;
            Ok(Attempt::Failed(format!("ended before drawing ({status})")))
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            let _ = child.kill();
            let _ = child.wait();
            Ok(Attempt::Failed(format!("nothing drawn within {timeout:?}")))
        }
    }
}

fn exit_code(child: &mut Child) -> anyhow::Result<u8> {
    let status = child.wait()?;
    Ok(status
        .code()
        .and_then(|code| u8::try_from(code).ok())
        .unwrap_or(1))
}

#[cfg(test)]
mod tests;
