/**
 * What a command prints: rows of flat values with a fixed column order, so that JSON (the default), CSV and the
 * table show the same fields in the same order — or, for a command that writes a document (`opentalk review`), its
 * text (the parser refuses --csv and --table for those).
 */
export type CommandOutput = RowsOutput | TextOutput;

export interface RowsOutput {
  /** "list": a JSON array (CSV: any number of rows); "item": one JSON object (CSV: one row). */
  shape: "list" | "item";
  columns: readonly string[];
  /** Plain objects; a column missing from a row is null. */
  rows: readonly object[];
}

export interface TextOutput {
  shape: "text";
  text: string;
}

export type OutputFormat = "json" | "csv" | "table";

export function render(output: CommandOutput, format: OutputFormat): string {
  if (output.shape === "text") return output.text;
  if (format === "csv") return renderCsv(output);
  return format === "table" ? renderTable(output) : renderJson(output);
}

/** Two-space indented JSON with the columns in order; absent values are null, never left out. */
export function renderJson(output: RowsOutput): string {
  const objects = output.rows.map((row) => Object.fromEntries(output.columns.map((column) => [column, field(row, column) ?? null])));
  const value = output.shape === "item" ? (objects[0] ?? null) : objects;
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** RFC 4180: a header line, CRLF line ends, fields quoted when they hold a quote, comma or line break. */
export function renderCsv(output: RowsOutput): string {
  const lines = [output.columns.map(csvField), ...output.rows.map((row) => output.columns.map((column) => csvField(field(row, column))))];
  return lines.map((fields) => `${fields.join(",")}\r\n`).join("");
}

/** null and undefined are empty fields; everything else its text. Quotes inside a quoted field are doubled. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Aligned text columns for reading, not for scripts (use JSON or CSV there): a header line, then one line per row,
 * columns two spaces apart. An absent value shows as "-"; line breaks and tabs inside a value as spaces, so that
 * every row stays on one line.
 */
export function renderTable(output: RowsOutput): string {
  const lines = [[...output.columns], ...output.rows.map((row) => output.columns.map((column) => tableField(field(row, column))))];
  const widths = output.columns.map((_, i) => Math.max(...lines.map((cells) => cells[i]!.length)));
  return lines.map((cells) => `${cells.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd()}\n`).join("");
}

function tableField(value: unknown): string {
  if (value === null || value === undefined) return "-";
  const text = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  return text.replace(/\r\n|[\r\n\t]/g, " ");
}

function field(row: object, column: string): unknown {
  return (row as Record<string, unknown>)[column];
}
