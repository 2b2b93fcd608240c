// A scripted Sparkplug B edge node on Eclipse Tahu's npm packages (sparkplug-client and
// sparkplug-payload), the independent side of Takt's integration test:
//   wait for the host's STATE online -> NBIRTH, DBIRTH Filler and Capper -> DDATA (counts,
//   a PackML state change, a text state) -> a DDATA whose seq skips 3 values -> wait for the
//   host's NCMD "Node Control/Rebirth" -> NBIRTH and DBIRTHs again -> DDEATH Capper -> NDEATH.
// Prints one JSON line per step; exits 0 when done, 1 on error or after --timeout-ms.
// With --hold 1 it stops after the first DDATA and stays in session (step "holding") until it
// is killed: a live edge whose host goes away.
//
//   node edge_node.js --url mqtt://127.0.0.1:1883 --group G --node N --host-id takt-test
'use strict';

const mqtt = require('mqtt');
const sparkplug = require('sparkplug-client');
const payloads = require('sparkplug-payload').get('spBv1.0');

const args = {url: '', group: 'G', node: 'N', 'host-id': 'takt', 'timeout-ms': '30000', hold: '0'};
for (let i = 2; i + 1 < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const {url, group, node} = args;

function step(name, extra) {
  console.log(JSON.stringify(Object.assign({step: name, time: Date.now()}, extra || {})));
}
function fail(message) {
  console.error('edge_node: ' + message);
  process.exit(1);
}
const timeout = setTimeout(() => fail('timed out'), Number(args['timeout-ms']));

// A primary host's edge waits for its STATE online before births (spec 5, birth sequence).
// A separate connection: sparkplug-client decodes every message it receives as protobuf.
function waitForHost() {
  return new Promise((resolve) => {
    const watch = mqtt.connect(url, {clientId: 'edge-watch-' + node, clean: true});
    watch.on('connect', () => watch.subscribe('spBv1.0/STATE/' + args['host-id'], {qos: 1}));
    watch.on('message', (topic, message) => {
      let state = null;
      try {
        state = JSON.parse(message.toString());
      } catch (e) {
        return;
      }
      if (state && state.online === true) {
        watch.end();
        resolve(state);
      }
    });
  });
}

async function main() {
  const state = await waitForHost();
  step('host_online', {timestamp: state.timestamp});

  const client = sparkplug.newClient({
    serverUrl: url,
    groupId: group,
    edgeNode: node,
    clientId: 'edge-' + node,
    username: '',
    password: '',
    publishDeath: true,
    version: 'spBv1.0',
    keepalive: 5,
  });
  let phase = 'start';
  let good = 100;

  function births() {
    const t = Date.now();
    // sparkplug-client adds bdSeq and seq 0 to the NBIRTH.
    client.publishNodeBirth({
      timestamp: t,
      metrics: [
        {name: 'Node Control/Rebirth', type: 'Boolean', value: false, timestamp: t},
        {name: 'Line/Rate', alias: 1, type: 'Double', value: 42.5, timestamp: t},
      ],
    });
    client.publishDeviceBirth('Filler', {
      timestamp: t,
      metrics: [
        {name: 'PackML/StateCurrent', alias: 10, type: 'Int32', value: 6, timestamp: t},
        {name: 'Counters/Good', alias: 11, type: 'UInt64', value: good, timestamp: t},
        {name: 'Counters/RejectDelta', alias: 12, type: 'UInt32', value: 0, timestamp: t},
        {name: 'Temp', alias: 13, type: 'Double', value: 21.5, timestamp: t},
      ],
    });
    client.publishDeviceBirth('Capper', {
      timestamp: t,
      metrics: [{name: 'State', alias: 20, type: 'String', value: 'running', timestamp: t}],
    });
  }

  function data() {
    let t = Date.now();
    good = 110;
    // DATA by alias only (no name), as the spec recommends once aliases are born.
    client.publishDeviceData('Filler', {
      timestamp: t,
      metrics: [
        {alias: 11, type: 'UInt64', value: good, timestamp: t},
        {alias: 12, type: 'UInt32', value: 2, timestamp: t},
      ],
    });
    client.publishDeviceData('Filler', {timestamp: t, metrics: [{alias: 10, type: 'Int32', value: 11, timestamp: t}]});
    client.publishDeviceData('Capper', {timestamp: t, metrics: [{alias: 20, type: 'String', value: 'idle'}]});
    step('data');
    if (args.hold === '1') {
      clearTimeout(timeout);
      phase = 'holding';
      step('holding');
      return;
    }
    // The gap: skip three seq values. sparkplug-client numbers every message itself, so this one
    // is encoded with sparkplug-payload and published raw on the client's own connection (one
    // connection keeps the order).
    good = 120;
    t = Date.now();
    const next = client.seq % 256;
    const seq = (next + 3) % 256;
    const bytes = payloads.encodePayload({timestamp: t, seq: seq, metrics: [{alias: 11, type: 'UInt64', value: good, timestamp: t}]});
    client.client.publish('spBv1.0/' + group + '/DDATA/' + node + '/Filler', Buffer.from(bytes));
    client.seq = seq + 1;
    phase = 'gap';
    step('gap', {expected: next, sent: seq});
  }

  function deaths() {
    client.publishDeviceData('Filler', {timestamp: Date.now(), metrics: [{alias: 11, type: 'UInt64', value: 131, timestamp: Date.now()}]});
    client.publishDeviceDeath('Capper', {timestamp: Date.now()});
    step('ddeath');
    // stop() publishes the NDEATH (bdSeq as in the NBIRTH) before disconnecting.
    setTimeout(() => {
      client.stop();
      step('ndeath');
      setTimeout(() => {
        step('done');
        process.exit(0);
      }, 300);
    }, 200);
  }

  client.on('birth', () => {
    if (phase !== 'start') return;
    phase = 'born';
    births();
    step('births');
    data();
  });
  client.on('ncmd', (payload) => {
    const rebirth = (payload.metrics || []).find((m) => m.name === 'Node Control/Rebirth');
    if (!rebirth || rebirth.value !== true) return;
    step('rebirth_requested', {phase: phase});
    if (phase !== 'gap') return;  // only the gap should have asked
    phase = 'reborn';
    good = 130;
    births();
    step('reborn');
    deaths();
  });
  client.on('error', (e) => fail('mqtt error: ' + e));
}

main().catch((e) => fail(e.stack || String(e)));
