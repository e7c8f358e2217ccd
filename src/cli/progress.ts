import type { Ora } from 'ora';
import type { Io } from './io.js';

/**
 * One line of progress on stderr with a spinner, only when stderr is a terminal: never on stdout,
 * never in a pipe or a file, so data and scripts see nothing of it. ora is loaded on the first
 * `show`, so a command that never shows progress (most of them; `whoami`) never loads it.
 */
export class TerminalProgress {
  private spinner?: Ora;
  private loading?: Promise<void>;
  private text = '';

  constructor(
    private readonly io: Pick<Io, 'stderr' | 'stderrIsTty'>,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Whether anything is ever shown: on a terminal that can move its cursor and reports its width. */
  get enabled(): boolean {
    // ora counts the lines to clear by the width: on a terminal of width 0 (a bare pty) that count, and its loop, never end.
    const { columns } = this.io.stderr as { columns?: number };
    return this.io.stderrIsTty && this.env.TERM !== 'dumb' && Boolean(columns);
  }

  /** Shows the line, or replaces it; drawn at once, since a busy replay leaves ora's own timer no turn. */
  show(text: string): Promise<void> | void {
    if (!this.enabled) return;
    this.text = text;
    if (this.spinner) {
      this.spinner.text = text;
      this.spinner.render();
      return;
    }
    if (!this.loading) {
      const loading: Promise<void> = import('ora').then(({ default: ora }) => {
        // stopped (and perhaps shown again) while ora was loading: this start is no longer wanted
        if (this.loading !== loading) return;
        this.spinner = ora({ text: this.text, stream: this.io.stderr, isEnabled: true, discardStdin: false }).start();
      });
      this.loading = loading;
    }
    return this.loading;
  }

  /** Clears the line (the cursor shown again); a later `show` starts a new one. */
  stop(): void {
    this.spinner?.stop();
    this.spinner = undefined;
    this.loading = undefined;
  }
}
