'use strict';

// The official Codat SDK, used exactly as its README shows (`new CodatPlatform({ serverURL,
// authHeader })`), plus two test-only observers that change nothing on the wire:
//  - an HTTPClient "response" hook that keeps a copy of every raw exchange, so tests can
//    check the JSON as sent (the SDK's schemas strip unknown keys and accept nulls in places);
//  - a wrapper around every SDK method that records any ResponseValidationError with the
//    SDK's own pretty() text, the request and the raw body, then rethrows it.

const assert = require('node:assert/strict');
const { CodatPlatform } = require('@codat/platform');
const { HTTPClient } = require('@codat/platform/lib/http');
const errors = require('@codat/platform/sdk/models/errors');

/** Every response-validation failure seen by any SDK instance in this process. */
const validationFailures = [];

// Bounded retries: the SDK default (500 ms .. 60 s, for up to an hour on 5XX/429) would turn
// a server bug into a hung test run. Same strategy, same status codes, shorter ceiling.
const RETRY_CONFIG = {
  strategy: 'backoff',
  backoff: { initialInterval: 200, maxInterval: 2000, exponent: 1.5, maxElapsedTime: 10_000 },
  retryConnectionErrors: true,
};

/** `authHeader`: omitted = the server's key; a string = that header; null = no header at all. */
function makeSdk(server, { authHeader = server.authHeader } = {}) {
  const exchanges = [];
  const httpClient = new HTTPClient();
  httpClient.addHook('response', async (res, req) => {
    let text = '';
    try { text = await res.clone().text(); } catch { /* body not readable */ }
    const url = new URL(req.url);
    exchanges.push({
      method: req.method,
      path: url.pathname + url.search,
      status: res.status,
      contentType: res.headers.get('content-type') || '',
      headers: Object.fromEntries(res.headers.entries()),
      text,
    });
  });
  const options = { serverURL: server.baseUrl, httpClient, retryConfig: RETRY_CONFIG, timeoutMs: 30_000 };
  if (authHeader !== null) options.authHeader = authHeader;
  const sdk = new CodatPlatform(options);
  return { sdk: observe(sdk), exchanges };
}

function observe(sdk) {
  return new Proxy(sdk, {
    get(target, group, receiver) {
      const value = Reflect.get(target, group, receiver);
      if (!value || typeof value !== 'object' || typeof group !== 'string') return value;
      return new Proxy(value, {
        get(t, op, r) {
          const fn = Reflect.get(t, op, r);
          if (typeof fn !== 'function' || typeof op !== 'string') return fn;
          return async (...args) => {
            try {
              return await fn.apply(t, args);
            } catch (err) {
              if (err instanceof errors.ResponseValidationError) {
                const failure = {
                  operation: `${group}.${op}`,
                  request: args[0],
                  status: err.statusCode,
                  message: err.pretty(),
                  body: err.body,
                };
                validationFailures.push(failure);
                err.message =
                  `SDK response validation failed in ${failure.operation}(${JSON.stringify(args[0])}) ` +
                  `(HTTP ${failure.status})\n${failure.message}\nraw body: ${failure.body}`;
              }
              throw err;
            }
          };
        },
      });
    },
  });
}

/**
 * Awaits an SDK call that must fail with an HTTP error and returns the thrown error after
 * checking its class and status. `kind` is 'ErrorMessage' (the SDK parsed the body as
 * its ErrorMessage class) or 'SDKError' (the operation declares no ErrorMessage for this
 * status, so the SDK throws its generic error; the body is still checked as ErrorMessage).
 */
async function expectApiError(promise, status, kind = 'ErrorMessage') {
  let thrown;
  try {
    const value = await promise;
    assert.fail(`expected HTTP ${status}, but the call succeeded with ${JSON.stringify(value)}`);
  } catch (err) {
    if (err instanceof assert.AssertionError) throw err;
    thrown = err;
  }
  assert.ok(!(thrown instanceof errors.ResponseValidationError), thrown.message);
  assert.ok(thrown instanceof errors.CodatPlatformError,
    `expected an HTTP error from the SDK, got ${thrown && thrown.name}: ${thrown && thrown.message}`);
  assert.equal(thrown.statusCode, status, `status code; body: ${thrown.body}`);
  const expectedClass = kind === 'ErrorMessage' ? errors.ErrorMessage : errors.SDKError;
  assert.ok(thrown instanceof expectedClass,
    `expected errors.${kind}, got ${thrown.name}: ${thrown.message}`);
  // Whichever class the SDK chose, the body must be the Codat ErrorMessage shape.
  const body = kind === 'ErrorMessage' ? thrown.data$ : JSON.parse(thrown.body);
  assert.equal(body.statusCode, status, 'ErrorMessage.statusCode');
  assert.equal(typeof body.error, 'string', 'ErrorMessage.error');
  assert.ok(body.error.length > 0, 'ErrorMessage.error is empty');
  assert.equal(typeof body.correlationId, 'string', 'ErrorMessage.correlationId');
  assert.ok(body.correlationId.length > 0, 'ErrorMessage.correlationId is empty');
  assert.equal(typeof body.service, 'string', 'ErrorMessage.service');
  thrown.errorBody = body;
  return thrown;
}

module.exports = { makeSdk, expectApiError, validationFailures, errors };
