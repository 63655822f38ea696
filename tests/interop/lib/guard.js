'use strict';

// Runs the server on behalf of the test process and makes sure it never outlives it.
// Usage: node guard.js <dataDir> <command> [args...]
// - stdout/stderr of the server pass straight through;
// - when our stdin closes (the test process exited or was killed, even with SIGKILL),
//   the server is killed and the data folder removed;
// - SIGTERM/SIGINT stop the server gracefully (SIGKILL after 10 s), then clean up;
// - the guard exits with the server's exit code.

const { spawn } = require('node:child_process');
const fs = require('node:fs');

const [dataDir, command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });

let exiting = false;
function cleanup() {
  try { fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }); } catch { /* best effort */ }
}

function stop(signal) {
  if (exiting) return;
  exiting = true;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  if (signal !== 'SIGKILL') setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
}

child.on('error', (err) => {
  process.stderr.write(`guard: could not start ${command}: ${err.message}\n`);
  cleanup();
  process.exit(127);
});
child.on('exit', (code, signal) => {
  cleanup();
  process.exit(code ?? (signal ? 128 + (require('node:os').constants.signals[signal] || 0) : 1));
});

process.stdin.on('data', () => { /* the parent never writes; reading keeps 'end' observable */ });
process.stdin.on('end', () => stop('SIGKILL'));
process.stdin.on('error', () => stop('SIGKILL'));
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGTERM'));
