/** Number formats shared by the benchmark's tables. */
export const seconds = (ms: number): string => (ms / 1000).toFixed(2);
export const milliseconds = (ms: number): string => ms.toFixed(0);

/** A Markdown table. */
export function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}
