// The failed-rows file is meant to be opened in a spreadsheet, and holds text
// from the input file and from the server. A cell that starts with =, +, -, @,
// a tab or a carriage return is run as a formula by Excel, LibreOffice and
// Google Sheets (CSV injection, see OWASP's "CSV Injection"). Such a cell is
// written with a leading apostrophe, the spreadsheets' own "this is text"
// mark, which they do not show; an import drops it again, so the file still
// round-trips (an email such as "+ann@example.com" comes back unchanged).

// Formula-leading text, after any apostrophes: `=1+2`, and `'=1+2`, which
// reading drops one apostrophe of, so it is marked too (as `''=1+2`).
const FORMULA_LEADING = /^'*[=+\-@\t\r]/;
const MARKED = /^'(?='*[=+\-@\t\r])/;

/**
 * A cell as written to a CSV file for spreadsheets: formula-leading text
 * marked as text. {@link unmarkCell} gives every cell back as it was, an
 * address that starts with an apostrophe included.
 */
export function neutraliseCell(cell: string): string {
  return FORMULA_LEADING.test(cell) ? `'${cell}` : cell;
}

/** A cell as read from an import file: the apostrophe {@link neutraliseCell} adds is dropped. */
export function unmarkCell(cell: string): string {
  return cell.replace(MARKED, '');
}
