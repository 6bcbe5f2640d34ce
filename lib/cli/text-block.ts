import { printable } from './printable';

/** Text wrapped at spaces to `width` columns, each line after the first indented by `indent`; a word longer than the line is kept whole. */
export function wrapped(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (line !== '' && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line === '' ? word : `${line} ${word}`;
    }
    lines.push(line);
  }
  return lines.join(`\n${indent}`);
}

/** The width of a field's label column: two spaces of indent, the longest label (`where`), a space. */
const LABEL_COLUMN = 8;

/**
 * A finding for people, as a block laid out to `width` columns: a heading line kept whole (it
 * holds the ID an acknowledgement names), then each labelled field wrapped under its label.
 * Every text may come from a file written by others: escaped for the terminal.
 */
export function labelledBlock(heading: string, fields: readonly (readonly [label: string, text: string])[], width: number): string {
  const indent = ' '.repeat(LABEL_COLUMN);
  return [
    printable(heading),
    ...fields.map(([label, text]) => `  ${label.padEnd(LABEL_COLUMN - 2)}${wrapped(printable(text), width - LABEL_COLUMN, indent)}`),
  ].join('\n');
}
