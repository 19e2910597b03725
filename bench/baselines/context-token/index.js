// Baseline: the documented Node.js "IAM token from the handler context" function,
// as it is written in the Yandex Cloud Functions docs, except that the body is the
// token as a JSON string (what examples/context-token answers: the platform would
// serialize the object the same way).
exports.main = async (event, context) => ({
  statusCode: 200,
  headers: { 'content-type': 'text/plain' },
  isBase64Encoded: false,
  body: JSON.stringify(context.token),
});
