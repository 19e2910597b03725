// Baseline: examples/trigger-summary for a timer batch, written the way a
// Node.js developer would: one structured log line per message (the record
// ycfn prints: level, msg, requestId) and the same JSON reply
// ({"count", "messages": [{"event_id", "kind"}]}). bench/trigger-batch.js
// checks that both answer the same body.
'use strict';

const TIMER = 'yandex.cloud.events.serverless.triggers.TimerMessage';

exports.main = async (event, context) => {
  const messages = [];
  for (const message of event.messages) {
    const meta = message.event_metadata || {};
    const kind = meta.event_type === TIMER ? 'timer' : 'other';
    const id = typeof meta.event_id === 'string' ? meta.event_id : null;
    console.log(
      JSON.stringify({ level: 'INFO', msg: `message ${id === null ? 'without an id' : id} (${kind})`, requestId: context.requestId }),
    );
    messages.push({ event_id: id, kind });
  }
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ count: messages.length, messages }),
    isBase64Encoded: false,
  };
};
