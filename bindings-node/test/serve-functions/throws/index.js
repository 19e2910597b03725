// Throws from inside the handler: the platform answers 502 with X-Function-Error.
class LuckError extends Error {
  constructor(message) {
    super(message);
    this.name = 'LuckError';
  }
}
exports.main = async function () {
  throw new LuckError('not so lucky');
};
