// What the Object Storage operations share (storage.cpp, storage_list.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ycfn/context.hpp"
#include "ycfn/detail/client.hpp"
#include "ycfn/result.hpp"

namespace ycfn::storage {

// {endpoint}/{bucket}, or invalid_argument when the bucket name breaks S3's
// rules (3..63 of a-z 0-9 . -, a letter or digit at each end).
Result<std::string> bucket_url(const Context& context, std::string_view bucket, client::Operation op);

// S3's <Error><Code>NoSuchKey</Code><Message>...</Message></Error>.
client::ServiceError read_s3_error(const HttpReply& reply);

// A decimal integer of 0..INT64_MAX, nothing else.
std::optional<std::int64_t> parse_size(std::string_view text);

}  // namespace ycfn::storage
