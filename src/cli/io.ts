import type { Readable, Writable } from 'node:stream';

/** Every contact with the terminal goes through this, so commands can run against buffers. */
export interface Io {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  stdinIsTty: boolean;
  stdoutIsTty: boolean;
  stderrIsTty: boolean;
  /** The terminal's width in columns, when stdout is one. */
  columns?: number;
}

export function processIo(): Io {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTty: Boolean(process.stdin.isTTY),
    stdoutIsTty: Boolean(process.stdout.isTTY),
    stderrIsTty: Boolean(process.stderr.isTTY),
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  };
}

/** Reads all of standard input as UTF-8 text. */
export async function readAll(stream: Readable): Promise<string> {
  return (await readAllBytes(stream)).toString('utf8');
}

/** A stream's bytes, undecoded: for files whose encoding is checked before they are read as text. */
export async function readAllBytes(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** Writes respecting back-pressure, so a large export to a slow pipe keeps memory flat. */
export function writeChunk(stream: Writable, text: string): Promise<void> | void {
  if (stream.write(text)) return;
  return new Promise((resolve, reject) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('error', fail);
      resolve();
    };
    const fail = (error: Error) => {
      stream.off('drain', done);
      reject(error);
    };
    stream.once('drain', done);
    stream.once('error', fail);
  });
}
