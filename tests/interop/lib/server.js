'use strict';

// Builds (or reuses) the Switchboard server and runs it as a child process on a free
// loopback port, with a fresh data folder and a known API key, for the interop suite.
// Nothing here reads the shared reference material: the server is built from src/.

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const INTEROP_DIR = path.resolve(__dirname, '..');
const REPO_ROOT = path.resolve(INTEROP_DIR, '..', '..');
const SERVER_PROJECT = path.join(REPO_ROOT, 'src', 'Switchboard.Server');
const BUILD_OUTPUT = path.join(INTEROP_DIR, '.server', 'bin');
const SERVER_DLL_NAME = 'Switchboard.Server.dll';
const GUARD = path.join(__dirname, 'guard.js');

const START_TIMEOUT_MS = Number(process.env.SWITCHBOARD_START_TIMEOUT_MS || 30_000);
const STOP_TIMEOUT_MS = 15_000; // the guard itself escalates to SIGKILL after 10 s
const LOG_LIMIT = 4000; // lines of server output kept for diagnostics
// The line the server logs for every answer of 400 or more (Errors/CorrelationMiddleware.cs).
const SERVER_ERROR_LINE = / answered 5\d\d in /;

/** Runs a command to completion, collecting its output; rejects on a non-zero exit. */
function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output.slice(-8000)}`));
    });
  });
}

/**
 * The server assembly to run: SWITCHBOARD_SERVER_DLL when set (already built), otherwise
 * `dotnet build src/Switchboard.Server -c Release` into tests/interop/.server/bin.
 */
async function resolveServerDll() {
  const given = process.env.SWITCHBOARD_SERVER_DLL;
  if (given) {
    const dll = path.resolve(given);
    if (!fs.existsSync(dll)) throw new Error(`SWITCHBOARD_SERVER_DLL points at a missing file: ${dll}`);
    return dll;
  }
  await run('dotnet', ['build', SERVER_PROJECT, '-c', 'Release', '-o', BUILD_OUTPUT, '-nologo', '-v', 'q'], {
    cwd: REPO_ROOT,
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
  });
  const dll = path.join(BUILD_OUTPUT, SERVER_DLL_NAME);
  if (!fs.existsSync(dll)) throw new Error(`dotnet build succeeded but ${dll} is missing`);
  return dll;
}

/** A loopback port that was free a moment ago (bind port 0, read it, release it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** The inherited environment minus anything that could redirect the server's configuration. */
function hermeticEnv() {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(Switchboard__|ASPNETCORE_|DOTNET_ENVIRONMENT$|ConnectionStrings__)/i.test(name)) delete env[name];
  }
  return env;
}

const running = new Set();

// Synchronous last resort (process exit, signals): ask the guard to stop the server. Even
// if this process dies before the guard acts, the guard sees its stdin close and kills it.
function killNow(server) {
  if (server.child.exitCode === null && server.child.signalCode === null) {
    try { server.child.kill('SIGTERM'); } catch { /* already gone */ }
  }
  try { fs.rmSync(server.dataDir, { recursive: true, force: true }); } catch { /* best effort */ }
  running.delete(server);
}

let handlersInstalled = false;
function installExitHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => { for (const s of [...running]) killNow(s); });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      for (const s of [...running]) killNow(s);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

/**
 * Starts one server: fresh temp data folder, random bootstrap API key, random encryption
 * key, Production environment, `--urls http://127.0.0.1:<free port>`. Resolves once
 * GET /integrations answers 200 with the key. Retries on another port if the process dies
 * while starting (for example because the port was taken in between).
 */
async function startServer(dll, attempts = 3) {
  let lastError;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await startOnce(dll);
    } catch (err) {
      lastError = err;
      if (!err.retryable) break;
    }
  }
  throw lastError;
}

async function startOnce(dll) {
  installExitHandlers();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const apiKey = crypto.randomBytes(16).toString('hex');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-interop-'));
  const env = {
    ...hermeticEnv(),
    ASPNETCORE_ENVIRONMENT: 'Production',
    Switchboard__BootstrapApiKey: apiKey,
    Switchboard__EncryptionKey: crypto.randomBytes(32).toString('base64'),
    Switchboard__DataDirectory: dataDir,
    DOTNET_CLI_TELEMETRY_OPTOUT: '1',
    DOTNET_NOLOGO: '1',
  };
  // The server runs under lib/guard.js, which kills it if this process goes away in any way.
  const child = spawn(process.execPath, [GUARD, dataDir, 'dotnet', dll, '--urls', baseUrl], {
    cwd: path.dirname(dll),
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines = [];
  // Every 5xx the server answered, kept apart from the trimmed log: the SDK retries 5xx on its own, so a test that
  // passes may have hidden one (checked after the suite, see test/).
  const serverErrors = [];
  const collect = (chunk) => {
    for (const line of String(chunk).split(/\r?\n/)) {
      if (line) lines.push(line);
      if (SERVER_ERROR_LINE.test(line)) serverErrors.push(line.trim());
    }
    if (lines.length > LOG_LIMIT) lines.splice(0, lines.length - LOG_LIMIT);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  // 'close' comes after 'exit', once the server's output has been read to the end.
  const closed = new Promise((resolve) => child.once('close', resolve));
  const server = {
    baseUrl,
    port,
    apiKey,
    authHeader: `Basic ${Buffer.from(apiKey, 'utf8').toString('base64')}`,
    dataDir,
    child,
    logText: () => lines.join('\n'),
    serverErrors: () => [...serverErrors],
    stop: () => stopServer(server, exited, closed),
  };
  running.add(server);

  const deadline = Date.now() + START_TIMEOUT_MS;
  let exitInfo = null;
  exited.then((info) => { exitInfo = info; });
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (exitInfo) {
      killNow(server);
      const err = new Error(
        `Switchboard exited while starting (${exitInfo.signal ?? `exit ${exitInfo.code}`}) on ${baseUrl}:\n${server.logText()}`);
      err.retryable = /address already in use|EADDRINUSE|Failed to bind/i.test(server.logText());
      throw err;
    }
    try {
      const res = await fetch(`${baseUrl}/integrations?pageSize=1`, {
        headers: { Authorization: server.authHeader, Accept: 'application/json' },
        signal: AbortSignal.timeout(2000),
      });
      await res.arrayBuffer();
      if (res.status === 200) return server;
      lastProblem = `GET /integrations answered ${res.status}`;
    } catch (err) {
      lastProblem = String(err && err.cause ? err.cause.code || err.cause : err);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await server.stop();
  throw new Error(`Switchboard did not answer within ${START_TIMEOUT_MS} ms at ${baseUrl} (${lastProblem}):\n${server.logText()}`);
}

async function stopServer(server, exited, closed) {
  if (!running.has(server)) return;
  const { child } = server;
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timedOut = await Promise.race([
      exited.then(() => false),
      new Promise((r) => setTimeout(() => r(true), STOP_TIMEOUT_MS).unref()),
    ]);
    if (timedOut) {
      child.kill('SIGKILL');
      await exited;
    }
  }
  await Promise.race([closed, new Promise((r) => setTimeout(r, STOP_TIMEOUT_MS).unref())]);
  // SQLite may still be closing its files for a moment after exit; retry the removal.
  fs.rmSync(server.dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  running.delete(server);
}

module.exports = { resolveServerDll, startServer, REPO_ROOT };
