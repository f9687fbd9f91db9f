import { existsSync, symlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The sources find their data files (`data/`, `schemas/`) two levels up from themselves, which
 * from `dist-bench/src/...` is `dist-bench/`. Linking the project's folders there lets the
 * benchmark run the same code as `dist/`. Imported first by run.ts, so it runs before any use.
 */
const outRoot = fileURLToPath(new URL('../', import.meta.url));
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
for (const name of ['data', 'schemas']) {
  if (!existsSync(outRoot + name)) symlinkSync(projectRoot + name, outRoot + name, 'dir');
}
