/**
 * Text for a terminal, made harmless. Notes, names and descriptions are other people's text: an
 * escape sequence in them could move the cursor, rewrite the screen, set the window title or write
 * the clipboard (OSC 52). Every control character except newline and tab is shown escaped
 * (`\x1b`, `\x07`, `\x9b`, …); the only sequences kept are the colours folio paints itself (SGR:
 * ESC [ digits m), which change nothing but colour, and CRLF line ends.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_OR_COLOUR = /\x1b\[[0-9;]*m|\r\n|[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

const escapeControl = (char: string) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;

export function terminalSafe(text: string): string {
  return text.replace(CONTROL_OR_COLOUR, (match) => (match.length > 1 ? match : escapeControl(match)));
}

/** Every control character escaped, colours too: for messages that quote a user's value. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
export function escapeControls(text: string): string {
  return text.replace(CONTROL, escapeControl);
}

const LONGEST_LINE = 400;

/**
 * An error message fit for one line of a terminal: control characters escaped and each overlong line
 * cut in the middle (a 10,000-character value is echoed as its start and end).
 */
export function messageSafe(message: string): string {
  return message
    .split('\n')
    .map((line) => {
      const safe = escapeControls(line);
      return safe.length <= LONGEST_LINE ? safe : `${safe.slice(0, 300)} … ${safe.slice(-80)}`;
    })
    .join('\n');
}
