import { readFileSync } from 'node:fs';
import { testApps } from '../../helpers/sfu.js';
import { body, contentTypes, offer, validBodies } from './bodies.js';
import { deepArray, deepObject, jsonText, mutate, names, oddValue, Raw, toJson, type Rng } from './random.js';
import { authHeader, oddSessionSegments } from './restRequests.js';
import type { FuzzRequest, Targets } from './types.js';

/* GraphQL requests: the repo's own operations with fuzzed variables, mangled and generated documents, odd transports. */

const [one] = testApps;

const operationsDocument = ['sessions.graphql', 'dataChannels.graphql']
  .map((file) => readFileSync(new URL(`../../../schema/operations/${file}`, import.meta.url), 'utf8'))
  .join('\n');
const smallDocuments = [
  '{ app { id name } }',
  '{ sessions { seq sessions { sessionId metadata connectionState tracks { mid trackName publisher { sessionId } } } } }',
  'mutation { createSession { __typename ... on CreateSessionPayload { sessionId } ... on Error { code message } } }',
  'query($id: ID!) { session(sessionId: $id) { __typename ... on Session { sessionId tracks { trackName status } } ... on Error { code message } } }',
  'mutation($id: ID!) { closeTracks(sessionId: $id, input: { mids: ["0"], force: true }) { __typename ... on Error { code } } }',
];
const graphqlWords = ['app', 'id', 'name', 'session', 'sessions', 'sessionId', 'tracks', 'publisher', 'metadata', 'dataChannels', 'createSession', 'addTracks', 'closeTracks', '__typename', '__schema', '__type', 'seq', 'code', 'nope', '__proto__', 'constructor', 'query', 'mutation', 'fragment', 'on', '...', '{', '}', '(', ')', ':', '$id', '!', '@skip', '"str"', '0', 'null', '[', ']'];

/** The document with tokens truncated, duplicated, dropped or replaced by schema words and junk. */
function mangleDocument(document: string, rng: Rng): string {
  let tokens: string[] = document.match(/\.\.\.|[A-Za-z_]\w*|\$\w*|-?\d+(?:\.\d+)?|"(?:[^"\\]|\\.)*"|\s+|./g) ?? [];
  for (let edits = 1 + rng.int(4); edits > 0; edits--) {
    const at = rng.int(tokens.length);
    const choice = rng.int(4);
    if (choice === 0) tokens = tokens.slice(0, at);
    else if (choice === 1) tokens.splice(at, 0, ...Array.from({ length: 1 + rng.int(50) }, () => tokens[at] ?? '{'));
    else if (choice === 2) tokens.splice(at, 1);
    else tokens[at] = ` ${rng.pick(graphqlWords)} `;
  }
  return tokens.join('');
}

function randomSelection(rng: Rng, depth: number): string {
  return Array.from({ length: 1 + rng.int(4) }, () => {
    const field = rng.pick(graphqlWords.slice(0, 17));
    const args = rng.chance(0.2) ? `(${rng.pick(['sessionId', 'room', 'input', 'x'])}: ${rng.pick(['"a"', '1', 'null', '{a: 1}', '[1]', '$id'])})` : '';
    return depth > 0 && rng.chance(0.5) ? `${field}${args} { ${randomSelection(rng, depth - 1)} }` : `${field}${args}`;
  }).join(' ');
}

const generatedDocuments: ((rng: Rng) => string)[] = [
  (rng) => `${rng.pick(['', 'query ', 'mutation '])}{ ${randomSelection(rng, 3)} }`,
  (rng) => {
    const levels = 1 + rng.int(8);
    return `{ sessions { sessions { ${'tracks { publisher { '.repeat(levels)}sessionId${' } }'.repeat(levels)} } } }`;
  },
  (rng) => `{ ${Array.from({ length: rng.pick([10, 31, 200]) }, (_, i) => `a${i}: app { id }`).join(' ')} }`,
  (rng) => `{ app { ${'id '.repeat(rng.pick([100, 3_000]))}} }`,
  (rng) => `{ app { id ${'@include(if: true) '.repeat(rng.pick([5, 60]))}} }`,
  () => 'fragment A on App { ...B } fragment B on App { ...A } { app { ...A } }',
  () => '{ __schema { types { name fields { name type { name ofType { name ofType { name } } } } } } }',
  () => `{ ${'['.repeat(3_000)} }`,
];

