#!/usr/bin/env node
// Test-vector generator for Taskcluster.Client.
//
// Loads the official JavaScript client (the exact version pinned in package.json), feeds it the
// api and exchanges references given on the command line, and writes what that client produces for
// unsigned URLs, bewit-signed URLs and AMQP binding patterns. The C# SDK is tested against the result.
//
//   node tests/oracle/generate.mjs <references.json> <out.json>
//
// The output depends only on the references file and the pinned packages: the clock is frozen, every
// input value is derived deterministically, and the JSON is written in a fixed layout.
// See README.md beside this file for the format and for the rules observed in the client.

import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

const [refsPath, outPath] = process.argv.slice(2);
if (!refsPath || !outPath || process.argv.length !== 4) {
  process.stderr.write('usage: node generate.mjs <references.json> <out.json>\n');
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Frozen clock. hawk keeps its own reference to Date.now, taken when its module is first loaded,
// so the stub has to be in place before the client (and with it hawk) is imported.
// ---------------------------------------------------------------------------------------------
const BASE_NOW_SECONDS = 1764590400; // 2025-12-01T12:00:00Z
let frozenMs = BASE_NOW_SECONDS * 1000;
Date.now = () => frozenMs;

const tc = (await import('taskcluster-client')).default;
const clientDir = path.join(here, 'node_modules', 'taskcluster-client');
const requireFromClient = createRequire(path.join(clientDir, 'package.json'));
const hawk = requireFromClient('hawk');

const versionOf = (req, name) => JSON.parse(fs.readFileSync(req.resolve(`${name}/package.json`), 'utf8')).version;
const clientVersion = JSON.parse(fs.readFileSync(path.join(clientDir, 'package.json'), 'utf8')).version;
const hawkVersion = versionOf(requireFromClient, 'hawk');
const libUrlsVersion = versionOf(requireFromClient, 'taskcluster-lib-urls');

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------
const API_SCHEMA = /\/api-reference-v0\.json#$/;
const EXCHANGES_SCHEMA = /\/exchanges-reference-v0\.json#$/;

const documents = JSON.parse(fs.readFileSync(refsPath, 'utf8'));
if (!Array.isArray(documents)) {
  throw new Error(`${refsPath}: expected a JSON array of {filename, content}`);
}
const byService = (a, b) => (a.serviceName < b.serviceName ? -1 : a.serviceName > b.serviceName ? 1 : 0);
const apiRefs = documents.map(d => d.content).filter(c => c && API_SCHEMA.test(c.$schema || '')).sort(byService);
const exchangeRefs = documents.map(d => d.content).filter(c => c && EXCHANGES_SCHEMA.test(c.$schema || '')).sort(byService);
if (apiRefs.length === 0 || exchangeRefs.length === 0) {
  throw new Error(`${refsPath}: found ${apiRefs.length} api and ${exchangeRefs.length} exchanges references`);
}

// One client class per reference, built by the client's own factory from the reference as given
// (not from the copies bundled inside the package, which are older).
const pascal = s => s.split(/[^A-Za-z0-9]+/).filter(Boolean).map(w => w[0].toUpperCase() + w.slice(1)).join('');
const classCache = new Map();
const classFor = (ref, suffix) => {
  const key = `${ref.serviceName}/${suffix}`;
  if (!classCache.has(key)) {
    classCache.set(key, tc.createClient(ref, pascal(ref.serviceName) + suffix));
  }
  return classCache.get(key);
};
// serviceVersion is passed explicitly: left alone the client uses 'v1' whatever the reference says.
const apiClient = (ref, rootUrl, extra = {}) =>
  new (classFor(ref, ''))({ rootUrl, serviceVersion: ref.apiVersion, credentials: {}, ...extra });

// ---------------------------------------------------------------------------------------------
// Deterministic inputs
// ---------------------------------------------------------------------------------------------
const shortHash = (...parts) => crypto.createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 6);
const seedOf = (...parts) => parseInt(shortHash(...parts), 16);

