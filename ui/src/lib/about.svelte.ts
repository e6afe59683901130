// Whether the About dialog is open: the palette's "About Outcrop" and the status bar's version open it.
class AboutDialogState {
  open = $state(false);
}

export const about = new AboutDialogState();
