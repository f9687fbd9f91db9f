/**
 * Every problem with user input is reported as `file:line:col: severity: message`. Library
 * code throws SourceError; the CLI prints it and exits 2 (1 is kept for findings).
 */
export interface SourcePosition {
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly col: number;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly file: string;
  readonly position: SourcePosition;
  readonly severity: Severity;
  readonly message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.position.line}:${d.position.col}: ${d.severity}: ${d.message}`;
}

export class SourceError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'SourceError';
    this.diagnostics = diagnostics;
  }

  static at(file: string, line: number, col: number, message: string): SourceError {
    return new SourceError([{ file, position: { line, col }, severity: 'error', message }]);
  }
}

/** Line and column (1-based) of a 0-based offset in a text. */
export function positionAt(text: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: end - lineStart + 1 };
}