const operationNames = ['App', 'CreateSession', 'AddTracks', 'Renegotiate', 'UpdateTracks', 'CloseTracks', 'Session', 'Sessions', 'EstablishDataChannels', 'AddDataChannels', 'UpdateDataChannels', 'CloseDataChannels'];

function oddMetadata(rng: Rng): unknown {
  return rng.pick<() => unknown>([
    () => ({ name: 'fuzz', tags: ['a', 'b'] }), () => null, () => 1, () => 'x'.repeat(20_000), () => [1, [2, [3]]],
    () => deepObject(10_000), () => deepArray(16), () => deepArray(17), () => new Raw('{"__proto__":{"admin":true},"a":1,"a":2}'), () => oddValue(rng),
  ])();
}

function variablesFor(operation: string, t: Targets, rng: Rng): Record<string, unknown> {
  const sessionId = rng.chance(0.85) ? rng.pick(t.pathSessions) : rng.pick(['', rng.hex(32), ...oddSessionSegments]);
  switch (operation) {
    case 'CreateSession':
      return { input: { sessionDescription: rng.chance(0.5) ? offer(rng) : undefined, room: rng.pick(['lobby', ...names]), metadata: oddMetadata(rng), correlationId: 'fuzz', thirdparty: rng.chance(0.1) } };
    case 'AddTracks': return { sessionId, input: validBodies['addTracks']!(t, rng) };
    case 'Renegotiate': return { sessionId, ...(validBodies['renegotiate']!(t, rng) as object) };
    case 'UpdateTracks': return { sessionId, input: validBodies['updateTracks']!(t, rng) };
    case 'CloseTracks': return { sessionId, input: { mids: ['0', '1'], force: rng.chance(0.5) } };
    case 'Session': return { sessionId };
    case 'Sessions': return rng.chance(0.5) ? {} : { room: rng.pick(['lobby', ...names]) };
    case 'EstablishDataChannels': return { sessionId, input: validBodies['establish']!(t, rng) };
    case 'AddDataChannels': return { sessionId, input: validBodies['newDataChannels']!(t, rng) };
    case 'UpdateDataChannels': return { sessionId, input: validBodies['updateDataChannels']!(t, rng) };
    case 'CloseDataChannels': return { sessionId, input: { ids: [rng.int(4), rng.int(4)] } };
    default: return {};
  }
}

export function graphqlRequest(t: Targets, rng: Rng): FuzzRequest {
  const headers: Record<string, string> = {
    // Never text/event-stream: an SSE answer would stream for as long as the subscription lives.
    Accept: rng.pick(['application/json', 'application/graphql-response+json', 'application/graphql-response+json, application/json']),
    'Content-Type': 'application/json',
  };
  const auth = rng.chance(0.85) ? `Bearer ${one.secret}` : authHeader(rng, undefined);
  if (auth !== undefined) headers['Authorization'] = auth;
  const operationName = rng.pick(operationNames);
  const roll = rng.next();
  let payload: Record<string, unknown>;
  if (roll < 0.45) {
    const variables = variablesFor(operationName, t, rng);
    // The query last, so a failure's truncated body still shows the operation and variables.
    payload = { operationName, variables: rng.chance(0.6) ? mutate(variables, rng) : variables, query: operationsDocument };
  } else if (roll < 0.5) payload = { ...(rng.chance(0.5) ? { operationName: rng.pick(names) } : {}), query: operationsDocument };
  else if (roll < 0.65) payload = { query: mangleDocument(rng.chance(0.5) ? rng.pick(smallDocuments) : operationsDocument, rng), variables: { id: rng.pick(t.pathSessions) } };
  else if (roll < 0.85) payload = { query: rng.pick(generatedDocuments)(rng), variables: { id: rng.pick(t.pathSessions) } };
  else if (roll < 0.9) {
    const query = encodeURIComponent(rng.pick(smallDocuments));
    return { method: rng.pick(['GET', 'GET', 'PUT', 'DELETE', 'PATCH']), path: `/graphql?query=${query}&variables=${encodeURIComponent(toJson(rng.pick([{ id: 'x' }, 'x', []])))}`, headers };
  } else {
    const valid = { query: rng.pick(smallDocuments), variables: { id: rng.pick(t.pathSessions) } };
    return { method: 'POST', path: rng.pick(['/graphql', '/graphql/']), headers: { ...headers, 'Content-Type': rng.pick(contentTypes) ?? 'application/json' }, body: body(valid, rng) ?? '' };
  }
  return { method: 'POST', path: '/graphql', headers, body: jsonText(payload, rng), ...(rng.chance(0.05) ? { chunked: true } : {}) };
}
