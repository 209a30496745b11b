// Copies the browser libraries the hub serves from npm packages into the jar's web root.
// Usage: node scripts/copy-vendor.mjs <output web root>
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const modules = resolve(here, '..', 'node_modules');
const out = resolve(process.argv[2] ?? join(here, '..', 'target', 'classes', 'webroot'));

const copies = [
  ['nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css', 'assets/nhsuk/nhsuk-frontend.min.css'],
  ['nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js', 'assets/nhsuk/nhsuk-frontend.min.js'],
  ['nhsuk-frontend/dist/nhsuk/assets/images', 'assets/images'],
  ['sockjs-client/dist/sockjs.min.js', 'assets/vendor/sockjs.min.js'],
  ['@vertx/eventbus-bridge-client.js/vertx-eventbus.js', 'assets/vendor/vertx-eventbus.js'],
];

for (const [from, to] of copies) {
  const source = join(modules, from);
  if (!existsSync(source)) {
    console.error(`hub-web: ${from} is missing; run "npm ci" in hub-web first`);
    process.exit(1);
  }
  const target = join(out, to);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(source, target, { recursive: true });
}
console.log(`hub-web: copied ${copies.length} browser libraries into ${out}`);
