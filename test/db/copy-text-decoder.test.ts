import { describe, expect, it } from 'vitest';
import { CopyTextDecoder } from '../../src/db/pg-bulk.js';

/** COPY TO's text format writes a backslash as `\\` and a CR as `\r`; the decoder undoes that, also across chunks. */
describe('CopyTextDecoder', () => {
  // What COPY writes for the note `C:\dir\` followed by a CR and "x": C:\\dir\\\rx
  const copied = 'a\tC:\\\\dir\\\\\\rx\n';
  const expected = 'a\tC:\\dir\\\rx\n';

  it.each(Array.from({ length: copied.length + 1 }, (_, at) => [at]))('gives the same text when the input is cut at %i', (at) => {
    const decoder = new CopyTextDecoder();
    const text = decoder.write(copied.slice(0, at)) + decoder.write(copied.slice(at)) + decoder.end();
    expect(text).toBe(expected);
  });
});

/** For TSV (`tx list` piped), a tab or line feed inside a value becomes a space; the other escapes are undone as above. */
describe('CopyTextDecoder for TSV', () => {
  // What COPY writes for the notes "a<TAB>b<LF>c" and `C:\` then a CR, in two fields of one row.
  const copied = 'a\\tb\\nc\tC:\\\\\\r\n';
  const expected = 'a b c\tC:\\\r\n';

  it.each(Array.from({ length: copied.length + 1 }, (_, at) => [at]))('gives the same text when the input is cut at %i', (at) => {
    const decoder = new CopyTextDecoder({ tsv: true });
    const text = decoder.write(copied.slice(0, at)) + decoder.write(copied.slice(at)) + decoder.end();
    expect(text).toBe(expected);
  });
});
