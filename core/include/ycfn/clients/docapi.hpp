// YDB document tables through the Document API of a serverless database
// (DynamoDB-compatible), with the invocation's IAM token:
//
//   POST {YDB_DOCAPI_ENDPOINT}
//   X-Amz-Target: DynamoDB_20120810.<Operation>
//   Content-Type: application/x-amz-json-1.0
//   {"TableName": ..., "Key": {"id": {"S": "a"}}, ...}
//
// YDB_DOCAPI_ENDPOINT is the database's own Document API endpoint (the
// console's "Document API endpoint"); there is no default (config.missing).
// Each operation is a request builder and a reply parser (see lockbox.hpp):
//
//   ycfn::docapi::UpdateItemRequest add;
//   add.table = "counters";
//   add.key = {{"id", ycfn::docapi::Value::string("home")}};
//   add.update = "ADD hits :one";
//   add.values = {{":one", ycfn::docapi::Value::number(1)}};
//   add.return_values = "UPDATED_NEW";
//   auto call = ycfn::docapi::update_item_call(context, add);
//   ... context.fetch(*call) ... ycfn::docapi::parse_update_item(reply)  // -> {"hits": N}
//
// Errors: docapi.invalid_argument, config.missing, fetch.*,
// docapi.condition_failed (ConditionalCheckFailedException),
// docapi.not_found (ResourceNotFoundException, 404), docapi.throttled
// (throughput exceeded, throttling; retryable), docapi.conflict
// (TransactionConflictException; retryable), docapi.denied,
// docapi.unavailable, docapi.rejected (ValidationException, other 4xx),
// docapi.bad_reply (docs/clients.md). Values: docapi.bad_value.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ycfn/context.hpp"
#include "ycfn/fetch.hpp"
#include "ycfn/result.hpp"

namespace ycfn::docapi {

inline constexpr std::string_view kEndpointVariable = "YDB_DOCAPI_ENDPOINT";
// Lists and maps nest at most this deep (DynamoDB's own limit).
inline constexpr std::size_t kMaxValueDepth = 32;

// One typed attribute value: S, N, B, BOOL, NULL, L, M, SS, NS or BS.
class Value {
 public:
  enum class Type { string, number, binary, boolean, null, list, map, string_set, number_set, binary_set };
  using Members = std::vector<std::pair<std::string, Value>>;  // a map's, sorted by name

  Value() = default;  // NULL
  static Value string(std::string text);
  static Value number(std::int64_t n);
  // A number as DynamoDB writes it ("-12.5e3"): docapi.bad_value unless it is
  // a decimal number (digits, an optional '-', fraction and exponent).
  static Result<Value> decimal(std::string text);
  static Value binary(std::string bytes);
  static Value boolean(bool b);
  static Value null() { return Value(); }
  static Value list(std::vector<Value> values);
  static Value map(const std::map<std::string, Value, std::less<>>& members);
  static Value string_set(std::vector<std::string> texts);
  static Value number_set(const std::vector<std::int64_t>& numbers);
  // An NS of decimal texts: docapi.bad_value unless each is one.
  static Result<Value> decimal_set(std::vector<std::string> decimals);
  static Value binary_set(std::vector<std::string> bytes);

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::null; }
  // The text of an S, else nullptr.
  const std::string* as_string() const { return type_ == Type::string ? &scalar_ : nullptr; }
  // The decimal text of an N, else nullptr.
  const std::string* as_number_text() const { return type_ == Type::number ? &scalar_ : nullptr; }
  // An N that is an integer within int64 ("12", not "1.5", "1e3"), else nullopt.
  std::optional<std::int64_t> as_int() const;
  // The bytes of a B, else nullptr.
  const std::string* as_binary() const { return type_ == Type::binary ? &scalar_ : nullptr; }
  std::optional<bool> as_bool() const;
  const std::vector<Value>* as_list() const { return type_ == Type::list ? &list_ : nullptr; }
  const Members* as_map() const { return type_ == Type::map ? &members_ : nullptr; }
  // A map's member `name`, else nullptr.
  const Value* get(std::string_view name) const;
  // The elements of an SS (texts), NS (decimal texts) or BS (bytes), else nullptr.
  const std::vector<std::string>* as_set() const;

