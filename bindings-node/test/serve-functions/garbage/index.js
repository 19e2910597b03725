// Returns results the platform cannot use; ?kind= picks which.
exports.main = async function (event) {
  const kind = (event.queryStringParameters || {}).kind;
  if (kind === 'status') return { statusCode: 'two hundred', body: 'x' };
  if (kind === 'header') return { statusCode: 200, headers: { Via: '1.1 somewhere' }, body: 'x' };
  if (kind === 'nothing') return undefined;
  return 'garbage';
};
