// A synchronous handler that returns nothing: the platform's runtime calls that an error.
exports.main = function () {};
