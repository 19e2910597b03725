module.exports.handler = function (event, context) {
    console.log("event", event);
    console.log("context", context);

    return {
        statusCode: 200,
        body: JSON.stringify({
            event: event,
            context: context
        })
    };
};