const ROOT_URLS = ['https://tc.example.com', 'https://tc.example.com/', 'http://127.0.0.1:8080'];

// Values that need (or look like they need) percent-encoding in a path segment.
const SPECIAL_ARGS = [
  'a/b',
  'x y',
  'ü',
  '%41',
  '?#&=+',
  '..',
  "~!*'()",
  '.',
  ':@;,$',
  '"<>[]{}|\\^`',
  '\t\r\n',
  '日本 😀',
];

const QUERY_SPECIAL_A = 'a b&c=d+e/f ü';
const QUERY_SPECIAL_B = "?#%41~!*'()😀";

const plainArg = (service, entry, arg) => `${arg}-${shortHash(service, entry, arg)}`;
const plainQueryValue = (service, entry, key) => `${key}-${shortHash(service, entry, 'query', key)}`;
const plainRouting = (service, entry, key) => `${key}-${shortHash(service, entry, 'routing', key)}`;

const errorMessage = fn => {
  try {
    fn();
  } catch (err) {
    return `${err.name}: ${err.message}`;
  }
  throw new Error('expected an error');
};

// ---------------------------------------------------------------------------------------------
// urls
// ---------------------------------------------------------------------------------------------
const urls = [];

const buildUrl = (ref, entry, rootUrl, args, query) => {
  const client = apiClient(ref, rootUrl);
  const callArgs = [client[entry.name], ...args];
  if (query !== undefined) {
    callArgs.push(query);
  }
  return client.buildUrl(...callArgs);
};

const pushUrl = (caseName, ref, entry, rootUrl, args, query) => {
  urls.push({
    case: caseName,
    service: ref.serviceName,
    apiVersion: ref.apiVersion,
    entry: entry.name,
    rootUrl,
    args,
    query: query === undefined ? {} : query,
    url: buildUrl(ref, entry, rootUrl, args, query),
  });
};

for (const ref of apiRefs) {
  const service = ref.serviceName;
  for (const entry of ref.entries.filter(e => e.type === 'function')) {
    const plain = entry.args.map(a => plainArg(service, entry.name, a));
    const keys = entry.query || [];
    for (const rootUrl of ROOT_URLS) {
      pushUrl('plain', ref, entry, rootUrl, plain, undefined);
      if (entry.args.length > 0) {
        for (const special of SPECIAL_ARGS) {
          pushUrl(`special:${JSON.stringify(special)}`, ref, entry, rootUrl, entry.args.map(() => special), undefined);
        }
        const seed = seedOf(service, entry.name, 'mixed');
        pushUrl('mixed', ref, entry, rootUrl,
          entry.args.map((_, i) => SPECIAL_ARGS[(seed + i) % SPECIAL_ARGS.length]), undefined);
      }
      if (keys.length > 0) {
        const all = Object.fromEntries(keys.map(k => [k, plainQueryValue(service, entry.name, k)]));
        pushUrl('query:emptyObject', ref, entry, rootUrl, plain, {});
        pushUrl('query:all', ref, entry, rootUrl, plain, all);
        if (keys.length > 1) {
          pushUrl('query:first', ref, entry, rootUrl, plain, { [keys[0]]: all[keys[0]] });
          pushUrl('query:allReversed', ref, entry, rootUrl, plain,
            Object.fromEntries([...keys].reverse().map(k => [k, all[k]])));
        }
        pushUrl('query:specialA', ref, entry, rootUrl, plain, Object.fromEntries(keys.map(k => [k, QUERY_SPECIAL_A])));
        pushUrl('query:specialB', ref, entry, rootUrl, plain, Object.fromEntries(keys.map(k => [k, QUERY_SPECIAL_B])));
      }
    }
  }
}

