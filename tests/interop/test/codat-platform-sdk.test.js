'use strict';

// The official Codat TypeScript SDK (@codat/platform, pinned in package.json) run unchanged
// against a freshly built Switchboard server. Every call goes through the SDK, which
// validates each response against its own schemas; the raw exchanges are also kept so the
// wire details the SDK tolerates (nulls, timestamp form) can be checked.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');

const { resolveServerDll, startServer } = require('../lib/server');
const { makeSdk, expectApiError, validationFailures } = require('../lib/sdk');

const SETUP_TIMEOUT_MS = 15 * 60 * 1000; // a cold `dotnet build` with restore on a slow machine
const TEST_TIMEOUT_MS = 60_000;

const STATUSES = ['PendingAuth', 'Linked', 'Unlinked', 'Deauthorized'];
const SOURCE_TYPES = ['Accounting', 'Banking', 'BankFeed', 'Commerce', 'Expense', 'Other', 'Unknown'];
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

let server;
let sdk;
let exchanges;

const unique = (prefix) => `${prefix}-${crypto.randomBytes(4).toString('hex')}`;
const t = { timeout: TEST_TIMEOUT_MS };

/** The raw JSON body of the last exchange matching method and path prefix. */
function lastRaw(method, pathPrefix) {
  for (let i = exchanges.length - 1; i >= 0; i--) {
    const x = exchanges[i];
    if (x.method === method && x.path.startsWith(pathPrefix)) return JSON.parse(x.text);
  }
  assert.fail(`no ${method} ${pathPrefix} exchange recorded`);
}

function assertConnectionShape(c) {
  for (const field of ['id', 'integrationId', 'sourceId', 'platformName', 'linkUrl', 'created']) {
    assert.equal(typeof c[field], 'string', `connection.${field}`);
    assert.ok(c[field].length > 0, `connection.${field} is empty`);
  }
  assert.ok(STATUSES.includes(c.status), `connection.status ${c.status}`);
  assert.ok(SOURCE_TYPES.includes(c.sourceType), `connection.sourceType ${c.sourceType}`);
  assert.match(c.created, ISO_UTC, 'connection.created');
  if (c.lastSync !== undefined) assert.match(c.lastSync, ISO_UTC, 'connection.lastSync');
}

function expectedLinkPage(companyId, connectionId) {
  return `${server.baseUrl}/link/companies/${companyId}/connections/${connectionId}/start`;
}

// A linkUrl is its connection's page with a signed token for the connection's current version.
function assertLinkUrl(linkUrl, companyId, connectionId) {
  const [page, query] = linkUrl.split('?');
  assert.equal(page, expectedLinkPage(companyId, connectionId));
  assert.match(query, /^token=[A-Za-z0-9_-]+$/);
}

