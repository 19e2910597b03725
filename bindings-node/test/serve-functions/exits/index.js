// Exits the process mid-call (as a crash would), unless ?quick=1.
let calls = 0;
exports.main = async function (event) {
  calls += 1;
  if ((event.queryStringParameters || {}).quick) return { statusCode: 200, body: `calls=${calls}` };
  console.log('about to exit');
  process.exit(3);
};