// A few inputs outside the main grid: rootUrl shapes, non-string values the client also accepts.
const urlEdgeCases = [];
{
  const queue = apiRefs.find(r => r.serviceName === 'queue');
  const entryNamed = (ref, name) => ref.entries.find(e => e.type === 'function' && e.name === name);
  const task = entryNamed(queue, 'task');
  const listArtifacts = entryNamed(queue, 'listArtifacts');
  const getArtifact = entryNamed(queue, 'getArtifact');
  const push = (caseName, ref, entry, rootUrl, args, query) => {
    urlEdgeCases.push({
      case: caseName,
      service: ref.serviceName,
      apiVersion: ref.apiVersion,
      entry: entry.name,
      rootUrl,
      args,
      query: query === undefined ? {} : query,
      url: buildUrl(ref, entry, rootUrl, args, query),
    });
  };
  for (const rootUrl of [
    'https://tc.example.com//',
    'https://tc.example.com/deployment',
    'https://tc.example.com/deployment/',
    'https://TC.Example.COM',
    'https://tc.example.com:443',
    'http://localhost',
  ]) {
    push('rootUrl', queue, task, rootUrl, ['abc'], undefined);
  }
  push('arg:emptyString', queue, task, 'https://tc.example.com', [''], undefined);
  push('arg:number', queue, getArtifact, 'https://tc.example.com', ['abc', 0, 'public/x.log'], undefined);
  push('arg:slashesInName', queue, getArtifact, 'https://tc.example.com', ['abc', '1', 'public/logs/live.log'], undefined);
  push('query:number', queue, listArtifacts, 'https://tc.example.com', ['abc', '0'], { limit: 10 });
  push('query:emptyString', queue, listArtifacts, 'https://tc.example.com', ['abc', '0'], { continuationToken: '' });
  push('query:boolean', queue, listArtifacts, 'https://tc.example.com', ['abc', '0'], { limit: true });
  push('query:array', queue, listArtifacts, 'https://tc.example.com', ['abc', '0'], { continuationToken: ['x', 'y z'] });
  push('query:null', queue, listArtifacts, 'https://tc.example.com', ['abc', '0'], { continuationToken: null });
}

// ---------------------------------------------------------------------------------------------
// signedUrls
// ---------------------------------------------------------------------------------------------
const signedUrls = [];
const hawkServerRejections = [];

const CERTIFICATE = JSON.stringify({
  version: 1,
  scopes: ['queue:get-artifact:private/*'],
  start: 1764586800000,
  expiry: 1764594000000,
  seed: 'fixedSeedValueForTestVectorsOnly0123456789abcd',
  signature: 'c2lnbmF0dXJlLW5vdC1jaGVja2VkLWJ5LXRoZS1jbGllbnQ=',
  issuer: 'issuer-client',
});

