// The Document API's operations: requests (DynamoDB JSON 1.0) and replies.
#include <utility>

#include "ycfn/clients/docapi.hpp"
#include "ycfn/detail/client.hpp"
#include "ycfn/detail/utf8.hpp"
#include "ycfn/json.hpp"
#include "ycfn/retry.hpp"

namespace ycfn::docapi {

namespace {

constexpr client::Operation kGetItem{"docapi", "get_item"};
constexpr client::Operation kPutItem{"docapi", "put_item"};
constexpr client::Operation kUpdateItem{"docapi", "update_item"};
constexpr client::Operation kDeleteItem{"docapi", "delete_item"};
constexpr client::Operation kQuery{"docapi", "query"};

constexpr std::size_t kMaxTableNameBytes = 255;

// {"__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
//  "message": "..."}: the part after '#' is the code ("Message" also seen).
client::ServiceError read_docapi_error(const HttpReply& reply) {
  auto body = json::parse(reply.body());
  if (!body) return {};
  client::ServiceError out;
  if (auto type = json::get_string(*body, "__type")) {
    const auto hash = type->rfind('#');
    out.code = std::string(hash == std::string_view::npos ? *type : type->substr(hash + 1));
  }
  auto message = json::get_string(*body, "message");
  if (!message) message = json::get_string(*body, "Message");
  if (message) out.message = std::string(*message);
  return out;
}

bool is_throttling(std::string_view name) {
  return name == "ProvisionedThroughputExceededException" || name == "ThrottlingException" ||
         name == "RequestLimitExceeded";
}

// The service's exception names that say more than the status does.
Error docapi_error(const HttpReply& reply, client::Operation op) {
  const client::ServiceError service = reply.ok() ? read_docapi_error(reply) : client::ServiceError{};
  const std::string& name = service.code;
  std::string_view code;
  bool retryable = false;
  if (name == "ConditionalCheckFailedException") {
    code = "docapi.condition_failed";
  } else if (name == "ResourceNotFoundException") {
    code = "docapi.not_found";
  } else if (is_throttling(name)) {
    code = "docapi.throttled";
    retryable = true;
  } else if (name == "TransactionConflictException") {
    code = "docapi.conflict";
    retryable = true;
  } else if (name == "AccessDeniedException" || name == "UnrecognizedClientException") {
    code = "docapi.denied";
  } else if (name == "ValidationException" || name == "SerializationException") {
    code = "docapi.rejected";
  }
  Error error = client::reply_error(reply, op, read_docapi_error, code);
  if (!code.empty()) error.retryable = retryable;
  return error;
}

std::optional<Error> check_table(const std::string& table, client::Operation op) {
  if (table.empty() || table.size() > kMaxTableNameBytes || !is_valid_utf8(table)) {
    return client::invalid_argument(op, "the table name must be 1..255 bytes of UTF-8");
  }
  return std::nullopt;
}

void add_expressions(nlohmann::json& body, const Names& names, const Item& values) {
  if (!names.empty()) {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& [placeholder, name] : names) object[placeholder] = name;
    body["ExpressionAttributeNames"] = std::move(object);
  }
  if (!values.empty()) body["ExpressionAttributeValues"] = to_json(values);
}

void add_if(nlohmann::json& body, const char* name, const std::string& text) {
  if (!text.empty()) body[name] = text;
}

// retry_transient, with the Document API's throttling (a 400 naming one of
// the exceptions above) judged as the 429 it means.
RetryDecision retry_idempotent(const RetryInput& input) {
  const HttpReply& reply = input.reply;
  if (reply.ok() && reply.status() == 400 && is_throttling(read_docapi_error(reply).code)) {
    const HttpReply throttled =
        HttpReply::received(429, reply.headers(), {}, reply.url(), reply.duration_ms());
    return retry_transient(RetryInput{throttled, input.attempt, input.invocation_retries, input.now_ms,
                                      input.deadline_ms, input.reserve_ms, input.min_attempt_ms,
                                      input.request_id});
  }
  return retry_transient(input);
}

// POST {endpoint} with the operation's target, the body as JSON 1.0; retried
// on transient failures when the operation is `idempotent` (docs/clients.md).
Result<HttpCall> call(const Context& context, client::Operation op, std::string_view target,
                      const nlohmann::json& body, bool idempotent) {
  auto endpoint = client::required_endpoint(context, kEndpointVariable, op);
  if (!endpoint) return endpoint.error();
  return HttpCall::post(std::move(endpoint).value(), json::dump(body), "application/x-amz-json-1.0")
      .header("X-Amz-Target", "DynamoDB_20120810." + std::string(target))
      .with_token()
      .retry(idempotent ? retry_idempotent : nullptr);
}

// The success reply's JSON object, or the error.
Result<nlohmann::json> reply_body(const HttpReply& reply, client::Operation op) {
  if (!reply.success()) return docapi_error(reply, op);
  return client::json_body(reply, op);
}

// body[name] as an item: empty when absent.
Result<Item> item_field(const nlohmann::json& body, const char* name, client::Operation op) {
  const nlohmann::json* field = json::find(body, name);
  if (field == nullptr) return Item{};
  auto item = item_from_json(*field);
  if (!item) return client::bad_reply(op, std::string(name) + ": " + item.error().message);
  return item;
}

Result<Item> attributes(const HttpReply& reply, client::Operation op) {
  auto body = reply_body(reply, op);
  if (!body) return body.error();
  return item_field(*body, "Attributes", op);
}

}  // namespace

