// Checks Takt's OpenAPI document with a standard validator (swagger-parser), then every HTTP
// exchange the API tests logged (tests/support/http_client.cc, TAKT_CONTRACT_LOG) against it:
// the route is documented, the status is one the operation declares, the reply has the declared
// content type and matches its schema (an event stream: each event's data matches the schema
// its name maps to), and a request that succeeded matches the documented query parameters and
// request body. So the document and the server cannot drift apart.
//
//   node validate.mjs OPENAPI.json LOG_DIR [--min-operations N]
import fs from 'node:fs';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const [docPath, logDir, ...rest] = process.argv.slice(2);
const minOperations = rest[0] === '--min-operations' ? Number(rest[1]) : 0;
const doc = JSON.parse(fs.readFileSync(docPath, 'utf8'));

try {
  await SwaggerParser.validate(structuredClone(doc));
} catch (e) {
  console.error(`the OpenAPI document is not valid: ${e.message}`);
  process.exit(1);
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'takt', components: doc.components });
const compiled = new Map();
function validator(schema) {
  const key = JSON.stringify(schema);
  if (!compiled.has(key)) {
    // References point into the document's components, registered above as 'takt'.
    const rewritten = JSON.parse(key.replaceAll('"#/components/', '"takt#/components/'));
    compiled.set(key, ajv.compile(rewritten));
  }
  return compiled.get(key);
}

// Path templates as patterns, most literal first so /lots/{id}/move beats /lots/{id}.
const routes = [];
for (const [template, item] of Object.entries(doc.paths)) {
  const pattern = new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/]+') + '$');
  routes.push({ template, item, pattern, literal: template.replace(/\{[^}]+\}/g, '').length });
}
routes.sort((a, b) => b.literal - a.literal);

function coerce(value, schema) {
  const types = [schema?.type].flat();
  if (types.includes('integer') || types.includes('number')) {
    const n = Number(value);
    return value !== '' && !Number.isNaN(n) ? n : value;
  }
  if (types.includes('boolean')) return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

function describe(errors) {
  return (errors || []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
}

// A server-sent event stream: the data of each whole event against the schema its name maps to
// (the stream schema's x-takt-events); an event the document does not name is a violation.
function checkEvents(schema, text, fail) {
  const events = schema['x-takt-events'];
  if (!events) return;
  const blocks = text.replaceAll('\r\n', '\n').split('\n\n');
  blocks.pop(); // cut off when the test stopped reading, or empty
  for (const block of blocks) {
    let name = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue; // a comment (heartbeat)
      const at = line.indexOf(':');
      const field = at < 0 ? line : line.slice(0, at);
      const value = at < 0 ? '' : line.slice(at + 1).replace(/^ /, '');
      if (field === 'event') name = value;
      else if (field === 'data') data.push(value);
    }
    if (!data.length) continue;
    if (!events[name]) {
      fail(`event ${name} is not in the document`);
      continue;
    }
    let parsed;
    try {
      parsed = JSON.parse(data.join('\n'));
    } catch {
      fail(`event ${name}: its data is not JSON`);
      continue;
    }
    const v = validator(events[name]);
    if (!v(parsed)) fail(`event ${name}: ${describe(v.errors)}`);
  }
}

const failures = [];
const exercised = new Set();
let exchanges = 0;
const files = fs.existsSync(logDir) ? fs.readdirSync(logDir).filter((f) => f.endsWith('.jsonl')) : [];
for (const file of files) {
  for (const line of fs.readFileSync(path.join(logDir, file), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let x;
    try {
      x = JSON.parse(line);
    } catch {
      failures.push(`${file}: a log line that is not JSON (${line.length} bytes)`);
      continue;
    }
    exchanges++;
    const where = `${x.method} ${x.target} -> ${x.status}`;
    const fail = (what) => failures.push(`${where}: ${what}`);
    const [pathPart, queryPart = ''] = x.target.split('?');
    const route = routes.find((r) => r.pattern.test(pathPart.replace(/\/$/, '') || '/'));
    const op = route?.item[x.method.toLowerCase()];
    if (!op) {
      // Only refusals may concern paths and methods the document does not have.
      if (x.status !== 404 && x.status !== 405 && x.status !== 400) fail('not in the document');
      continue;
    }
    exercised.add(`${x.method} ${route.template}`);
    const declared = op.responses[String(x.status)] ?? op.responses[`${String(x.status)[0]}XX`];
    if (!declared) {
      fail(`status not declared (declares ${Object.keys(op.responses).join(', ')})`);
      continue;
    }
    const ok = x.status >= 200 && x.status < 300;
    if (ok) {
      // The request: its query parameters and body are what the document says.
      const params = Object.fromEntries((op.parameters || []).filter((p) => p.in === 'query').map((p) => [p.name, p]));
      const given = new URLSearchParams(queryPart);
      for (const [name, value] of given) {
        if (!params[name]) fail(`query parameter ${name} is not documented`);
        else if (!validator(params[name].schema)(coerce(value, params[name].schema)))
          fail(`query parameter ${name}=${value}: ${describe(validator(params[name].schema).errors)}`);
      }
      for (const p of Object.values(params)) if (p.required && !given.has(p.name)) fail(`required ${p.name} missing`);
      const body = op.requestBody?.content?.['application/json']?.schema;
      if (body && x.request.trim()) {
        let parsed;
        try {
          parsed = JSON.parse(x.request);
        } catch {
          fail('accepted a request body that is not JSON');
        }
        if (parsed !== undefined) {
          const v = validator(body);
          if (!v(parsed)) fail(`request body: ${describe(v.errors)}`);
        }
      } else if (!op.requestBody && x.request.trim() && x.request.trim() !== '{}') {
        fail('accepted a body the document does not declare');
      }
    }
    // The reply: its content type and body.
    const content = declared.content;
    if (!content) continue;
    const [type] = Object.keys(content);
    if (!x.content_type.startsWith(type)) {
      fail(`content type ${x.content_type}, declared ${type}`);
      continue;
    }
    if (type === 'text/event-stream') {
      checkEvents(content[type].schema, x.response, fail);
      continue;
    }
    if (type !== 'application/json') continue;
    let reply;
    try {
      reply = JSON.parse(x.response);
    } catch {
      fail('reply is not JSON');
      continue;
    }
    const v = validator(content[type].schema);
    if (!v(reply)) fail(`reply: ${describe(v.errors)}`);
  }
}

const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
console.log(`${exchanges} exchanges checked against ${operations} documented operations; ${exercised.size} exercised`);
if (exercised.size < minOperations) {
  console.error(`expected the tests to exercise at least ${minOperations} operations`);
  process.exit(1);
}
if (failures.length) {
  const distinct = [...new Set(failures)];
  console.error(`${distinct.length} contract violations:`);
  for (const f of distinct.slice(0, 200)) console.error('  ' + f);
  process.exit(1);
}
