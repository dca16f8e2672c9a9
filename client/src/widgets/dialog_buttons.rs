//! The button row that ends a dialog or a form: the action (确定, 保存 …), the way out (取消,
//! 重置 …) and, while the action runs, a spinner. Both stay disabled meanwhile: a double click
//! sends nothing twice, and leaving cannot drop an answer the server is about to give (a new
//! API key's secret, a handling already saved).

use crate::i18n::t;

/// Which button of the row was clicked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogButton {
    /// The first button: do what the dialog is for.
    Confirm,
    /// The second button: leave (or undo) without doing it.
    Cancel,
}

/// Shows the row with `confirm` and `cancel` as the buttons' texts; `busy` disables both and
/// shows a spinner. `Some` with the button clicked this frame.
pub fn dialog_buttons(
    ui: &mut egui::Ui,
    confirm: &str,
    cancel: &str,
    busy: bool,
) -> Option<DialogButton> {
    let mut clicked = None;
    ui.horizontal(|ui| {
        if ui.add_enabled(!busy, egui::Button::new(confirm)).clicked() {
            clicked = Some(DialogButton::Confirm);
        }
        if ui.add_enabled(!busy, egui::Button::new(cancel)).clicked() {
            clicked = Some(DialogButton::Cancel);
        }
        if busy {
            ui.spinner();
        }
    });
    clicked
}

/// What became of a side-panel form this frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormOutcome {
    Open,
    Closed,
    Saved,
    /// The record changed under the user (STALE_VERSION) and he asked for the current data.
    ReloadRequested,
}

/// The 保存 / 取消 row under a form: 保存 runs `save` (the form stays open until the answer
/// comes), 取消 closes the form.
pub fn form_footer(ui: &mut egui::Ui, busy: bool, save: impl FnOnce()) -> FormOutcome {
    match dialog_buttons(ui, t("common.save"), t("common.cancel"), busy) {
        Some(DialogButton::Confirm) => {
            save();
            FormOutcome::Open
        }
        Some(DialogButton::Cancel) => FormOutcome::Closed,
        None => FormOutcome::Open,
    }
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use super::*;

    /// What the row answers when the user clicks Save, then Cancel. (`step`, not `run`: the
    /// spinner of a busy row never lets the frames settle.)
    fn answers_to_save_then_cancel(busy: bool) -> Vec<DialogButton> {
        let show = move |ui: &mut egui::Ui, clicked: &mut Vec<DialogButton>| {
            clicked.extend(dialog_buttons(ui, "Save", "Cancel", busy));
        };
        let mut harness = Harness::new_ui_state(show, Vec::new());
        for label in ["Save", "Cancel"] {
            harness.get_by_label(label).click();
            harness.step();
        }
        harness.state().clone()
    }

    #[test]
    fn each_button_answers_for_itself() {
        let answers = answers_to_save_then_cancel(false);
        assert_eq!(answers, [DialogButton::Confirm, DialogButton::Cancel]);
    }

    /// Leaving while the server works would drop its answer (a new key's secret, a saved
    /// handling the screen then never shows).
    #[test]
    fn while_busy_neither_button_answers() {
        assert_eq!(answers_to_save_then_cancel(true), []);
    }
}
