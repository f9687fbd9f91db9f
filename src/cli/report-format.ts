import { UsageError } from './exit.js';

/** `--format text|json`: text for people, JSON (stable keys) for CI. */
export type ReportFormat = 'text' | 'json';

export function parseReportFormat(text: string): ReportFormat {
  if (text === 'text' || text === 'json') return text;
  throw new UsageError(`--format must be text or json, not ${JSON.stringify(text)}`);
}
