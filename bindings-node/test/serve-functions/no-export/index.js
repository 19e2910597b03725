// Exports something, but not `main`.
exports.handler = async function () {
  return { statusCode: 200, body: 'wrong name' };
};
