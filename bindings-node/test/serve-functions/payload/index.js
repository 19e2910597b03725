// Answers what context.getPayload() returns for the request ({payload, isEvent}),
// or what it throws ({thrown: {name, code, message}}); with ?uncaught=1 (or a
// raw event {"uncaught": true}) it lets the error escape the handler.
exports.main = async function (event, context) {
  const q = event.queryStringParameters || {};
  if (q.uncaught || event.uncaught) context.getPayload();
  let answer;
  try {
    const payload = context.getPayload();
    answer = { payload, isEvent: payload === event };
  } catch (e) {
    answer = { thrown: { name: e.name, code: e.code, message: e.message } };
  }
  return { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(answer) };
};
