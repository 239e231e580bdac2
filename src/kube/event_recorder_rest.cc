// RestEventSink: Events written through RestClient (kept apart from the recorder, which is
// tested without a server).
#include "kube/event_recorder.h"
#include "kube/gvk.h"

namespace kro::kube {
namespace {

const GroupVersionResource kEvents{"", "v1", "events"};

}  // namespace

RestEventSink::RestEventSink(RestClient client) : client_(std::move(client)) {}

ApiResult<Json> RestEventSink::create(const std::string& ns, const Json& event) {
  return client_.create(kEvents, ns, event);
}

ApiResult<Json> RestEventSink::patch(const std::string& ns, const std::string& name,
                                     const Json& merge_patch) {
  return client_.patch(kEvents, ns, name, PatchType::kMerge, to_json(merge_patch));
}

}  // namespace kro::kube
