// Baseline: the documented Node.js "IAM token via the metadata API" function
// (nodejs16: node-fetch 2.x), one request to the metadata service per call.
// The only change: the host comes from YC_METADATA_ADDR when it is set, so the
// benchmark can point it at the loopback emulator.
const fetch = require('node-fetch');

const METADATA_HOST = process.env.YC_METADATA_ADDR || '169.254.169.254';

exports.main = async (event, context) => {
  const resp = await fetch(`http://${METADATA_HOST}/computeMetadata/v1/instance/service-accounts/default/token`, {
    headers: { 'Metadata-Flavor': 'Google' },
  });
  return {
    statusCode: 200,
    body: await resp.json(),
  };
};
