const fetch = require("node-fetch");
let url = 'http://169.254.169.254/computeMetadata/v1/instance/service-accounts/default/token';
let headers = {'Metadata-Flavor': 'Google'};

exports.main = async function (event) {
    const resp = await fetch(url, {
        headers: headers,
    });
    return {
        code: resp.status,
        body: await resp.text()
    };
};
