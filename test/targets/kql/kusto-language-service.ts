import { createRequire } from 'node:module';
import { DEFENDER_TABLES, LOG_ANALYTICS_COLUMNS, type Columns } from '../../../src/targets/kql/tables.js';

/**
 * Microsoft's own Kusto parser and analyser (`@kusto/language-service-next`, pinned in
 * package.json: its constructors are numbered, `$ctor7`, and move between versions). It loads
 * as scripts that define the global `Kusto`, once per test process (1-1.5 s).
 */
interface KustoDiagnostic {
  readonly Code: string;
  readonly Severity: string;
  readonly Message: string;
  readonly Start: number;
}
interface DiagnosticList {
  readonly Count: number;
  getItem(i: number): KustoDiagnostic;
}
interface KustoLanguage {
  Symbols: {
    TableSymbol: { $ctor7: new (name: string, schema: string, description: string | null) => unknown };
    DatabaseSymbol: { $ctor1: new (name: string, members: unknown[], isOpen: boolean) => unknown };
  };
  GlobalState: { Default: { WithDatabase(db: unknown): unknown } };
  KustoCode: { ParseAndAnalyze(text: string, globals: unknown): { GetDiagnostics(): DiagnosticList } };
}

let language: KustoLanguage | undefined;
const globalsByFlavour = new Map<string, unknown>();

function load(): KustoLanguage {
  if (!language) {
    const require = createRequire(import.meta.url);
    require('@kusto/language-service-next/bridge.min.js');
    require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
    language = (globalThis as unknown as { Kusto: { Language: KustoLanguage } }).Kusto.Language;
  }
  return language;
}

function schemaText(columns: Columns): string {
  return `(${Object.entries(columns).map(([name, type]) => `${name}:${type}`).join(', ')})`;
}

/** The Defender tables as a database; Sentinel's copies add TimeGenerated, Type and TenantId. */
function globals(flavour: 'defender' | 'sentinel'): unknown {
  let g = globalsByFlavour.get(flavour);
  if (!g) {
    const K = load();
    const tables = Object.entries(DEFENDER_TABLES).map(
      ([name, cols]) => new K.Symbols.TableSymbol.$ctor7(name, schemaText(flavour === 'sentinel' ? { ...cols, ...LOG_ANALYTICS_COLUMNS } : cols), null),
    );
    g = K.GlobalState.Default.WithDatabase(new K.Symbols.DatabaseSymbol.$ctor1('hunting', tables, false));
    globalsByFlavour.set(flavour, g);
  }
  return g;
}

export interface Finding {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly offset: number;
}

/** Syntax and semantic diagnostics (errors and warnings) of a query against the Defender schema. */
export function kustoDiagnostics(text: string, flavour: 'defender' | 'sentinel' = 'defender'): Finding[] {
  const list = load().KustoCode.ParseAndAnalyze(text, globals(flavour)).GetDiagnostics();
  const out: Finding[] = [];
  for (let i = 0; i < list.Count; i++) {
    const d = list.getItem(i);
    out.push({ code: d.Code, severity: d.Severity, message: d.Message, offset: d.Start });
  }
  return out;
}

export function kustoErrors(text: string, flavour: 'defender' | 'sentinel' = 'defender'): Finding[] {
  return kustoDiagnostics(text, flavour).filter((d) => d.severity === 'Error');
}
