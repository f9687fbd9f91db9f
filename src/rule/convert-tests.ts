import { isEventKind } from '../ir/event-kind.js';
import { composeRegistryPath, REGISTRY_PATH, settleRegistryPath, splitRegistryPath } from '../ir/registry-path.js';
import { composeQualifiedName, settleQualifiedName, splitQualifiedName, USER_QUALIFIED_NAME } from '../ir/user-qualified-name.js';
import { fieldSpec } from '../ir/fields.js';
import { REFUSED, refusalMessage, typedField } from '../ir/field-domains.js';
import type { RuleTest, RuleTests } from '../ir/rule.js';
import type { FieldValue, LogicalEvent } from '../ir/value.js';
import type { ConvertContext } from './convert-context.js';
import type { RawEventValue, RawTestCase } from './raw-rule.js';

/**
 * The tests written inside a rule. Test events may nest (`process: {name: sc.exe}`) or use
 * dotted keys; both become the flat logical shape. A field the event's kind does not have is
 * an error: a typo in a fixture would otherwise make a "no match" test pass for the wrong reason.
 */
export function convertTests(raw: { readonly now: string; readonly cases: readonly RawTestCase[] }, derivedNames: ReadonlySet<string>, ctx: ConvertContext): RuleTests {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw.now) || Number.isNaN(Date.parse(raw.now))) {
    ctx.error(['tests', 'now'], '`tests.now` must be an ISO-8601 instant with a zone, like 2026-11-20T12:00:00Z');
  }
  const names = new Set<string>();
  const cases: RuleTest[] = raw.cases.map((c, i) => {
    const path = ['tests', 'cases', i];
    if (names.has(c.name)) ctx.error([...path, 'name'], `two tests are named ${JSON.stringify(c.name)}`);
    names.add(c.name);
    const event = convertEvent(c.event, [...path, 'event'], ctx);
    if (c.derived) {
      for (const key of Object.keys(c.derived)) {
        if (!derivedNames.has(key)) ctx.error([...path, 'derived', key], `\`${key}\` is not a derived field of this rule`, true);
      }
    }
    return Object.freeze({
      name: c.name,
      event,
      expect: c.expect,
      ...(c.derived ? { derived: Object.freeze({ ...c.derived }) } : {}),
      ...(c.reason !== undefined ? { reason: c.reason } : {}),
    });
  });
  return Object.freeze({ now: raw.now, cases: Object.freeze(cases) });
}

function convertEvent(raw: RawTestCase['event'], path: readonly (string | number)[], ctx: ConvertContext): LogicalEvent {
  const flat: Record<string, FieldValue> = Object.create(null) as Record<string, FieldValue>;
  const kind = raw.kind;
  if (!isEventKind(kind)) ctx.error([...path, 'kind'], `unknown event kind \`${kind}\``);
  const visit = (value: RawEventValue, prefix: string, at: readonly (string | number)[]): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value as Record<string, RawEventValue>)) visit(v, prefix ? `${prefix}.${k}` : k, [...at, k]);
      return;
    }
    if (prefix in flat) ctx.error(at, `field \`${prefix}\` is given twice (nested and dotted)`, true);
    if (isEventKind(kind) && !fieldSpec(kind, prefix)) ctx.error(at, `\`${prefix}\` is not a field of ${kind} events (see README, Fields)`, true);
    // A typed field holds what its schemas can (ir/field-domains.ts), as in NDJSON events.
    const typed = isEventKind(kind) ? typedField(kind, prefix) : undefined;
    const read = typed === undefined ? (value as FieldValue) : typed.read(value as FieldValue);
    if (read !== REFUSED) flat[prefix] = read;
    else if (typed !== undefined) ctx.error(at, refusalMessage(typed, JSON.stringify(value)));
  };
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'kind') continue;
    visit(v, k, [...path, k]);
  }
  if (kind === 'registry_set' && REGISTRY_PATH in flat) checkRegistryPath(flat, [...path, REGISTRY_PATH], ctx);
  if (USER_QUALIFIED_NAME in flat) checkQualifiedName(flat, [...path, USER_QUALIFIED_NAME], ctx);
  // A plain object again (no null prototype), frozen: events are values.
  const event: Record<string, FieldValue> = { ...flat, kind };
  settleRegistryPath(event);
  settleQualifiedName(event);
  return Object.freeze(event) as LogicalEvent;
}

/**
 * `registry.path` is derived from hive, key and value name (src/ir/registry-path.ts): a test
 * event may give it instead of the parts, or with them when it says the same.
 */
function checkRegistryPath(flat: Record<string, FieldValue>, at: readonly (string | number)[], ctx: ConvertContext): void {
  const stored = flat[REGISTRY_PATH];
  if (typeof stored !== 'string' || splitRegistryPath(stored) === undefined) {
    ctx.error(at, '`registry.path` must read HIVE\\key\\value: a known hive (HKLM, HKCU, HKU, HKCR), a key and a value name', true);
    return;
  }
  const parts = ['registry.hive', 'registry.key', 'registry.value'];
  if (!parts.some((p) => p in flat)) return;
  const composed = composeRegistryPath(flat['registry.hive'], flat['registry.key'], flat['registry.value']);
  if (composed !== stored) {
    ctx.error(at, `\`registry.path\` is derived from registry.hive, registry.key and registry.value, which give ${composed === undefined ? 'no path' : JSON.stringify(composed)}: give the parts or the path, not both`, true);
  }
}

/**
 * `user.qualified_name` is derived from user.domain and user.name (src/ir/user-qualified-name.ts):
 * a test event may give it instead of the parts, or with them when it says the same.
 */
function checkQualifiedName(flat: Record<string, FieldValue>, at: readonly (string | number)[], ctx: ConvertContext): void {
  const stored = flat[USER_QUALIFIED_NAME];
  if (typeof stored !== 'string' || splitQualifiedName(stored) === undefined) {
    ctx.error(at, '`user.qualified_name` must read DOMAIN\\name, with a domain and a name', true);
    return;
  }
  if (!('user.domain' in flat) && !('user.name' in flat)) return;
  const composed = composeQualifiedName(flat['user.domain'], flat['user.name']);
  if (composed !== stored) {
    ctx.error(at, `\`user.qualified_name\` is derived from user.domain and user.name, which give ${composed === undefined ? 'none' : JSON.stringify(composed)}: give the parts or the name, not both`, true);
  }
}