const decodeBewit = signedUrl => {
  const raw = new URL(signedUrl).searchParams.get('bewit');
  // hawk turns the bewit string into bytes as latin1 (one byte per UTF-16 unit), so decode it the same way.
  const text = Buffer.from(raw.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1');
  const [id, exp, mac, ext] = text.split('\\');
  return { id, exp: Number(exp), mac, ext: ext === '' ? null : JSON.parse(Buffer.from(ext, 'base64').toString('utf8')) };
};

// Checks the signed URL string against hawk's own server-side verification, taking the path and
// query literally as they appear in the string, with the clock still frozen.
const hawkServerAccepts = async (signedUrl, clientId, accessToken) => {
  const m = /^(https?):\/\/([^/:?#]+)(?::(\d+))?(\/[^#]*)$/.exec(signedUrl);
  const port = m[3] ? Number(m[3]) : (m[1] === 'http' ? 80 : 443);
  try {
    await hawk.server.authenticateBewit(
      { method: 'GET', url: m[4], host: m[2].toLowerCase(), port },
      id => (id === clientId ? { id, key: accessToken, algorithm: 'sha256' } : null));
    return true;
  } catch (err) {
    return `${err.message}`;
  }
};

const signedCase = async v => {
  const { ref, entry } = v;
  frozenMs = v.nowMs;
  const client = apiClient(ref, v.rootUrl, {
    credentials: { clientId: v.clientId, accessToken: v.accessToken, certificate: v.certificate ?? undefined },
    ...(v.authorizedScopes !== null ? { authorizedScopes: v.authorizedScopes } : {}),
  });
  const callArgs = [client[entry.name], ...v.args];
  const supportsQuery = (entry.query || []).length > 0;
  if (v.query !== undefined || (supportsQuery && v.expirationSeconds !== null)) {
    callArgs.push(v.query ?? {});
  }
  if (v.expirationSeconds !== null) {
    callArgs.push({ expiration: v.expirationSeconds });
  }
  const url = client.buildSignedUrl(...callArgs);
  const bewit = decodeBewit(url);
  const expectedExp = Math.floor(v.nowMs / 1000) + (v.expirationSeconds || 900);
  if (bewit.exp !== expectedExp || bewit.id !== v.clientId) {
    throw new Error(`bewit ${JSON.stringify(bewit)} does not match the frozen clock (expected exp ${expectedExp})`);
  }
  const accepted = await hawkServerAccepts(url, v.clientId, v.accessToken);
  if (accepted !== true) {
    hawkServerRejections.push(`${v.case} ${ref.serviceName}.${entry.name}: ${accepted}`);
  }
  signedUrls.push({
    case: v.case,
    service: ref.serviceName,
    apiVersion: ref.apiVersion,
    entry: entry.name,
    rootUrl: v.rootUrl,
    args: v.args,
    query: v.query ?? {},
    clientId: v.clientId,
    accessToken: v.accessToken,
    authorizedScopes: v.authorizedScopes,
    certificate: v.certificate,
    now: Math.floor(v.nowMs / 1000),
    nowMs: v.nowMs,
    expirationSeconds: v.expirationSeconds,
    bewit,
    hawkServerAccepts: accepted === true,
    url,
  });
};

{
  const SIGNED_SERVICES = ['auth', 'index', 'queue', 'secrets'];
  const base = {
    rootUrl: 'https://tc.example.com',
    clientId: 'tester',
    accessToken: 'no-secret',
    authorizedScopes: null,
    certificate: null,
    nowMs: BASE_NOW_SECONDS * 1000,
    expirationSeconds: null,
    query: undefined,
  };
  const gets = [];
  for (const ref of apiRefs.filter(r => SIGNED_SERVICES.includes(r.serviceName))) {
    for (const entry of ref.entries.filter(e => e.type === 'function' && e.method === 'get')) {
      gets.push({ ref, entry, plain: entry.args.map(a => plainArg(ref.serviceName, entry.name, a)) });
    }
  }
  const find = (service, name) => gets.find(g => g.ref.serviceName === service && g.entry.name === name);

  // Every GET entry once, with plain arguments and the default expiration.
  for (const g of gets) {
    await signedCase({ ...base, case: 'plain', ref: g.ref, entry: g.entry, args: g.plain });
  }
  // Every GET entry that takes query options, with all of them and with awkward values.
  for (const g of gets.filter(x => (x.entry.query || []).length > 0)) {
    const keys = g.entry.query;
    await signedCase({ ...base, case: 'query:all', ref: g.ref, entry: g.entry, args: g.plain,
      query: Object.fromEntries(keys.map(k => [k, plainQueryValue(g.ref.serviceName, g.entry.name, k)])) });
    await signedCase({ ...base, case: 'query:specialA', ref: g.ref, entry: g.entry, args: g.plain,
      query: Object.fromEntries(keys.map(k => [k, QUERY_SPECIAL_A])) });
  }

  const task = find('queue', 'task');
  const artifact = find('queue', 'getArtifact');
  const latest = find('queue', 'getLatestArtifact');
  const secret = find('secrets', 'get');
  const listArtifacts = find('queue', 'listArtifacts');
  const indexed = find('index', 'findArtifactFromTask');

  // Arguments that need encoding (and the characters the client's URL parser escapes again).
  for (const special of SPECIAL_ARGS) {
    await signedCase({ ...base, case: `special:${JSON.stringify(special)}`, ref: artifact.ref, entry: artifact.entry,
      args: ['abc', '0', special] });
  }
  await signedCase({ ...base, case: 'special:artifactPath', ref: latest.ref, entry: latest.entry,
    args: ['fN1SbArXTPSVFNUvaOlinQ', 'public/logs/live backing.log'] });
  await signedCase({ ...base, case: 'special:indexPath', ref: indexed.ref, entry: indexed.entry,
    args: ['project.foo.latest', 'public/build/target.tar.gz'] });

  // rootUrl shapes.
  for (const rootUrl of ['https://tc.example.com/', 'http://127.0.0.1:8080', 'http://localhost', 'https://TC.Example.COM',
    'https://tc.example.com:443', 'https://tc.example.com/deployment']) {
    await signedCase({ ...base, case: 'rootUrl', rootUrl, ref: artifact.ref, entry: artifact.entry,
      args: ['abc', '0', 'public/x.log'] });
  }

  // Expiration and clock.
  for (const expirationSeconds of [1, 60, 900, 3600, 86400 * 31]) {
    await signedCase({ ...base, case: 'expiration', expirationSeconds, ref: task.ref, entry: task.entry, args: ['abc'] });
    await signedCase({ ...base, case: 'expiration', expirationSeconds, ref: listArtifacts.ref, entry: listArtifacts.entry,
      args: ['abc', '0'] });
  }
  await signedCase({ ...base, case: 'expiration:zeroMeansDefault', expirationSeconds: 0, ref: task.ref, entry: task.entry,
    args: ['abc'] });
  for (const nowMs of [0, 999, 1000, 1400000000123, 1764590400999, 4102444800500]) {
    await signedCase({ ...base, case: 'clock', nowMs, expirationSeconds: 300, ref: secret.ref, entry: secret.entry,
      args: ['garbage/my-secret'] });
  }

  // Credentials variants.
  for (const clientId of ['mozilla-auth0/ad|Mozilla-LDAP|someone/laptop', 'static/taskcluster/queue']) {
    await signedCase({ ...base, case: 'clientId', clientId, ref: task.ref, entry: task.entry, args: ['abc'] });
  }
  // Not a valid Taskcluster clientId (those are ASCII), but shows how the bewit string becomes bytes.
  await signedCase({ ...base, case: 'clientId:latin1', clientId: 'ü-client', ref: task.ref, entry: task.entry, args: ['abc'] });
  await signedCase({ ...base, case: 'accessToken', accessToken: 'aBcD-eFgH_iJkL0123456789abcdefghijklmnopqrs',
    ref: task.ref, entry: task.entry, args: ['abc'] });

  // authorizedScopes and certificates end up in the bewit's ext.
  const scopes = ['queue:get-artifact:private/build/*', 'secrets:get:garbage/*', 'assume:project:ü'];
  for (const g of [task, artifact, secret]) {
    await signedCase({ ...base, case: 'authorizedScopes', authorizedScopes: scopes, ref: g.ref, entry: g.entry, args: g.plain });
  }
  await signedCase({ ...base, case: 'authorizedScopes:empty', authorizedScopes: [], ref: task.ref, entry: task.entry,
    args: ['abc'] });
  await signedCase({ ...base, case: 'authorizedScopes:withQuery', authorizedScopes: scopes, expirationSeconds: 60,
    ref: listArtifacts.ref, entry: listArtifacts.entry, args: ['abc', '0'], query: { limit: '5' } });
  await signedCase({ ...base, case: 'certificate', certificate: CERTIFICATE, ref: artifact.ref, entry: artifact.entry,
    args: ['abc', '0', 'private/x.log'] });
  await signedCase({ ...base, case: 'certificate:authorizedScopes', certificate: CERTIFICATE,
    authorizedScopes: ['queue:get-artifact:private/x.log'], ref: artifact.ref, entry: artifact.entry,
    args: ['abc', '0', 'private/x.log'] });
}

// ---------------------------------------------------------------------------------------------
// bindings
// ---------------------------------------------------------------------------------------------
const bindings = [];

const pushBinding = (caseName, ref, entry, routing, rawPattern) => {
  const client = new (classFor(ref, 'Events'))({ rootUrl: 'https://tc.example.com' });
  const result = rawPattern !== null ? client[entry.name](rawPattern)
    : routing === null ? client[entry.name]() : client[entry.name](routing);
  bindings.push({
    case: caseName,
    service: ref.serviceName,
    entry: entry.name,
    exchangePrefix: ref.exchangePrefix,
    routing: routing ?? {},
    rawPattern,
    exchange: result.exchange,
    routingKeyPattern: result.routingKeyPattern,
  });
};

for (const ref of exchangeRefs) {
  const service = ref.serviceName;
  for (const entry of ref.entries.filter(e => e.type === 'topic-exchange')) {
    const free = entry.routingKey.filter(k => !k.constant);
    const value = k => plainRouting(service, entry.name, k.name);
    pushBinding('none', ref, entry, null, null);
    pushBinding('emptyObject', ref, entry, {}, null);
    if (free.length > 0) {
      pushBinding('one', ref, entry, { [free[0].name]: value(free[0]) }, null);
      const last = free[free.length - 1];
      if (free.length > 1) {
        pushBinding('oneLast', ref, entry, { [last.name]: value(last) }, null);
      }
      pushBinding('all', ref, entry, Object.fromEntries(free.map(k => [k.name, value(k)])), null);
      const single = free.find(k => !k.multipleWords);
      if (single) {
        pushBinding('number', ref, entry, { [single.name]: 0 }, null);
        pushBinding('explicitWildcards', ref, entry,
          Object.fromEntries(free.map(k => [k.name, k.multipleWords ? '#' : '*'])), null);
      }
    }
    for (const multi of free.filter(k => k.multipleWords)) {
      pushBinding('multiWordDots', ref, entry, { [multi.name]: 'foo.bar.baz' }, null);
      pushBinding('multiWordDotsAll', ref, entry,
        Object.fromEntries(free.map(k => [k.name, k === multi ? 'foo.bar.*.#' : value(k)])), null);
    }
    if (entry.routingKey.some(k => k.constant)) {
      pushBinding('constantGiven', ref, entry,
        Object.fromEntries(entry.routingKey.map(k => [k.name, `given-${k.name}`])), null);
    }
    pushBinding('unknownKey', ref, entry, { notARoutingKey: 'x' }, null);
    pushBinding('rawPattern', ref, entry, null, 'route.foo.#');
  }
}

// ---------------------------------------------------------------------------------------------
// errors: inputs the client refuses (messages are the JS client's own; only the refusal matters)
// ---------------------------------------------------------------------------------------------
const errors = [];
{
  const queue = apiRefs.find(r => r.serviceName === 'queue');
  const queueEvents = exchangeRefs.find(r => r.serviceName === 'queue');
  const fn = name => queue.entries.find(e => e.type === 'function' && e.name === name);
  const ex = name => queueEvents.entries.find(e => e.type === 'topic-exchange' && e.name === name);
  const rootUrl = 'https://tc.example.com';
  const urlError = (caseName, entryName, args, note) => {
    const client = apiClient(queue, rootUrl);
    errors.push({ kind: 'url', case: caseName, service: 'queue', entry: entryName, rootUrl, args: note ?? args,
      error: errorMessage(() => client.buildUrl(client[entryName], ...args)) });
  };
  urlError('tooFewArgs', 'task', []);
  urlError('tooManyArgs', 'task', ['abc', 'def']);
  urlError('unknownQueryKey', 'listArtifacts', ['abc', '0', { nope: '1' }]);
  urlError('argNull', 'task', [null]);
  urlError('argBoolean', 'task', [true]);
  urlError('loneSurrogate', 'task', ['\ud800'], ['\\ud800 (a lone UTF-16 surrogate)']);
  urlError('loneSurrogateInQuery', 'listArtifacts', ['abc', '0', { limit: '\ud800' }],
    ['abc', '0', { limit: '\\ud800 (a lone UTF-16 surrogate)' }]);

  const signer = apiClient(queue, rootUrl, { credentials: { clientId: 'tester', accessToken: 'no-secret' } });
  errors.push({ kind: 'signedUrl', case: 'notGet', service: 'queue', entry: 'createTask', rootUrl, args: ['abc'],
    error: errorMessage(() => signer.buildSignedUrl(signer.createTask, 'abc', {})) });
  errors.push({ kind: 'signedUrl', case: 'expirationNotNumber', service: 'queue', entry: 'task', rootUrl, args: ['abc'],
    error: errorMessage(() => signer.buildSignedUrl(signer.task, 'abc', { expiration: '60' })) });
  const anonymous = apiClient(queue, rootUrl);
  errors.push({ kind: 'signedUrl', case: 'noCredentials', service: 'queue', entry: 'task', rootUrl, args: ['abc'],
    error: errorMessage(() => anonymous.buildSignedUrl(anonymous.task, 'abc')) });

  const events = new (classFor(queueEvents, 'Events'))({ rootUrl });
  const bindingError = (caseName, entryName, routing) => {
    errors.push({ kind: 'binding', case: caseName, service: 'queue', entry: entryName, routing,
      error: errorMessage(() => events[entryName](routing)) });
  };
  bindingError('dotInSingleWord', 'taskCompleted', { taskId: 'a.b' });
  bindingError('booleanValue', 'taskCompleted', { taskId: true });
  if (!ex('taskCompleted')) {
    throw new Error('queue exchanges reference has no taskCompleted');
  }
}

// ---------------------------------------------------------------------------------------------
// Output: a fixed layout with one vector per line inside each array.
// ---------------------------------------------------------------------------------------------
const section = (name, items) =>
  `  ${JSON.stringify(name)}: [\n${items.map(i => `    ${JSON.stringify(i)}`).join(',\n')}\n  ]`;
const header = {
  generatedWith: `taskcluster-client ${clientVersion}`,
  dependencies: { hawk: hawkVersion, 'taskcluster-lib-urls': libUrlsVersion },
  generator: 'tests/oracle/generate.mjs',
  sources: {
    apiReferences: apiRefs.map(r => `${r.serviceName}/${r.apiVersion}`),
    exchangesReferences: exchangeRefs.map(r => `${r.serviceName}/${r.apiVersion}`),
  },
  counts: {
    urls: urls.length,
    urlEdgeCases: urlEdgeCases.length,
    signedUrls: signedUrls.length,
    bindings: bindings.length,
    errors: errors.length,
  },
};
const body = [
  ...Object.entries(header).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`),
  section('urls', urls),
  section('urlEdgeCases', urlEdgeCases),
  section('signedUrls', signedUrls),
  section('bindings', bindings),
  section('errors', errors),
].join(',\n');
const text = `{\n${body}\n}\n`;
JSON.parse(text); // the layout above must still be valid JSON

fs.mkdirSync(path.dirname(path.resolve(outPath)), { recursive: true });
fs.writeFileSync(outPath, text);
process.stderr.write(`wrote ${outPath}: ${JSON.stringify(header.counts)}\n`);
if (hawkServerRejections.length > 0) {
  process.stderr.write(`signed URLs that hawk's server check rejects (recorded as hawkServerAccepts=false):\n  ${hawkServerRejections.join('\n  ')}\n`);
}
