/**
 * Free text (notes, names, descriptions, settings) is stored and shown to other people: control
 * characters have no place in it. A NUL cannot even be stored on Postgres; ESC, BEL, CR and the C1
 * range would drive the terminal of whoever reads the text. Tab is allowed in free text, and a note
 * may span lines (LF or CRLF); names allow neither.
 */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

export type Allowed = 'tab' | 'tab and line breaks' | 'none';

const ALLOWED: Record<Allowed, string> = { tab: '\t', 'tab and line breaks': '\t\n', none: '' };

/** The first control character of `text` not allowed, as `U+001B`, or null when there is none. */
export function controlCharacterIn(text: string, allowed: Allowed = 'tab'): string | null {
  for (const match of text.matchAll(CONTROLS)) {
    const lineBreak = allowed === 'tab and line breaks' && match[0] === '\r' && text[match.index + 1] === '\n'; // CRLF
    if (!ALLOWED[allowed].includes(match[0]) && !lineBreak) return `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return null;
}

/** A one-line refusal, or null when `text` is plain: `what` names the field, e.g. "the note". */
export function controlCharacterProblem(what: string, text: string, allowed: Allowed = 'tab'): string | null {
  const found = controlCharacterIn(text, allowed);
  if (!found) return null;
  const allowing = { tab: '; a tab is fine', 'tab and line breaks': '; tabs and line breaks are fine', none: '' }[allowed];
  return `${what} must not contain control characters (found ${found}${allowing})`;
}
