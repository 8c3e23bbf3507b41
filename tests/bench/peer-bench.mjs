// Times the two ODK-family evaluators on the conformance expressions, the
// same way tests/bench/bench.c times intake: documents and evaluators are
// built once per case, then only evaluate() calls are timed (median of 5
// one-second runs).  Setup of the peers: ../shared/xlsform.md section 0.
//
//   XPATHPEER_DIR=/path/to/peers TZ=UTC node tests/bench/peer-bench.mjs tests/data/xpath-cases.tsv
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(path.join(path.resolve(process.env.XPATHPEER_DIR), 'noop.js'));
const { JSDOM } = require('jsdom');
const dom = new JSDOM('');
globalThis.document = dom.window.document;
for (const k of ['XPathResult', 'XPathEvaluator', 'Node', 'Element', 'Document', 'XMLDocument',
  'DOMParser', 'Attr', 'Text', 'DocumentFragment', 'CDATASection', 'Comment',
  'ProcessingInstruction', 'NodeFilter']) if (dom.window[k] !== undefined) globalThis[k] = dom.window[k];
const parser = new dom.window.DOMParser();
const NS = { jr: 'http://openrosa.org/javarosa', orx: 'http://openrosa.org/xforms' };
const nsResolver = { lookupNamespaceURI: (p) => NS[p] ?? null };
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// <data> with one element per name=value (grp/x nests, repeats repeat)
function instance(ctx) {
  const root = { name: 'data', children: [] }, counters = new Map(), paths = new Map();
  const child = (node, name, index) => {
    const same = node.children.filter((c) => c.name === name);
    while (same.length <= index) { const c = { name, children: [] }; node.children.push(c); same.push(c); }
    return same[index];
  };
  for (const part of (ctx || '').split(';').filter(Boolean)) {
    const eq = part.indexOf('='), key = part.slice(0, eq), value = part.slice(eq + 1);
    const segs = key === '.' ? ['dot_'] : key.split('/');
    const n = counters.get(key) ?? 0; counters.set(key, n + 1);
    let node = root;
    segs.forEach((seg, i) => { node = child(node, seg, i === segs.length - 1 ? (segs.length === 1 ? n : 0) : (i === segs.length - 2 ? n : 0)); });
    node.value = value;
    segs.forEach((seg, i) => { if (!paths.has(seg)) paths.set(seg, '/data/' + segs.slice(0, i + 1).join('/')); });
  }
  const ser = (nd) => nd.children.length ? `<${nd.name}>${nd.children.map(ser).join('')}</${nd.name}>` : `<${nd.name}>${esc(nd.value ?? '')}</${nd.name}>`;
  return { xml: ser(root), paths, dot: (ctx || '').split(';').some((p) => p.startsWith('.=')) };
}

// --cases: also each case alone, "PEER case ROW US" lines (median of 5 runs
// of 20 ms of CPU time, as bench.c measures it; ROW is the TSV line,
// header = 1), for tests/bench/xpath-ratio.sh
const perCase = process.argv.includes('--cases');
const tsv = process.argv.slice(2).find((a) => !a.startsWith('--'));
const cases = readFileSync(tsv, 'utf8').split('\n').map((l, i) => ({ l, row: i + 1 })).slice(1)
  .filter(({ l }) => l.trim())
  .map(({ l, row }) => { const [expr, ctx] = l.split('\t'); return { expr, ctx, row }; });

const entry = require.resolve('@getodk/xpath');
globalThis.__dirname = path.dirname(entry);
const wf = await import(pathToFileURL(entry).href);
const orxe = require('openrosa-xpath-evaluator')();

const peers = {
  webforms: (c) => {
    const doc = parser.parseFromString(c.xml, 'text/xml');
    const ev = new wf.XFormsXPathEvaluator({ rootNode: doc, domAdapter: wf.DEFAULT_DOM_ADAPTER, timeZoneId: 'UTC',
      itextTranslationsByLanguage: new Map(), secondaryInstancesById: new Map() });
    const node = c.dot ? doc.getElementsByTagName('dot_')[0] : doc.documentElement;
    return () => ev.evaluate(c.expr, node, nsResolver, XPathResult.STRING_TYPE).stringValue;
  },
  orxe: (c) => {
    const doc = parser.parseFromString(c.xml, 'application/xml');
    const node = c.dot ? doc.getElementsByTagName('dot_')[0] : doc.documentElement;
    return () => orxe.evaluate(c.expr, node, nsResolver, XPathResult.STRING_TYPE).stringValue;
  },
};

for (const [name, make] of Object.entries(peers)) {
  const runs = [];
  for (const c of cases) {
    const { xml, paths, dot } = instance(c.ctx);
    const expr = c.expr.replace(/\$\{([^}]+)\}/g, (_, n) => paths.get(n) ?? `/data/${n}`);
    try { const f = make({ xml, expr, dot }); f(); f.row = c.row; runs.push(f); } catch { /* a case this peer cannot run */ }
  }
  const rates = [];
  for (let r = 0; r < 5; r++) {
    let count = 0; const t0 = performance.now();
    while (performance.now() - t0 < 1000) { for (const f of runs) { try { f(); } catch { } count++; } }
    rates.push(count / ((performance.now() - t0) / 1000));
  }
  rates.sort((a, b) => a - b);
  console.log(`${name}: ${runs.length} cases; evaluation median ${Math.round(rates[2])} per second (${(1e6 / rates[2]).toFixed(2)} us each)`);
  if (perCase) {
    for (const f of runs) {
      const us = [];
      for (let r = 0; r < 5; r++) {
        const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; }; // µs
        let count = 0; const t0 = cpu(); let t;
        do { for (let k = 0; k < 100; k++) { try { f(); } catch { } } count += 100; } while ((t = cpu() - t0) < 20000);
        us.push(t / count);
      }
      us.sort((a, b) => a - b);
      console.log(`${name} case ${f.row} ${us[2].toFixed(4)}`);
    }
  }
}