/** (created, id) ascending: the documented default order of a list. */
function byCreatedThenId(a, b) {
  const d = Date.parse(a.created) - Date.parse(b.created);
  return d !== 0 ? d : (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

describe('@codat/platform 6.2.1 against Switchboard', () => {
  before(async () => {
    const dll = await resolveServerDll();
    server = await startServer(dll);
    ({ sdk, exchanges } = makeSdk(server));
  }, { timeout: SETUP_TIMEOUT_MS });

  after(async () => {
    if (!server) return;
    // Stopped first, so every line the server logged has been read.
    await server.stop();
    assert.deepEqual(server.serverErrors(), [], 'the server answered 5xx (the SDK retries those silently)');
  });

  describe('integrations', () => {
    let xero;

    it('list returns the built-in catalogue with paging metadata', t, async () => {
      const res = await sdk.integrations.list({ page: 1, pageSize: 5000 });
      assert.equal(res.pageNumber, 1);
      assert.equal(res.pageSize, 5000);
      assert.ok(res.totalResults >= 37, `totalResults ${res.totalResults}`);
      assert.equal(res.results.length, res.totalResults);
      assert.equal(res.links.self.href, '/integrations');
      assert.equal(res.links.next, undefined, 'no next link on the only page');
      assert.equal(res.links.previous, undefined, 'no previous link on page 1');
      for (const i of res.results) {
        assert.match(i.key, /^[a-z]{4}$/, `integration key ${i.key}`);
        assert.ok(SOURCE_TYPES.includes(i.sourceType), `${i.key} sourceType ${i.sourceType}`);
        assert.equal(typeof i.enabled, 'boolean');
      }
      const byKey = new Map(res.results.map((i) => [i.key, i]));
      assert.equal(byKey.size, res.results.length, 'keys are unique');
      for (const [key, name, type] of [
        ['gbol', 'Xero', 'Accounting'],
        ['mqjo', 'Sandbox', 'Accounting'],
        ['qhyg', 'QuickBooks Online', 'Accounting'],
        ['suuo', 'Plaid', 'Banking'],
        ['fztf', 'Shopify', 'Commerce'],
      ]) {
        const i = byKey.get(key);
        assert.ok(i, `integration ${key} is listed`);
        assert.equal(i.name, name);
        assert.equal(i.sourceType, type);
        assert.equal(i.enabled, true);
      }
    });

    it('list pages, filters and orders', t, async () => {
      const all = await sdk.integrations.list({ pageSize: 5000 });
      const page2 = await sdk.integrations.list({ page: 2, pageSize: 10 });
      assert.equal(page2.pageNumber, 2);
      assert.equal(page2.pageSize, 10);
      assert.equal(page2.totalResults, all.totalResults);
      assert.equal(page2.results.length, 10);
      assert.deepEqual(page2.results.map((i) => i.key), all.results.slice(10, 20).map((i) => i.key));
      assert.ok(page2.links.previous && page2.links.previous.href, 'previous link on page 2');
      assert.ok(page2.links.next && page2.links.next.href, 'next link when more pages exist');
      assert.match(page2.links.current.href, /page=2/);
      assert.match(page2.links.current.href, /pageSize=10/);

      const banking = await sdk.integrations.list({ query: 'sourceType=Banking', orderBy: 'name' });
      assert.deepEqual(banking.results.map((i) => i.key), ['suuo', 'upvr']);
      assert.equal(banking.totalResults, 2);

      const desc = await sdk.integrations.list({ query: 'sourceType=Commerce', orderBy: '-name', pageSize: 5000 });
      const names = desc.results.map((i) => i.name);
      assert.ok(names.length > 1);
      assert.deepEqual(names, [...names].sort().reverse(), 'ordered by name descending');
    });

    it('get returns one integration with stable ids', t, async () => {
      xero = await sdk.integrations.get({ platformKey: 'gbol' });
      assert.equal(xero.key, 'gbol');
      assert.equal(xero.name, 'Xero');
      assert.equal(xero.sourceType, 'Accounting');
      assert.equal(xero.enabled, true);
      assert.equal(typeof xero.logoUrl, 'string');
      assert.match(xero.integrationId, /^[0-9a-f-]{36}$/i);
      assert.match(xero.sourceId, /^[0-9a-f-]{36}$/i);
      const listed = (await sdk.integrations.list({ query: 'key=gbol' })).results;
      assert.equal(listed.length, 1);
      assert.equal(listed[0].integrationId, xero.integrationId);
      assert.equal(listed[0].sourceId, xero.sourceId);
    });

    it('getBranding answers for a known integration', t, async () => {
      const branding = await sdk.integrations.getBranding({ platformKey: 'gbol' });
      assert.equal(typeof branding, 'object');
      if (branding.sourceId !== undefined) assert.equal(branding.sourceId, xero.sourceId);
    });

    it('get of an unknown platform key is a 404 ErrorMessage', t, async () => {
      await expectApiError(sdk.integrations.get({ platformKey: 'zzzz' }), 404);
    });
  });

  describe('companies', () => {
    let company;
    const name = unique('InteropCo');

    it('create returns the company', t, async () => {
      company = await sdk.companies.create({
        name,
        description: 'created by the Codat SDK interop suite',
        tags: { region: 'uk', team: 'interop' },
      });
      assert.match(company.id, /^[0-9a-f-]{36}$/i);
      assert.equal(company.name, name);
      assert.equal(company.description, 'created by the Codat SDK interop suite');
      assert.deepEqual(company.tags, { region: 'uk', team: 'interop' });
      assert.equal(typeof company.redirect, 'string');
      assert.ok(company.redirect.length > 0);
      assert.match(company.created, ISO_UTC);
    });

    it('get returns the same company with its (empty) data connections', t, async () => {
      const got = await sdk.companies.get({ companyId: company.id });
      assert.equal(got.id, company.id);
      assert.equal(got.name, name);
      assert.equal(got.description, company.description);
      assert.deepEqual(got.tags, company.tags);
      assert.equal(got.redirect, company.redirect);
      assert.equal(got.created, company.created);
      assert.deepEqual(got.dataConnections, []);
    });

    it('list finds it by query', t, async () => {
      const res = await sdk.companies.list({ query: `name=${name}`, orderBy: '-created', page: 1, pageSize: 100 });
      assert.equal(res.totalResults, 1);
      assert.equal(res.pageNumber, 1);
      assert.equal(res.pageSize, 100);
      assert.equal(res.results.length, 1);
      assert.equal(res.results[0].id, company.id);
      assert.equal(res.links.self.href, '/companies');
      const byId = await sdk.companies.list({ query: `id=${company.id}` });
      assert.deepEqual(byId.results.map((c) => c.id), [company.id]);
    });

    it('list with orderBy "-modifiedDate" (as connections.list accepts, and as the SDK README uses)', t, async () => {
      const res = await sdk.companies.list({ query: `id=${company.id}`, orderBy: '-modifiedDate', page: 1, pageSize: 100 });
      assert.equal(res.totalResults, 1);
      assert.deepEqual(res.results.map((c) => c.id), [company.id]);
    });

    it('the SDK README example call runs unchanged (query, orderBy "-modifiedDate", tags)', t, async () => {
      // Verbatim from node_modules/@codat/platform/README.md "SDK Example Usage".
      const res = await sdk.companies.list({
        query: 'id=e3334455-1aed-4e71-ab43-6bccf12092ee',
        orderBy: '-modifiedDate',
        tags: 'region=uk && team=invoice-finance',
      });
      assert.equal(res.totalResults, 0);
      assert.deepEqual(res.results, []);
    });

    it('update (PATCH) changes the given fields only', t, async () => {
      const renamed = `${name} renamed`;
      const updated = await sdk.companies.update({ companyId: company.id, companyUpdateRequest: { name: renamed } });
      assert.equal(updated.id, company.id);
      assert.equal(updated.name, renamed);
      assert.equal(updated.description, company.description);
      assert.deepEqual(updated.tags, company.tags);
      const got = await sdk.companies.get({ companyId: company.id });
      assert.equal(got.name, renamed);
    });

    it('replace (PUT) sets the company', t, async () => {
      const replaced = await sdk.companies.replace({
        companyId: company.id,
        companyRequestBody: { name: `${name} replaced`, description: 'replaced', tags: { team: 'interop' } },
      });
      assert.equal(replaced.id, company.id);
      assert.equal(replaced.name, `${name} replaced`);
      assert.equal(replaced.description, 'replaced');
      assert.deepEqual(replaced.tags, { team: 'interop' });
    });

    it('delete removes it; a later get is a 404 ErrorMessage', t, async () => {
      const res = await sdk.companies.delete({ companyId: company.id });
      assert.equal(res, undefined);
      await expectApiError(sdk.companies.get({ companyId: company.id }), 404);
      const list = await sdk.companies.list({ query: `id=${company.id}` });
      assert.equal(list.totalResults, 0);
      assert.deepEqual(list.results, []);
    });

    it('deleting a company deletes its connections', t, async () => {
      const co = await sdk.companies.create({ name: unique('DoomedCo') });
      const conn = await sdk.connections.create({ companyId: co.id, requestBody: { platformKey: 'mqjo' } });
      await sdk.companies.delete({ companyId: co.id });
      await expectApiError(sdk.connections.get({ companyId: co.id, connectionId: conn.id }), 404);
    });
  });

  describe('connections: lifecycle of a Xero (gbol) connection', () => {
    let company;
    let xero;
    let created;
    const accessToken = `at-${crypto.randomBytes(12).toString('hex')}`;
    const refreshToken = `rt-${crypto.randomBytes(12).toString('hex')}`;

    before(async () => {
      company = await sdk.companies.create({ name: unique('LifecycleCo') });
      xero = await sdk.integrations.get({ platformKey: 'gbol' });
    });

    it('create (the SDK doc example) returns a PendingAuth connection', t, async () => {
      created = await sdk.connections.create({ requestBody: { platformKey: 'gbol' }, companyId: company.id });
      assertConnectionShape(created);
      assert.equal(created.status, 'PendingAuth');
      assert.equal(created.integrationKey, 'gbol');
      assert.equal(created.platformName, 'Xero');
      assert.equal(created.sourceType, 'Accounting');
      assert.equal(created.integrationId, xero.integrationId);
      assert.equal(created.sourceId, xero.sourceId);
      assertLinkUrl(created.linkUrl, company.id, created.id);
      assert.equal(created.lastSync, undefined);
      const raw = lastRaw('POST', `/companies/${company.id}/connections`);
      assert.ok(!('lastSync' in raw), `lastSync must be omitted, not ${JSON.stringify(raw.lastSync)}`);
    });

    it('get returns the same connection', t, async () => {
      const got = await sdk.connections.get({ companyId: company.id, connectionId: created.id });
      assert.deepEqual(got, created);
    });

    it('the company shows it in dataConnections', t, async () => {
      const got = await sdk.companies.get({ companyId: company.id });
      assert.deepEqual(got.dataConnections.map((c) => c.id), [created.id]);
      assert.equal(got.dataConnections[0].status, 'PendingAuth');
    });

    it('unlink of a PendingAuth connection is a 409', t, async () => {
      const err = await expectApiError(
        sdk.connections.unlink({ companyId: company.id, connectionId: created.id, updateConnectionStatus: { status: 'Unlinked' } }),
        409, 'SDKError');
      assert.match(err.errorBody.error, /PendingAuth/);
      const got = await sdk.connections.get({ companyId: company.id, connectionId: created.id });
      assert.equal(got.status, 'PendingAuth', 'a refused unlink changes nothing');
    });

    it('updateAuthorization without a required key is a 400 naming it', t, async () => {
      const err = await expectApiError(
        sdk.connections.updateAuthorization({ companyId: company.id, connectionId: created.id, requestBody: { accessToken } }),
        400, 'SDKError');
      assert.match(err.errorBody.error, /refreshToken/);
      const got = await sdk.connections.get({ companyId: company.id, connectionId: created.id });
      assert.equal(got.status, 'PendingAuth');
    });

    it('updateAuthorization with accessToken and refreshToken links it', t, async () => {
      const linked = await sdk.connections.updateAuthorization({
        companyId: company.id,
        connectionId: created.id,
        requestBody: { accessToken, refreshToken },
      });
      assertConnectionShape(linked);
      assert.equal(linked.id, created.id);
      assert.equal(linked.status, 'Linked');
      assert.equal(linked.platformName, 'Xero');
      assert.equal(linked.integrationId, created.integrationId);
      assert.equal(linked.created, created.created);
      assert.equal(linked.linkUrl.split('?')[0], created.linkUrl.split('?')[0]);
      const raw = JSON.stringify(lastRaw('PUT', `/companies/${company.id}/connections/${created.id}/authorization`));
      assert.ok(!raw.includes(accessToken) && !raw.includes(refreshToken), `credentials echoed back: ${raw}`);
    });

    it('get and list show it Linked', t, async () => {
      const got = await sdk.connections.get({ companyId: company.id, connectionId: created.id });
      assert.equal(got.status, 'Linked');
      const list = await sdk.connections.list({ companyId: company.id, query: 'status=Linked' });
      assert.deepEqual(list.results.map((c) => c.id), [created.id]);
    });

    it('updateAuthorization again rotates credentials and stays Linked', t, async () => {
      const again = await sdk.connections.updateAuthorization({
        companyId: company.id,
        connectionId: created.id,
        requestBody: { accessToken: `${accessToken}-2`, refreshToken: `${refreshToken}-2` },
      });
      assert.equal(again.status, 'Linked');
    });

    it('unlink moves it to Unlinked', t, async () => {
      const unlinked = await sdk.connections.unlink({
        companyId: company.id,
        connectionId: created.id,
        updateConnectionStatus: { status: 'Unlinked' },
      });
      assertConnectionShape(unlinked);
      assert.equal(unlinked.id, created.id);
      assert.equal(unlinked.status, 'Unlinked');
      assert.equal(unlinked.platformName, 'Xero');
      const got = await sdk.connections.get({ companyId: company.id, connectionId: created.id });
      assert.equal(got.status, 'Unlinked');
    });

    it('unlink of an Unlinked connection is a no-op that returns it', t, async () => {
      const again = await sdk.connections.unlink({
        companyId: company.id,
        connectionId: created.id,
        updateConnectionStatus: { status: 'Unlinked' },
      });
      assert.equal(again.id, created.id);
      assert.equal(again.status, 'Unlinked');
    });

    it('unlink asking for another status is a 400', t, async () => {
      await expectApiError(
        sdk.connections.unlink({ companyId: company.id, connectionId: created.id, updateConnectionStatus: { status: 'Linked' } }),
        400, 'SDKError');
      const got = await sdk.connections.get({ companyId: company.id, connectionId: created.id });
      assert.equal(got.status, 'Unlinked');
    });

    it('updateAuthorization re-links an Unlinked connection', t, async () => {
      const relinked = await sdk.connections.updateAuthorization({
        companyId: company.id,
        connectionId: created.id,
        requestBody: { accessToken, refreshToken },
      });
      assert.equal(relinked.status, 'Linked');
    });

    it('unlink exactly as the SDK doc example (updateConnectionStatus: {}) unlinks', t, async () => {
      const unlinked = await sdk.connections.unlink({
        updateConnectionStatus: {},
        companyId: company.id,
        connectionId: created.id,
      });
      assert.equal(unlinked.status, 'Unlinked');
    });

    it('delete removes it for good', t, async () => {
      const res = await sdk.connections.delete({ companyId: company.id, connectionId: created.id });
      assert.equal(res, undefined);
      await expectApiError(sdk.connections.get({ companyId: company.id, connectionId: created.id }), 404);
      const list = await sdk.connections.list({ companyId: company.id });
      assert.equal(list.totalResults, 0);
      assert.deepEqual(list.results, []);
      await expectApiError(
        sdk.connections.updateAuthorization({ companyId: company.id, connectionId: created.id, requestBody: { accessToken, refreshToken } }),
        404);
      await expectApiError(
        sdk.connections.unlink({ companyId: company.id, connectionId: created.id, updateConnectionStatus: { status: 'Unlinked' } }),
        404);
      await expectApiError(sdk.connections.delete({ companyId: company.id, connectionId: created.id }), 404);
    });

    it('the credentials never reached the server log', t, async () => {
      const log = server.logText();
      assert.ok(log.length > 0, 'server output was captured');
      for (const secret of [accessToken, refreshToken]) {
        assert.ok(!log.includes(secret), 'a credential value appears in the server output');
      }
    });
  });

  describe('connections: Sandbox (mqjo) needs no authorization keys', () => {
    it('create, authorize with an empty map, unlink', t, async () => {
      const co = await sdk.companies.create({ name: unique('SandboxCo') });
      const c = await sdk.connections.create({ companyId: co.id, requestBody: { platformKey: 'mqjo' } });
      assertConnectionShape(c);
      assert.equal(c.status, 'PendingAuth');
      assert.equal(c.integrationKey, 'mqjo');
      assert.equal(c.platformName, 'Sandbox');
      assert.equal(c.sourceType, 'Accounting');
      assertLinkUrl(c.linkUrl, co.id, c.id);
      const linked = await sdk.connections.updateAuthorization({ companyId: co.id, connectionId: c.id, requestBody: {} });
      assert.equal(linked.status, 'Linked');
      const unlinked = await sdk.connections.unlink({ companyId: co.id, connectionId: c.id, updateConnectionStatus: { status: 'Unlinked' } });
      assert.equal(unlinked.status, 'Unlinked');
      await sdk.companies.delete({ companyId: co.id });
    });
  });

  describe('connections: list with page, pageSize, orderBy and query', () => {
    let company;
    const ids = {}; // a, b, c: Sandbox; d, e: Xero
    let all;

    before(async () => {
      company = await sdk.companies.create({ name: unique('PagingCo') });
      for (const [name, key] of [['a', 'mqjo'], ['b', 'mqjo'], ['c', 'mqjo'], ['d', 'gbol'], ['e', 'gbol']]) {
        ids[name] = (await sdk.connections.create({ companyId: company.id, requestBody: { platformKey: key } })).id;
      }
      // e: Linked then Unlinked; a: Linked (the last change of all: a company links one accounting platform at a
      // time, so Xero is unlinked before the Sandbox links); b, c, d: PendingAuth.
      await sdk.connections.updateAuthorization({
        companyId: company.id, connectionId: ids.e, requestBody: { accessToken: 'x', refreshToken: 'y' },
      });
      await sdk.connections.unlink({ companyId: company.id, connectionId: ids.e, updateConnectionStatus: { status: 'Unlinked' } });
      await new Promise((r) => setTimeout(r, 20));
      await sdk.connections.updateAuthorization({ companyId: company.id, connectionId: ids.a, requestBody: {} });
    });

    it('default list: page 1, pageSize 100, all connections in (created, id) order', t, async () => {
      const res = await sdk.connections.list({ companyId: company.id });
      assert.equal(res.pageNumber, 1);
      assert.equal(res.pageSize, 100);
      assert.equal(res.totalResults, 5);
      assert.equal(res.results.length, 5);
      res.results.forEach(assertConnectionShape);
      assert.deepEqual(res.results.map((c) => c.id), [...res.results].sort(byCreatedThenId).map((c) => c.id));
      assert.deepEqual(new Set(res.results.map((c) => c.id)), new Set(Object.values(ids)));
      assert.equal(res.links.self.href, `/companies/${company.id}/connections`);
      assert.match(res.links.current.href, new RegExp(`^/companies/${company.id}/connections\\?`));
      assert.equal(res.links.next, undefined);
      assert.equal(res.links.previous, undefined);
      all = res.results;
      const byId = Object.fromEntries(all.map((c) => [c.id, c]));
      assert.equal(byId[ids.a].status, 'Linked');
      assert.equal(byId[ids.b].status, 'PendingAuth');
      assert.equal(byId[ids.d].status, 'PendingAuth');
      assert.equal(byId[ids.e].status, 'Unlinked');
      assert.equal(byId[ids.a].platformName, 'Sandbox');
      assert.equal(byId[ids.e].platformName, 'Xero');
    });

    it('the SDK doc example: orderBy "-modifiedDate", page 1, pageSize 100', t, async () => {
      const res = await sdk.connections.list({ companyId: company.id, orderBy: '-modifiedDate', page: 1, pageSize: 100 });
      assert.equal(res.pageNumber, 1);
      assert.equal(res.pageSize, 100);
      assert.equal(res.totalResults, 5);
      assert.equal(res.results.length, 5);
      assert.equal(res.results[0].id, ids.a, 'the most recently modified connection comes first');
      assert.deepEqual(new Set(res.results.map((c) => c.id)), new Set(Object.values(ids)));
      assert.match(res.links.current.href, /orderBy=-modifiedDate/);
    });

    it('pages of 2 cover every connection once, with next/previous links', t, async () => {
      const seen = [];
      for (const [page, count, hasPrev, hasNext] of [[1, 2, false, true], [2, 2, true, true], [3, 1, true, false]]) {
        const res = await sdk.connections.list({ companyId: company.id, page, pageSize: 2 });
        assert.equal(res.pageNumber, page);
        assert.equal(res.pageSize, 2);
        assert.equal(res.totalResults, 5, `totalResults on page ${page}`);
        assert.equal(res.results.length, count, `results on page ${page}`);
        assert.equal(Boolean(res.links.previous), hasPrev, `previous link on page ${page}`);
        assert.equal(Boolean(res.links.next), hasNext, `next link on page ${page}`);
        assert.match(res.links.current.href, new RegExp(`page=${page}`));
        assert.match(res.links.current.href, /pageSize=2/);
        seen.push(...res.results.map((c) => c.id));
      }
      assert.deepEqual(seen, all.map((c) => c.id), 'pages concatenate to the default order without gaps or repeats');
      const past = await sdk.connections.list({ companyId: company.id, page: 4, pageSize: 2 });
      assert.equal(past.totalResults, 5);
      assert.deepEqual(past.results, []);
      assert.equal(past.links.next, undefined);
    });

    it('query filters by status, platform and combinations; totalResults counts after filtering', t, async () => {
      const cases = [
        ['status=Linked', [ids.a]],
        ['status=Unlinked', [ids.e]],
        ['status=PendingAuth', [ids.b, ids.c, ids.d]],
        ['platformName=Xero', [ids.d, ids.e]],
        ['status=PendingAuth&&platformName=Sandbox', [ids.b, ids.c]],
        ['{status=Linked||status=Unlinked}', [ids.a, ids.e]],
        [`id=${ids.c}`, [ids.c]],
        ['platformName~Sand', [ids.a, ids.b, ids.c]],
        ['status!=PendingAuth', [ids.a, ids.e]],
      ];
      for (const [query, expected] of cases) {
        const res = await sdk.connections.list({ companyId: company.id, query });
        assert.equal(res.totalResults, expected.length, `totalResults for ${query}`);
        assert.deepEqual(res.results.map((c) => c.id).sort(), [...expected].sort(), `results for ${query}`);
      }
    });

    it('query by created date compares dates', t, async () => {
      const before = await sdk.connections.list({ companyId: company.id, query: 'created<2000-01-01T00:00:00Z' });
      assert.equal(before.totalResults, 0);
      const after = await sdk.connections.list({ companyId: company.id, query: 'created>2000-01-01T00:00:00Z' });
      assert.equal(after.totalResults, 5);
    });

    it('query, orderBy and paging together', t, async () => {
      const res = await sdk.connections.list({
        companyId: company.id, query: 'status=PendingAuth', orderBy: '-created', page: 2, pageSize: 1,
      });
      assert.equal(res.totalResults, 3);
      assert.equal(res.pageNumber, 2);
      assert.equal(res.results.length, 1);
      const pending = all.filter((c) => c.status === 'PendingAuth').sort(byCreatedThenId).reverse();
      assert.equal(res.results[0].id, pending[1].id);
      assert.ok(res.links.previous && res.links.next);
      assert.match(res.links.current.href, /query=status%3DPendingAuth/);
      assert.match(res.links.current.href, /orderBy=-created/);
    });

    it('orderBy platformName ascending', t, async () => {
      const res = await sdk.connections.list({ companyId: company.id, orderBy: 'platformName' });
      assert.deepEqual(res.results.map((c) => c.platformName), ['Sandbox', 'Sandbox', 'Sandbox', 'Xero', 'Xero']);
    });

    it('a malformed query is a 400 ErrorMessage', t, async () => {
      const err = await expectApiError(sdk.connections.list({ companyId: company.id, query: 'status=Linked &&' }), 400);
      assert.equal(err.errorBody.error, 'Error parsing query - Malformed query.');
      const err2 = await expectApiError(sdk.connections.list({ companyId: company.id, query: '{status=Linked' }), 400);
      assert.equal(err2.errorBody.error, 'Error parsing query - Malformed query.');
    });

    it('a query on an unknown property is a 400 naming it', t, async () => {
      const err = await expectApiError(sdk.connections.list({ companyId: company.id, query: 'colour=blue' }), 400);
      assert.match(err.errorBody.error, /^Error parsing query - Could not resolve property colour on /);
    });

    it('an unknown orderBy property and out-of-range paging are 400s', t, async () => {
      await expectApiError(sdk.connections.list({ companyId: company.id, orderBy: 'colour' }), 400);
      await expectApiError(sdk.connections.list({ companyId: company.id, page: 0 }), 400);
      await expectApiError(sdk.connections.list({ companyId: company.id, pageSize: 0 }), 400);
      await expectApiError(sdk.connections.list({ companyId: company.id, pageSize: 5001 }), 400);
    });
  });

  describe('webhook consumers', () => {
    // A public address literal: consumer URLs are checked after DNS resolution, and the tests are offline.
    const url = 'https://93.184.216.34/codat-events';

    it('create answers the consumer with its signing secret; list shows it without; delete removes it', t, async () => {
      const created = await sdk.webhooks.createConsumer({ url, eventTypes: ['connection.deleted'], companyTags: ['region:uk'] });
      assert.equal(typeof created.id, 'string');
      assert.equal(created.url, url);
      assert.deepEqual(created.eventTypes, ['connection.deleted']);
      assert.deepEqual(created.companyTags, ['region:uk']);
      assert.equal(created.disabled, false);
      assert.match(lastRaw('POST', '/webhooks').secret, /^whsec_/);

      const listed = await sdk.webhooks.listConsumers();
      const mine = listed.results.find((c) => c.id === created.id);
      assert.ok(mine, 'the new consumer is listed');
      assert.equal(lastRaw('GET', '/webhooks').results.find((c) => c.id === created.id).secret, undefined);

      await sdk.webhooks.deleteConsumer({ webhookId: created.id });
      assert.ok(!(await sdk.webhooks.listConsumers()).results.some((c) => c.id === created.id), 'deleted');
      await expectApiError(sdk.webhooks.deleteConsumer({ webhookId: created.id }), 404);
    });

    it('a consumer URL that is not http(s) is a 400 ErrorMessage', t, async () => {
      await expectApiError(sdk.webhooks.createConsumer({ url: 'ftp://example.com/hooks', eventTypes: ['company.created'] }), 400);
    });
  });

  describe('errors through the SDK', () => {
    let company;

    before(async () => {
      company = await sdk.companies.create({ name: unique('ErrorsCo') });
    });

    it('an unknown connection is a 404 ErrorMessage with a correlationId', t, async () => {
      const err = await expectApiError(
        sdk.connections.get({ companyId: company.id, connectionId: crypto.randomUUID() }), 404);
      assert.equal(err.name, 'ErrorMessage');
      assert.equal(err.data$.statusCode, 404);
      assert.equal(err.correlationId, err.data$.correlationId);
      const id = err.data$.correlationId;
      const headerValues = [...err.headers.values()];
      assert.ok(headerValues.includes(id), `correlationId ${id} is in a response header`);
      // The server's log line for the request carries the same id (give the logger a moment).
      for (let i = 0; i < 20 && !server.logText().includes(id); i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok(server.logText().includes(id), `correlationId ${id} is in the server log`);
    });

    it('an unknown company is a 404 ErrorMessage', t, async () => {
      await expectApiError(sdk.companies.get({ companyId: crypto.randomUUID() }), 404);
      await expectApiError(sdk.connections.list({ companyId: crypto.randomUUID() }), 404);
      await expectApiError(
        sdk.connections.create({ companyId: crypto.randomUUID(), requestBody: { platformKey: 'mqjo' } }), 404);
    });

    it('a malformed query is a 400 ErrorMessage', t, async () => {
      const err = await expectApiError(sdk.companies.list({ query: '&&' }), 400);
      assert.equal(err.errorBody.error, 'Error parsing query - Malformed query.');
    });

    it('a wrong API key is a 401 ErrorMessage', t, async () => {
      const wrongKey = crypto.randomBytes(16).toString('hex');
      const { sdk: wrong } = makeSdk(server, { authHeader: `Basic ${Buffer.from(wrongKey).toString('base64')}` });
      await expectApiError(wrong.integrations.list({}), 401);
      await expectApiError(wrong.companies.list({}), 401);
      await expectApiError(wrong.connections.get({ companyId: company.id, connectionId: crypto.randomUUID() }), 401);
    });

    it('no Authorization header is a 401 ErrorMessage', t, async () => {
      const { sdk: anonymous } = makeSdk(server, { authHeader: null });
      await expectApiError(anonymous.companies.list({}), 401);
    });

    it('create with an unknown platform key is a 400 naming the key', t, async () => {
      const err = await expectApiError(
        sdk.connections.create({ companyId: company.id, requestBody: { platformKey: 'zzzz' } }), 400, 'SDKError');
      assert.match(err.errorBody.error, /zzzz/);
      const list = await sdk.connections.list({ companyId: company.id });
      assert.equal(list.totalResults, 0, 'a rejected create stores nothing');
    });

    it('unlinking a PendingAuth connection is a 409 with a reason', t, async () => {
      const c = await sdk.connections.create({ companyId: company.id, requestBody: { platformKey: 'mqjo' } });
      const err = await expectApiError(
        sdk.connections.unlink({ companyId: company.id, connectionId: c.id, updateConnectionStatus: { status: 'Unlinked' } }),
        409, 'SDKError');
      assert.match(err.errorBody.error, /PendingAuth/);
      assert.equal(err.errorBody.statusCode, 409);
    });
  });

  describe('the wire as sent', () => {
    it('the SDK reported zero response-validation errors', () => {
      assert.deepEqual(validationFailures, [], validationFailures.map((f) => f.message).join('\n\n'));
    });

    it('every JSON response is application/json with no null values', () => {
      assert.ok(exchanges.length > 50, `recorded ${exchanges.length} exchanges`);
      const findNull = (value, at) => {
        if (value === null) return at;
        if (typeof value === 'object') {
          for (const [k, v] of Object.entries(value)) {
            const found = findNull(v, `${at}.${k}`);
            if (found) return found;
          }
        }
        return null;
      };
      for (const x of exchanges) {
        if (!x.text) continue;
        assert.match(x.contentType, /^application\/json\b/i, `${x.method} ${x.path} ${x.status} content-type`);
        const nullAt = findNull(JSON.parse(x.text), '$');
        assert.equal(nullAt, null, `${x.method} ${x.path} ${x.status} has null at ${nullAt}: ${x.text}`);
      }
    });

    it('every response carries the rate-limit headers, and none was a 429 (the SDK would retry it silently)', () => {
      for (const x of exchanges) {
        for (const h of ['x-rate-limit-limit', 'x-rate-limit-remaining', 'x-rate-limit-reset']) {
          assert.match(x.headers[h] ?? '', /^\d+$/, `${x.method} ${x.path} ${x.status}: header ${h}`);
        }
      }
      assert.deepEqual(exchanges.filter((x) => x.status === 429).map((x) => `${x.method} ${x.path}`), []);
    });

    it('every timestamp is UTC ISO 8601 with a Z', () => {
      const check = (value, at, x) => {
        if (value && typeof value === 'object') {
          for (const [k, v] of Object.entries(value)) {
            if (typeof v === 'string' && /^(created|lastSync|modifiedDate|.*Utc|generatedDate)$/.test(k)) {
              assert.match(v, ISO_UTC, `${x.method} ${x.path}: ${at}.${k} = ${v}`);
            }
            check(v, `${at}.${k}`, x);
          }
        }
      };
      for (const x of exchanges) {
        if (x.text && x.status < 300) check(JSON.parse(x.text), '$', x);
      }
    });
  });
});
