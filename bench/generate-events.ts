import { COMMAND_FRAGMENTS, FOLDERS, HOSTS, IMAGES, USERS } from './corpus-vocabulary.js';
import type { Random } from './random.js';

/** NDJSON of logical process-creation events, the shape `unirule eval` reads. */
export function generateEventLines(rng: Random, count: number): string[] {
  const lines: string[] = [];
  const base = Date.parse('2026-11-20T00:00:00Z');
  for (let i = 0; i < count; i++) {
    const image = rng.pick(IMAGES);
    const folder = rng.pick(FOLDERS);
    const parent = rng.pick(IMAGES);
    const args = Array.from({ length: rng.int(1, 5) }, () => rng.pick(COMMAND_FRAGMENTS));
    lines.push(
      JSON.stringify({
        kind: 'process_creation',
        '@timestamp': new Date(base + i * 300).toISOString(),
        'host.name': rng.pick(HOSTS),
        'user.name': rng.pick(USERS),
        'process.name': rng.chance(0.1) ? image.toUpperCase() : image,
        'process.executable': folder + image,
        'process.command_line': `"${folder}${image}" ${args.join(' ')}`,
        'process.parent.name': parent,
        'process.parent.executable': rng.pick(FOLDERS) + parent,
      }),
    );
  }
  return lines;
}
