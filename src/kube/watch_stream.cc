#include "kube/watch_stream.h"

namespace kro::kube {

std::string_view watch_event_type_name(WatchEventType t) {
  switch (t) {
    case WatchEventType::kAdded:
      return "ADDED";
    case WatchEventType::kModified:
      return "MODIFIED";
    case WatchEventType::kDeleted:
      return "DELETED";
    case WatchEventType::kBookmark:
      return "BOOKMARK";
  }
  return "";
}

std::string WatchEvent::resource_version() const {
  return object ? string_at(*object, "metadata.resourceVersion") : "";
}

ApiResult<WatchEvent> decode_watch_event(std::string_view line) {
  auto parsed = parse_json(line);
  if (!parsed.ok()) return decode_error("watch event is not JSON: " + parsed.error().message);
  if (!parsed->is_object()) return decode_error("watch event is not a JSON object");
  auto& o = parsed->get_object();
  auto t = o.find("type");
  if (t == o.end() || !t->value().is_string()) return decode_error("watch event has no type");
  auto obj = o.find("object");
  if (obj == o.end() || !obj->value().is_object()) return decode_error("watch event has no object");
  std::string_view type = t->value().get_string();
  if (type == "ERROR") return api_error_from_status(obj->value(), 0);
  WatchEvent ev;
  if (type == "ADDED")
    ev.type = WatchEventType::kAdded;
  else if (type == "MODIFIED")
    ev.type = WatchEventType::kModified;
  else if (type == "DELETED")
    ev.type = WatchEventType::kDeleted;
  else if (type == "BOOKMARK")
    ev.type = WatchEventType::kBookmark;
  else
    return decode_error("unknown watch event type \"" + std::string(type) + "\"");
  ev.object = make_document(std::move(obj->value()));
  return ev;
}

WatchStream::WatchStream(std::unique_ptr<HttpStream> http, std::string initial_resource_version)
    : http_(std::move(http)), rv_(std::move(initial_resource_version)) {}

WatchStream::~WatchStream() = default;

ApiResult<std::optional<WatchEvent>> WatchStream::next() {
  auto deliver = [this](std::string_view line) -> ApiResult<std::optional<WatchEvent>> {
    KRO_ASSIGN_OR_RETURN(WatchEvent ev, decode_watch_event(line));
    if (auto rv = ev.resource_version(); !rv.empty()) {
      std::lock_guard lock(rv_mu_);
      rv_ = std::move(rv);
    }
    return std::optional<WatchEvent>(std::move(ev));
  };
  while (true) {
    // Events are newline-delimited JSON; a chunk may hold several events or part of one.
    auto nl = buffer_.find('\n', scan_from_);
    if (nl != std::string::npos) {
      std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      scan_from_ = 0;
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
      if (line.empty()) continue;
      return deliver(line);
    }
    scan_from_ = buffer_.size();
    if (ended_) {
      if (buffer_.find_first_not_of(" \r\n") == std::string::npos)
        return std::optional<WatchEvent>();
      std::string rest = std::move(buffer_);  // a final event without its newline
      buffer_.clear();
      scan_from_ = 0;
      return deliver(rest);
    }
    KRO_ASSIGN_OR_RETURN(bool more, http_->read(buffer_));
    if (!more) ended_ = true;
  }
}

void WatchStream::cancel() { http_->cancel(); }

bool WatchStream::cancelled() const { return http_->cancelled(); }

std::string WatchStream::resource_version() const {
  std::lock_guard lock(rv_mu_);
  return rv_;
}

}  // namespace kro::kube