Result<HttpCall> get_item_call(const Context& context, const GetItemRequest& request) {
  if (auto bad = check_table(request.table, kGetItem)) return *bad;
  if (request.key.empty()) return client::invalid_argument(kGetItem, "the key has no attributes");
  nlohmann::json body = {{"TableName", request.table}, {"Key", to_json(request.key)}};
  if (request.consistent_read) body["ConsistentRead"] = true;
  add_if(body, "ProjectionExpression", request.projection);
  add_expressions(body, request.names, {});
  return call(context, kGetItem, "GetItem", body, true);
}

Result<std::optional<Item>> parse_get_item(const HttpReply& reply) {
  auto body = reply_body(reply, kGetItem);
  if (!body) return body.error();
  if (json::find(*body, "Item") == nullptr) return std::optional<Item>();  // no such item
  auto item = item_field(*body, "Item", kGetItem);
  if (!item) return item.error();
  return std::optional<Item>(std::move(item).value());
}

Result<HttpCall> put_item_call(const Context& context, const PutItemRequest& request) {
  if (auto bad = check_table(request.table, kPutItem)) return *bad;
  if (request.item.empty()) return client::invalid_argument(kPutItem, "the item has no attributes");
  nlohmann::json body = {{"TableName", request.table}, {"Item", to_json(request.item)}};
  add_if(body, "ConditionExpression", request.condition);
  add_if(body, "ReturnValues", request.return_values);
  add_expressions(body, request.names, request.values);
  return call(context, kPutItem, "PutItem", body, true);
}

Result<Item> parse_put_item(const HttpReply& reply) { return attributes(reply, kPutItem); }

Result<HttpCall> update_item_call(const Context& context, const UpdateItemRequest& request) {
  if (auto bad = check_table(request.table, kUpdateItem)) return *bad;
  if (request.key.empty()) return client::invalid_argument(kUpdateItem, "the key has no attributes");
  if (request.update.empty()) return client::invalid_argument(kUpdateItem, "the update expression is empty");
  nlohmann::json body = {
      {"TableName", request.table}, {"Key", to_json(request.key)}, {"UpdateExpression", request.update}};
  add_if(body, "ConditionExpression", request.condition);
  add_if(body, "ReturnValues", request.return_values);
  add_expressions(body, request.names, request.values);
  return call(context, kUpdateItem, "UpdateItem", body, false);
}

Result<Item> parse_update_item(const HttpReply& reply) { return attributes(reply, kUpdateItem); }

Result<HttpCall> delete_item_call(const Context& context, const DeleteItemRequest& request) {
  if (auto bad = check_table(request.table, kDeleteItem)) return *bad;
  if (request.key.empty()) return client::invalid_argument(kDeleteItem, "the key has no attributes");
  nlohmann::json body = {{"TableName", request.table}, {"Key", to_json(request.key)}};
  add_if(body, "ConditionExpression", request.condition);
  add_if(body, "ReturnValues", request.return_values);
  add_expressions(body, request.names, request.values);
  return call(context, kDeleteItem, "DeleteItem", body, true);
}

Result<Item> parse_delete_item(const HttpReply& reply) { return attributes(reply, kDeleteItem); }

Result<HttpCall> query_call(const Context& context, const QueryRequest& request) {
  if (auto bad = check_table(request.table, kQuery)) return *bad;
  if (request.key_condition.empty()) {
    return client::invalid_argument(kQuery, "the key condition expression is empty");
  }
  if (request.limit < 0) return client::invalid_argument(kQuery, "the limit must be 0 (none) or more");
  nlohmann::json body = {{"TableName", request.table}, {"KeyConditionExpression", request.key_condition}};
  add_if(body, "IndexName", request.index);
  add_if(body, "FilterExpression", request.filter);
  add_if(body, "ProjectionExpression", request.projection);
  if (request.limit > 0) body["Limit"] = request.limit;
  if (!request.scan_forward) body["ScanIndexForward"] = false;
  if (request.consistent_read) body["ConsistentRead"] = true;
  if (request.exclusive_start_key) body["ExclusiveStartKey"] = to_json(*request.exclusive_start_key);
  add_expressions(body, request.names, request.values);
  return call(context, kQuery, "Query", body, true);
}

Result<QueryPage> parse_query(const HttpReply& reply) {
  auto body = reply_body(reply, kQuery);
  if (!body) return body.error();
  QueryPage page;
  if (const nlohmann::json* items = json::find(*body, "Items")) {
    if (!items->is_array()) return client::bad_reply(kQuery, "Items is not an array");
    for (std::size_t i = 0; i < items->size(); ++i) {
      auto item = item_from_json((*items)[i]);
      if (!item)
        return client::bad_reply(kQuery, "Items[" + std::to_string(i) + "]: " + item.error().message);
      page.items.push_back(std::move(item).value());
    }
  }
  if (json::find(*body, "LastEvaluatedKey") != nullptr) {
    auto key = item_field(*body, "LastEvaluatedKey", kQuery);
    if (!key) return key.error();
    page.last_evaluated_key = std::move(key).value();
  }
  return page;
}

}  // namespace ycfn::docapi
