// Answers a 4 MB body: over the platform's 3.5 MB response limit.
exports.main = async function () {
  return { statusCode: 200, body: 'x'.repeat(4 * 1024 * 1024) };
};
