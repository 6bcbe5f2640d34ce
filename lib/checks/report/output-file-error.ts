/**
 * A file of a synthesized output (or an app's config) that cannot be read as what it should
 * hold: bad input, reported with the file's name (and the field, when one is wrong) and exit 2,
 * never as an internal error. Its message never quotes what the file holds: at most field paths
 * and the type of a value.
 */
export class OutputFileError extends Error {}
