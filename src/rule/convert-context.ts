import type { Diagnostic } from '../diagnostics.js';
import type { EventKind } from '../ir/event-kind.js';
import type { PathSegment, YamlSource } from './yaml-source.js';

/** What the converters share while turning one rule file into IR: where, and what is known. */
export class ConvertContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly usedLists = new Set<string>();

  constructor(
    readonly source: YamlSource,
    readonly logsources: readonly EventKind[],
    readonly lists: ReadonlyMap<string, readonly string[]>,
    /** Logical fields readable on at least one of the rule's event kinds. */
    readonly fields: ReadonlySet<string>,
  ) {}

  error(path: readonly PathSegment[], message: string, key = false): void {
    this.diagnostics.push({ file: this.source.file, position: this.source.positionOf(path, key), severity: 'error', message });
  }

  warn(path: readonly PathSegment[], message: string, key = false): void {
    this.diagnostics.push({ file: this.source.file, position: this.source.positionOf(path, key), severity: 'warning', message });
  }

  get hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }
}
