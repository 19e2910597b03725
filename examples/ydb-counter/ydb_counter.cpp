// An HTTP counter in a YDB document table: each call atomically adds 1 to the
// item {"id": {"S": <name>}} with one UpdateItem (ADD hits :one, ReturnValues
// UPDATED_NEW), through the database's Document API with the function's IAM
// token, and answers the new value.
//
// Environment:
//   YDB_DOCAPI_ENDPOINT  required: the database's Document API endpoint
//   TABLE                optional: the table (default counters), its key `id` (String)
//
// Query parameter `name` (default "default") names the counter. It answers
// 200 {"id", "hits": <the new value, a number>}; 500 config.missing without
// YDB_DOCAPI_ENDPOINT (no request); 400 for a name the table would refuse;
// 502 (504 on a timeout) with the Document API's error.
#include <string>

#include <ycfn/clients/docapi_async.hpp>
#include <ycfn/handler.hpp>

namespace {

namespace docapi = ycfn::docapi;

ycfn::Async<ycfn::Response> ydb_counter(const ycfn::Request& request, ycfn::Context& context) {
  std::string name = "default";
  if (const ycfn::HttpRequest* http = request.http()) {
    if (auto given = http->query().get("name"); given && !given->empty()) name = std::string(*given);
  }
  if (name.size() > 256) co_return ycfn::Response::failure("counter.bad_name", "name is over 256 bytes", 400);

  docapi::UpdateItemRequest add;
  add.table = context.env("TABLE", "counters");
  add.key = {{"id", docapi::Value::string(name)}};
  add.update = "ADD hits :one";
  add.values = {{":one", docapi::Value::number(1)}};
  add.return_values = "UPDATED_NEW";
  auto updated = co_await docapi::update_item(context, std::move(add));
  if (!updated) {
    const ycfn::Error& error = updated.error();
    const int status = error.code == "config.missing"            ? 500
                       : error.code == "docapi.invalid_argument" ? 400
                       : error.code == "fetch.timeout"           ? 504
                                                                 : 502;
    co_return ycfn::Response::from_error(error, status);
  }
  const auto hits = updated->find("hits");
  const auto value = hits != updated->end() ? hits->second.as_int() : std::nullopt;
  if (!value) co_return ycfn::Response::failure("docapi.bad_reply", "the reply has no numeric hits", 502);
  co_return ycfn::Response::json({{"id", name}, {"hits", *value}});
}

}  // namespace

YCFN_HANDLER_WITH_TOKEN(ydb_counter)
