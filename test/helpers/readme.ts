/**
 * The README's shell examples, as the README test runs them (the convention is documented in the
 * README's Development section):
 * - every line of a ```sh or ```bash block, and every `$ ` line of a ```console block, in order;
 *   blank lines and comment-only lines are not commands; `npx folio` is `folio`;
 * - a trailing `# exit N` comment is the exit code the example states (default 0);
 * - `# password: X` in a line's comment is what is typed at its password prompt;
 * - `<!-- readme-test: skip WHY -->` right before a fence: the block is not run, for that reason;
 * - `<!-- readme-test: skip-line "TEXT" WHY -->` before a fence (one per line): the block's lines
 *   that contain TEXT are not run.
 * Other blocks (cron, yaml, json, ts, plain ```) are not commands.
 */
export interface Example {
  /** The line as written (without the `$ ` prompt of a console block). */
  text: string;
  /** 1-based line of README.md. */
  line: number;
  /** The command without its trailing comment. */
  command: string;
  comment: string;
  expectedExit: number;
  /** Why the example is not run, when it is not. */
  skip: string | null;
  password: string | null;
}

const FENCE = /^```(\w*)\s*$/;
const DIRECTIVE = /^<!--\s*readme-test:\s*(skip-line|skip)\s+(.*?)\s*-->\s*$/;
const RUNNABLE = new Set(['sh', 'bash', 'console']);

/** Splits a shell line into command and trailing comment: a `#` outside quotes that starts a word. */
export function splitComment(line: string): { command: string; comment: string } {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return { command: line.slice(0, i).trim(), comment: line.slice(i + 1).trim() };
  }
  return { command: line.trim(), comment: '' };
}

interface Directives {
  block: string | null;
  lines: Array<{ text: string; why: string; used: boolean; at: number }>;
}

export function readmeExamples(readme: string): { examples: Example[]; unusedSkips: string[] } {
  const examples: Example[] = [];
  const unusedSkips: string[] = [];
  const lines = readme.split('\n');
  let pending: Directives = { block: null, lines: [] };
  for (let i = 0; i < lines.length; i++) {
    const directive = DIRECTIVE.exec(lines[i]!);
    if (directive) {
      if (directive[1] === 'skip') pending.block = directive[2]!;
      else {
        const quoted = /^"([^"]+)"\s*(.*)$/.exec(directive[2]!);
        if (!quoted) throw new Error(`README.md:${i + 1}: skip-line needs "TEXT" and a reason`);
        pending.lines.push({ text: quoted[1]!, why: quoted[2]!, used: false, at: i + 1 });
      }
      continue;
    }
    const fence = FENCE.exec(lines[i]!);
    if (!fence) {
      if (lines[i]!.trim() !== '') pending = { block: null, lines: [] };
      continue;
    }
    const language = fence[1]!;
    const start = i;
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) {
      if (!RUNNABLE.has(language)) continue;
      const example = exampleOf(lines[i]!, i + 1, language, pending);
      if (example) examples.push(example);
    }
    for (const skip of pending.lines) if (!skip.used) unusedSkips.push(`README.md:${skip.at}: "${skip.text}" matches no line of the block at line ${start + 1}`);
    pending = { block: null, lines: [] };
  }
  return { examples, unusedSkips };
}

function exampleOf(raw: string, line: number, language: string, directives: Directives): Example | null {
  let text = raw;
  if (language === 'console') {
    if (!text.startsWith('$ ')) return null;
    text = text.slice(2);
  }
  const { command, comment } = splitComment(text);
  if (command === '') return null;
  const exit = /^exit (\d+)\b/.exec(comment);
  const password = /\bpassword: (\S+)/.exec(comment);
  const lineSkip = directives.lines.find((skip) => text.includes(skip.text));
  if (lineSkip) lineSkip.used = true;
  return {
    text,
    line,
    command: command.replace(/^npx folio\b/, 'folio'),
    comment,
    expectedExit: exit ? Number(exit[1]) : 0,
    skip: directives.block ?? lineSkip?.why ?? null,
    password: password ? password[1]! : null,
  };
}

/** The words of a plain `folio …` line (quotes honoured), or null when it needs a shell (pipes, redirections, `$`, `~`, env assignments, `;`, `&`). */
export function plainFolioArgs(command: string): string[] | null {
  if (!command.startsWith('folio ') && command !== 'folio') return null;
  const words: string[] = [];
  let word: string | null = null;
  let quote: string | null = null;
  for (const c of command) {
    if (quote) {
      if (c === quote) quote = null;
      else word = (word ?? '') + c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word = word ?? '';
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else if ('|<>$~;&`\\()'.includes(c)) return null;
    else word = (word ?? '') + c;
  }
  if (quote) return null;
  if (word !== null) words.push(word);
  return words.slice(1);
}
