// RestLeaseApi: the elector's Lease verbs over RestClient (kept apart from the election logic,
// which is tested without a server).
#include "kube/gvk.h"
#include "kube/leader_election.h"

namespace kro::kube {
namespace {

const GroupVersionResource kLeases{"coordination.k8s.io", "v1", "leases"};

}  // namespace

RestLeaseApi::RestLeaseApi(RestClient client) : client_(std::move(client)) {}

ApiResult<Json> RestLeaseApi::get(const std::string& ns, const std::string& name) {
  return client_.get(kLeases, ns, name);
}
ApiResult<Json> RestLeaseApi::create(const std::string& ns, const Json& lease) {
  return client_.create(kLeases, ns, lease);
}
ApiResult<Json> RestLeaseApi::update(const std::string& ns, const Json& lease) {
  return client_.update(kLeases, ns, lease);
}

}  // namespace kro::kube
