// The job of the platform's tutorial "a trigger that stops VM instances": any
// event (a timer trigger, an HTTP call) stops the folder's running instances,
// calling the Compute API with the function's IAM token.
//
// Environment:
//   FOLDER_ID            required: the folder whose instances are listed
//   STOP_LABEL           optional, key=value: only instances whose label `key` is `value`
//   YC_COMPUTE_ENDPOINT  optional base URL (default https://compute.api.cloud.yandex.net)
//
// It lists GET {endpoint}/compute/v1/instances?folderId=..., page after page
// (nextPageToken sent back as pageToken), then POSTs
// {endpoint}/compute/v1/instances/{id}:stop for every RUNNING instance that
// matches, all at once. It answers 200 {"stopped": [ids], "failed": [{"id",
// "status"}]} once the listing succeeded (a stop that fails is listed, the
// others still happen); a listing that fails in any way answers an error and
// stops nothing.
#include <memory>
#include <string>
#include <vector>

#include <ycfn/handler.hpp>

namespace {

constexpr const char* kDefaultEndpoint = "https://compute.api.cloud.yandex.net";
// A listing that is still paging after this many pages is not converging.
constexpr int kMaxPages = 1000;

struct Job {
  std::string endpoint;
  std::string folder;
  std::string label_key;  // empty: every instance
  std::string label_value;
  std::vector<std::string> to_stop;
  int pages = 0;
};

// Percent-encodes everything but RFC 3986's unreserved characters.
std::string url_encode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
                            (byte >= '0' && byte <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

ycfn::Response listing_failed(const std::string& why, int status = 502) {
  return ycfn::Response::failure(
      "compute.list_failed", "listing the folder's instances failed: " + why + "; no instance was stopped",
      status);
}

bool matches(const Job& job, const nlohmann::json& instance) {
  if (job.label_key.empty()) return true;
  const auto labels = instance.find("labels");
  if (labels == instance.end() || !labels->is_object()) return false;
  const auto value = labels->find(job.label_key);
  return value != labels->end() && value->is_string() &&
         value->get_ref<const std::string&>() == job.label_value;
}

// Takes one page's instances into the job; false when the page has the wrong shape.
bool take_page(Job& job, const nlohmann::json& page, std::string& next_token) {
  if (!page.is_object()) return false;
  if (const auto instances = page.find("instances"); instances != page.end()) {
    if (!instances->is_array()) return false;
    for (const auto& instance : *instances) {
      if (!instance.is_object()) return false;
      const auto id = instance.find("id");
      const auto status = instance.find("status");
      if (id == instance.end() || !id->is_string() || status == instance.end() || !status->is_string())
        return false;
      if (*status == "RUNNING" && matches(job, instance)) job.to_stop.push_back(id->get<std::string>());
    }
  }
  next_token.clear();
  if (const auto next = page.find("nextPageToken"); next != page.end() && !next->is_null()) {
    if (!next->is_string()) return false;
    next_token = next->get<std::string>();
  }
  return true;
}

ycfn::Task stop_all(const std::shared_ptr<Job>& job, ycfn::Context& context) {
  std::vector<ycfn::HttpCall> stops;
  for (const auto& id : job->to_stop) {
    stops.push_back(
        ycfn::HttpCall::post(job->endpoint + "/compute/v1/instances/" + url_encode(id) + ":stop", "{}")
            .with_token());
  }
  return context.fetch_all(std::move(stops))
      .then([job](std::vector<ycfn::HttpReply> replies, ycfn::Context& ctx) -> ycfn::Task {
        nlohmann::json stopped = nlohmann::json::array();
        nlohmann::json failed = nlohmann::json::array();
        for (std::size_t i = 0; i < replies.size(); ++i) {
          const ycfn::HttpReply& reply = replies[i];
          if (reply.success()) {
            stopped.push_back(job->to_stop[i]);
          } else {
            failed.push_back({{"id", job->to_stop[i]},
                              {"status", reply.ok() ? nlohmann::json(reply.status())
                                                    : nlohmann::json(reply.error().code)}});
          }
        }
        ctx.log().info("stopped " + std::to_string(stopped.size()) + " instance(s), " +
                       std::to_string(failed.size()) + " failed");
        return ycfn::Response::json({{"stopped", stopped}, {"failed", failed}});
      });
}

ycfn::Task list_page(const std::shared_ptr<Job>& job, const std::string& page_token, ycfn::Context& context) {
  std::string url = job->endpoint + "/compute/v1/instances?folderId=" + url_encode(job->folder);
  if (!page_token.empty()) url += "&pageToken=" + url_encode(page_token);
  return context.fetch(ycfn::HttpCall::get(url).with_token())
      .then([job, page_token](ycfn::HttpReply reply, ycfn::Context& ctx) -> ycfn::Task {
        if (!reply.ok())
          return listing_failed(reply.error().code, reply.error().code == "fetch.timeout" ? 504 : 502);
        if (!reply.success())
          return listing_failed("the Compute API answered " + std::to_string(reply.status()));
        auto page = reply.json();
        if (!page) return listing_failed("the reply is not JSON");
        std::string next;
        if (!take_page(*job, *page, next))
          return listing_failed("the reply does not have the shape of a listing");
        if (++job->pages >= kMaxPages || (!next.empty() && next == page_token)) {
          return listing_failed("the listing does not end (" + std::to_string(job->pages) + " pages)");
        }
        if (!next.empty()) return list_page(job, next, ctx);
        return stop_all(job, ctx);
      });
}

ycfn::Task stop_instances(const ycfn::Request& /*request*/, ycfn::Context& context) {
  auto job = std::make_shared<Job>();
  const auto folder = context.env("FOLDER_ID");
  if (!folder || folder->empty()) {
    return ycfn::Response::failure("config.missing", "set FOLDER_ID to the folder whose instances to stop",
                                   500);
  }
  job->folder = std::string(*folder);
  const auto endpoint = context.env("YC_COMPUTE_ENDPOINT");
  job->endpoint = endpoint && !endpoint->empty() ? std::string(*endpoint) : kDefaultEndpoint;
  while (!job->endpoint.empty() && job->endpoint.back() == '/') job->endpoint.pop_back();
  if (const auto label = context.env("STOP_LABEL"); label && !label->empty()) {
    const std::size_t eq = label->find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return ycfn::Response::failure("config.bad_label", "STOP_LABEL must be key=value", 500);
    }
    job->label_key = std::string(label->substr(0, eq));
    job->label_value = std::string(label->substr(eq + 1));
  }
  return list_page(job, "", context);
}

}  // namespace

YCFN_HANDLER_WITH_TOKEN(stop_instances)