  friend bool operator==(const Value& a, const Value& b);
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

 private:
  Type type_ = Type::null;
  std::string scalar_;  // S text, N decimal, B bytes
  bool boolean_ = false;
  std::vector<Value> list_;
  Members members_;
  std::vector<std::string> set_;
};

// An item, a key, or expression attribute values: attribute name -> value.
using Item = std::map<std::string, Value, std::less<>>;
// Expression attribute names: "#n" -> the attribute's name.
using Names = std::map<std::string, std::string, std::less<>>;

// The wire form: {"S": "..."}, {"N": "12"}, {"B": "<base64>"}, {"BOOL": true},
// {"NULL": true}, {"L": [...]}, {"M": {...}}, {"SS"|"NS"|"BS": [...]}.
// Strings that are not UTF-8 get U+FFFD for their bad bytes once sent (use B
// for bytes).
nlohmann::json to_json(const Value& value);
nlohmann::json to_json(const Item& item);
// And back: docapi.bad_value naming the attribute and what is wrong.
Result<Value> value_from_json(const nlohmann::json& json);
Result<Item> item_from_json(const nlohmann::json& json);

struct GetItemRequest {
  std::string table;
  Item key;
  bool consistent_read = false;
  std::string projection;  // ProjectionExpression, "" for every attribute
  Names names;
};

struct PutItemRequest {
  std::string table;
  Item item;
  std::string condition;  // ConditionExpression, e.g. "attribute_not_exists(id)"
  Names names;
  Item values;
  std::string return_values;  // "" (NONE) or "ALL_OLD"
};

struct UpdateItemRequest {
  std::string table;
  Item key;
  std::string update;  // UpdateExpression, e.g. "SET #n = :v ADD hits :one"
  std::string condition;
  Names names;
  Item values;
  std::string return_values;  // "", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"
};

struct DeleteItemRequest {
  std::string table;
  Item key;
  std::string condition;
  Names names;
  Item values;
  std::string return_values;  // "" (NONE) or "ALL_OLD"
};

struct QueryRequest {
  std::string table;
  std::string index;          // IndexName, "" for the table
  std::string key_condition;  // KeyConditionExpression, e.g. "id = :id"
  std::string filter;         // FilterExpression
  std::string projection;
  Names names;
  Item values;
  int limit = 0;  // 0: the service's default
  bool scan_forward = true;
  bool consistent_read = false;
  std::optional<Item> exclusive_start_key;  // the previous page's last_evaluated_key
};

struct QueryPage {
  std::vector<Item> items;
  std::optional<Item> last_evaluated_key;  // set when more pages follow
};

Result<HttpCall> get_item_call(const Context& context, const GetItemRequest& request);
// The item, or std::nullopt when the table has none with that key.
Result<std::optional<Item>> parse_get_item(const HttpReply& reply);

Result<HttpCall> put_item_call(const Context& context, const PutItemRequest& request);
// The attributes ReturnValues asked for (empty otherwise).
Result<Item> parse_put_item(const HttpReply& reply);

Result<HttpCall> update_item_call(const Context& context, const UpdateItemRequest& request);
Result<Item> parse_update_item(const HttpReply& reply);

Result<HttpCall> delete_item_call(const Context& context, const DeleteItemRequest& request);
Result<Item> parse_delete_item(const HttpReply& reply);

// One page; for every page, call again with exclusive_start_key set to the
// page's last_evaluated_key until it has none.
Result<HttpCall> query_call(const Context& context, const QueryRequest& request);
Result<QueryPage> parse_query(const HttpReply& reply);

}  // namespace ycfn::docapi
