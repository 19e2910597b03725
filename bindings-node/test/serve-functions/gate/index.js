// Waits for the test: when the event names a `gate` URL, the call GETs it and
// finishes only once the test answers it, then logs "gate passed" with the
// event. Lets a test see what a client got while a call was still running.
const http = require('http');

function pass(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      res.resume();
      res.on('end', resolve);
    }).on('error', reject);
  });
}

exports.main = async function (event) {
  if (event && typeof event === 'object' && !Array.isArray(event) && event.gate) await pass(event.gate);
  console.log(`gate passed ${JSON.stringify(event)}`);
  return { statusCode: 200, body: JSON.stringify({ seen: event }) };
};
