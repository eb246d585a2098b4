// Asks the real yaml-language-server (the engine of VS Code's YAML extension) for completions
// in scenario files that use the given schema; prints {case: [labels]} as JSON.
// Run by harness/tests/editor.rs: node complete.js SCHEMA NODE_MODULES
const { spawn } = require('child_process');
module.paths.unshift(process.argv[3]);
const path = require('path');
const schema = 'file://' + path.resolve(process.argv[2]);
const server = spawn(process.execPath, [require.resolve('yaml-language-server/bin/yaml-language-server'), '--stdio']);
let buf = Buffer.alloc(0), id = 0; const waiting = {};
server.stdout.on('data', d => {
  buf = Buffer.concat([buf, d]);
  for (;;) {
    const s = buf.toString('latin1'); const h = s.indexOf('\r\n\r\n'); if (h < 0) return;
    const len = +/Content-Length: (\d+)/.exec(s.slice(0, h))[1];
    if (buf.length < h + 4 + len) return;
    const msg = JSON.parse(buf.slice(h + 4, h + 4 + len).toString('utf8')); buf = buf.slice(h + 4 + len);
    if (msg.id !== undefined && waiting[msg.id]) { waiting[msg.id](msg); delete waiting[msg.id]; }
    else if (msg.method === 'workspace/configuration') send({ jsonrpc: '2.0', id: msg.id, result: msg.params.items.map(() => ({ validate: true, completion: true, hover: true })) });
  }
});
function send(m) { const b = Buffer.from(JSON.stringify(m), 'utf8'); server.stdin.write(`Content-Length: ${b.length}\r\n\r\n`); server.stdin.write(b); }
function request(method, params) { return new Promise(r => { const i = ++id; waiting[i] = r; send({ jsonrpc: '2.0', id: i, method, params }); }); }
const cases = [
  ['top-level keys', 'id: t\ntitle: t\n|'],
  ['step names', 'steps:\n  - |'],
  ['profile', 'profile: |'],
  ['covers', 'covers:\n  - |'],
  ['open', 'steps:\n  - open: |'],
  ['press', 'steps:\n  - press: |'],
  ['screen', 'steps:\n  - screen: |'],
  ['fill', 'steps:\n  - fill:\n      |'],
  // Inside a flow mapping (the docs' style) the server completes a key once it is begun.
  ['fill flow', 'steps:\n  - fill: { ユ| }'],
  ['press flow', 'steps:\n  - press: { button: ロ| }'],
];
(async () => {
  await request('initialize', { processId: null, rootUri: null, capabilities: { textDocument: { completion: { completionItem: { snippetSupport: false } } } } });
  send({ jsonrpc: '2.0', method: 'initialized', params: {} });
  let n = 0; const out = {};
  for (const [name, text] of cases) {
    const full = `# yaml-language-server: $schema=${schema}\n` + text;
    const before = full.slice(0, full.indexOf('|')).split('\n');
    const uri = `file:///tmp/case${++n}.yaml`;
    send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text: full.replace('|', '') } } });
    const r = await request('textDocument/completion', { textDocument: { uri }, position: { line: before.length - 1, character: before[before.length - 1].length } });
    const items = (r.result && (r.result.items || r.result)) || [];
    out[name] = items.map(i => i.label);
  }
  console.log(JSON.stringify(out));
  server.kill(); process.exit(0);
})();
